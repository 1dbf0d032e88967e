"""Every query parameter of the read pages, fuzzed at routes that exist (each path must reach the
view meant): no 500, and nothing is written to Blend."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from apps.audit import views as audit_views
from apps.orders.views import list as order_list
from apps.patients.views import detail as patient_detail
from apps.patients.views import list as patient_list
from apps.prescribers.views import list as prescriber_list
from apps.search import views as search_views
from tests.fuzz.checks import send
from tests.fuzz.strategies import FUZZ, MAYBE, VALUE, query
from tests.orders.helpers import ALL_STATUSES

STATUS = st.one_of(st.sampled_from(ALL_STATUSES), VALUE)


def _get(client, sandbox, path, view, params, **extra):
    response, sent = send(client, sandbox, "get", path, view, params, **extra)
    assert sent == 0
    return response


@FUZZ
@given(
    params=query(
        status=st.one_of(st.none(), st.lists(STATUS, max_size=4)),
        unmatched=MAYBE,
        page=MAYBE,
        page_size=st.one_of(st.none(), st.sampled_from(["25", "50", "100"]), VALUE),
        q=MAYBE,
    ),
    htmx=st.booleans(),
)
def test_the_order_list_takes_any_filters(support_client, sandbox, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    _get(support_client, sandbox, "/orders/", order_list.order_list, params, headers=headers)


@FUZZ
@given(params=query(q=MAYBE, page=MAYBE, page_size=MAYBE), htmx=st.booleans())
def test_the_patient_list_takes_any_query(clinic_client, sandbox, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    _get(clinic_client, sandbox, "/patients/", patient_list.patient_list, params, headers=headers)


@FUZZ
@given(params=query(orders_page=MAYBE), htmx=st.booleans())
def test_the_patient_page_takes_any_orders_page(clinic_client, sandbox, params, htmx):
    patient = sorted(sandbox.state.patients.rows(), key=lambda row: row["id"])[0]
    headers = {"HX-Request": "true"} if htmx else {}
    path = f"/patients/{patient['id']}/"
    _get(clinic_client, sandbox, path, patient_detail.patient_detail, params, headers=headers)


@FUZZ
@given(params=query(q=MAYBE, page=MAYBE, page_size=MAYBE), htmx=st.booleans())
def test_the_prescriber_list_takes_any_query(clinic_client, sandbox, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    _get(clinic_client, sandbox, "/prescribers/", prescriber_list.prescriber_list, params, headers=headers)


@FUZZ
@given(params=query(q=MAYBE), htmx=st.booleans())
def test_the_global_search_takes_any_query(support_client, sandbox, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    _get(support_client, sandbox, "/search/", search_views.search_results, params, headers=headers)


AUDIT = query(
    user=MAYBE,
    action=MAYBE,
    target_id=MAYBE,
    date_from=st.one_of(st.none(), st.dates().map(str), VALUE),
    date_to=st.one_of(st.none(), st.dates().map(str), VALUE),
    page=MAYBE,
)


@FUZZ
@given(params=AUDIT, csv=st.booleans())
@example(params={"date_to": "9999-12-31"}, csv=False)
def test_the_audit_log_takes_any_filters(manager_client, sandbox, params, csv):
    if csv:
        params = {**params, "format": "csv"}
    response = _get(manager_client, sandbox, "/audit/", audit_views.audit_list, params)
    if csv and response.status_code == 200 and hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


@FUZZ
@given(params=AUDIT)
@example(params={"date_to": "9999-12-31"})
def test_the_audit_export_takes_any_filters(manager_client, sandbox, params):
    response = _get(manager_client, sandbox, "/audit/export.csv", audit_views.audit_export, params)
    if response.status_code == 200 and hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
