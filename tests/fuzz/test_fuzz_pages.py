"""Every query parameter of the read pages, fuzzed: no 500, and nothing is written to Blend."""

from __future__ import annotations

from hypothesis import example, given
from hypothesis import strategies as st

from tests.fuzz.strategies import FUZZ, MAYBE, VALUE, query
from tests.orders.helpers import ALL_STATUSES, writes

STATUS = st.one_of(st.sampled_from(ALL_STATUSES), VALUE)


def _get(client, sandbox, path, params, **extra):
    before = len(writes(sandbox))
    response = client.get(path, params, **extra)
    assert response.status_code < 500, (path, params, response.status_code)
    assert len(writes(sandbox)) == before
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
    _get(support_client, sandbox, "/orders/", params, headers=headers)


@FUZZ
@given(params=query(q=MAYBE, page=MAYBE, status=MAYBE), htmx=st.booleans())
def test_the_order_search_takes_any_query(support_client, sandbox, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    _get(support_client, sandbox, "/orders/search/", params, headers=headers)


@FUZZ
@given(params=query(q=MAYBE, page=MAYBE), htmx=st.booleans())
def test_the_patient_list_takes_any_query(clinic_client, sandbox, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    _get(clinic_client, sandbox, "/patients/", params, headers=headers)


@FUZZ
@given(params=query(q=MAYBE), htmx=st.booleans())
def test_the_global_search_takes_any_query(support_client, sandbox, params, htmx):
    headers = {"HX-Request": "true"} if htmx else {}
    _get(support_client, sandbox, "/search/", params, headers=headers)


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
    response = _get(manager_client, sandbox, "/audit/", params)
    if csv and response.status_code == 200 and hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)


@FUZZ
@given(params=AUDIT)
@example(params={"date_to": "9999-12-31"})
def test_the_audit_export_takes_any_filters(manager_client, sandbox, params):
    response = _get(manager_client, sandbox, "/audit/export.csv", params)
    if response.status_code == 200 and hasattr(response, "streaming_content"):
        b"".join(response.streaming_content)
