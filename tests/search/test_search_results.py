from __future__ import annotations

import logging

import pytest
from django.contrib.auth.models import Permission

from apps.accounts.testing import make_user
from apps.audit.models import AuditEntry
from apps.blend.models.search import parse_hits
from apps.search import selectors


class _FakeBlend:
    def __init__(self, hits):
        self.hits = hits

    def search_all(self, *, q, limit):
        return parse_hits(self.hits)


def _blend_answers(monkeypatch, hits) -> None:
    monkeypatch.setattr(selectors, "get_blend", lambda: _FakeBlend(hits))


def test_it_finds_an_order_by_number(support_client, sandbox):
    order = next(iter(sandbox.state.orders.rows()))
    response = support_client.get("/search/", {"q": order["order_number"]})
    assert response.status_code == 200
    assert f"/orders/{order['id']}/" in response.text


def test_it_groups_results_by_kind(manager_client, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    response = manager_client.get("/search/", {"q": patient["last_name"]})
    kinds = [group.kind for group in response.context["groups"]]
    assert "patient" in kinds
    assert len(kinds) == len(set(kinds))


def test_it_refuses_a_user_without_a_role_without_asking_blend(outsider_client, outsider, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    response = outsider_client.get("/search/", {"q": patient["last_name"]})
    assert response.status_code == 403
    assert patient["email"] not in response.text
    assert not [p for m, p in sandbox.faults.seen if p.startswith("/search")]
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.target_id, entry.outcome) == (
        outsider,
        "access.denied",
        "search:results",
        "refused",
    )


def test_it_hides_kinds_the_user_may_not_see(client, monkeypatch, db):
    _blend_answers(monkeypatch, [{"result_type": "patient", "rank": 1, "id": "p1", "first_name": "Ann"}])
    user = make_user(None)
    user.user_permissions.add(Permission.objects.get(codename="view_orders"))
    client.force_login(user)
    response = client.get("/search/", {"q": "ann"})
    assert response.status_code == 200
    assert response.context["groups"] == []


def test_it_hides_kinds_the_app_does_not_know(manager_client, monkeypatch):
    _blend_answers(
        monkeypatch,
        [
            {"result_type": "invoice", "rank": 1, "id": "i1", "name": "Ann's invoice"},
            {"result_type": "", "rank": 0.9, "id": "x1", "name": "Ann's something"},
            {"result_type": "patient", "rank": 0.8, "id": "p1", "first_name": "Ann", "last_name": "Lee"},
        ],
    )
    response = manager_client.get("/search/", {"q": "ann"})
    assert [group.kind for group in response.context["groups"]] == ["patient"]
    assert "invoice" not in response.text.lower()


def test_it_audits_what_it_showed_but_never_the_term(manager_client, manager_user, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    response = manager_client.get("/search/", {"q": patient["last_name"]})
    entry = AuditEntry.objects.get()
    shown = {group.kind: len(group.hits) for group in response.context["groups"]}
    assert (entry.user, entry.action, entry.outcome) == (manager_user, "search.results", "ok")
    assert entry.target_id == ", ".join(f"{kind}: {count}" for kind, count in shown.items())
    assert "patient: " in entry.target_id
    assert patient["last_name"] not in str(AuditEntry.objects.values().get())


def test_it_asks_for_a_query_when_empty(clinic_client, sandbox):
    response = clinic_client.get("/search/", {"q": "  "})
    assert "Type an order number" in response.text
    assert ("GET", "/search") not in sandbox.faults.seen


def test_it_answers_htmx_with_the_results_fragment(clinic_client, sandbox, htmx_headers):
    order = next(iter(sandbox.state.orders.rows()))
    response = clinic_client.get("/search/", {"q": order["order_number"]}, headers=htmx_headers)
    assert "<html" not in response.text
    assert order["order_number"] in response.text


def test_it_shows_blend_unavailable_on_a_server_error(clinic_client, sandbox):
    sandbox.faults.add(503, path="/search", times=3)
    assert clinic_client.get("/search/", {"q": "smith"}).status_code == 503


def test_it_shows_blend_unavailable_on_timeout(clinic_client, sandbox):
    sandbox.faults.add("timeout", path="/search")
    assert clinic_client.get("/search/", {"q": "smith"}).status_code == 503


def test_a_result_whose_id_no_url_can_carry_is_shown_without_a_link(manager_client, monkeypatch):
    _blend_answers(
        monkeypatch,
        [
            {"result_type": "patient", "rank": 1, "id": "..", "first_name": "Ann", "last_name": "Dots"},
            {"result_type": "order", "rank": 0.9, "id": "a/b", "order_number": "ORD-SLASH"},
        ],
    )
    response = manager_client.get("/search/", {"q": "ann"})
    assert response.status_code == 200
    assert "Ann Dots" in response.text and "ORD-SLASH" in response.text
    assert 'href="/patients/..' not in response.text and 'href="/orders/a' not in response.text


def test_each_section_links_to_its_full_list_with_the_query(support_client, sandbox):
    response = support_client.get("/search/", {"q": "smith"})
    html = response.content.decode()
    assert 'href="/orders/?q=smith">All orders matching' in html


def test_it_says_when_blend_gave_as_many_results_as_asked(support_client, sandbox, monkeypatch):
    from apps.search import selectors

    monkeypatch.setattr(selectors, "SEARCH_LIMIT", 1)
    html = support_client.get("/search/", {"q": "smith"}).content.decode()
    assert "first 50 matches; more may match" not in html  # the page says the limit it used
    assert "more may match" in html


def test_statuses_and_dates_read_as_on_the_order_and_patient_pages(support_client, sandbox, blend):
    order = sorted(
        (r for r in sandbox.state.orders.rows() if r["status"] == "shipped"), key=lambda r: r["order_number"]
    )[0]
    names = {status.slug: status.name for status in blend.order_statuses()}
    html = support_client.get("/search/", {"q": order["order_number"]}).text
    assert f'data-status="shipped">{names["shipped"]}</span>' in html
    patient = sandbox.state.patients.get(order["_patient_id"])
    html = support_client.get("/search/", {"q": patient["last_name"]}).text
    year, month, day = patient["date_of_birth"][:10].split("-")
    assert f'<span class="muted">{month}/{day}/{year}</span>' in html


# --- best match first, one box (issue 20, item 2) -------------------------------------------------


def _a_patient_with_orders(sandbox):
    counts: dict[str, int] = {}
    for row in sandbox.state.orders.rows():
        counts[row["_patient_id"]] = counts.get(row["_patient_id"], 0) + 1
    patient_id = max(counts, key=counts.get)
    return sandbox.state.patients.get(patient_id)


def test_a_patient_whose_name_matches_comes_before_the_orders_that_mention_them(support_client, sandbox):
    patient = _a_patient_with_orders(sandbox)
    response = support_client.get("/search/", {"q": f"{patient['first_name']} {patient['last_name']}"})
    kinds = [group.kind for group in response.context["groups"]]
    assert kinds[0] == "patient" and "order" in kinds
    results = response.text.split('id="search-results"')[1]
    assert results.index(f"/patients/{patient['id']}/") < results.index('href="/orders/')


def test_an_order_number_still_puts_the_order_first(support_client, sandbox):
    order = next(iter(sandbox.state.orders.rows()))
    response = support_client.get("/search/", {"q": order["order_number"]})
    assert response.context["groups"][0].kind == "order"


def test_an_order_found_through_its_patient_ranks_no_higher_than_the_patient(manager_client, monkeypatch):
    _blend_answers(
        monkeypatch,
        [
            {"result_type": "order", "rank": 0.95, "id": "o1", "is_patient_order": True},
            {"result_type": "patient", "rank": 0.9, "id": "p1", "first_name": "Ann", "last_name": "Lee"},
        ],
    )
    response = manager_client.get("/search/", {"q": "ann lee"})
    assert [group.kind for group in response.context["groups"]] == ["patient", "order"]


def test_the_search_page_has_one_search_box(clinic_client, sandbox):
    response = clinic_client.get("/search/", {"q": "smith"})
    assert response.text.count('type="search"') == 1
    assert response.text.count('role="search"') == 1
    assert 'aria-keyshortcuts="/"' in response.text  # the "/" shortcut still has a box to go to


def test_other_pages_keep_the_header_search(clinic_client, sandbox):
    response = clinic_client.get("/patients/")
    assert 'aria-label="Search everything"' in response.text


# --- a term Blend refuses is the user's input (issue 20, item 3) ----------------------------------


def test_a_search_of_only_quotes_is_answered_at_the_box_without_asking_blend(clinic_client, sandbox, caplog):
    response = clinic_client.get("/search/", {"q": '"'})
    assert response.status_code == 200
    assert "Blend cannot search for “&quot;”" in response.text
    assert not [path for _, path in sandbox.faults.seen if path.startswith("/search")]
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]


@pytest.mark.parametrize("status", [400, 422])
def test_a_term_blend_refuses_is_answered_at_the_box_and_logged_as_a_warning(
    status, clinic_client, sandbox, caplog, htmx_headers
):
    sandbox.faults.add(status, path="/search")
    response = clinic_client.get("/search/", {"q": "smith"}, headers=htmx_headers)
    assert response.status_code == 200
    assert 'id="search-error" role="alert">Blend cannot search for “smith”' in response.text
    assert max(record.levelno for record in caplog.records) == logging.WARNING
    assert "smith" not in caplog.text


def test_the_order_list_answers_a_refused_term_at_its_box(support_client, sandbox, caplog):
    sandbox.faults.add(400, path="/search/orders")
    response = support_client.get("/orders/", {"q": "smith"})
    assert response.status_code == 200
    assert "Blend cannot search for “smith”" in response.text
    assert not [record for record in caplog.records if record.levelno >= logging.ERROR]
