from __future__ import annotations

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
