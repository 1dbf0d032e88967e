from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.test import RequestFactory
from django.utils import timezone

from apps.audit.actor import Actor
from apps.audit.models import AuditEntry
from apps.audit.services import audit_record, audit_view, audited, audited_view
from apps.blend import errors

pytestmark = pytest.mark.django_db


@audited("order.pause", target_type="order", target_id_arg="order_id")
def order_pause(*, actor: Actor, order_id: str, error: Exception | None = None) -> str:
    if error is not None:
        raise error
    return f"paused {order_id}"


@pytest.fixture
def actor(support_user):
    return Actor(user=support_user, client_ip="203.0.113.7", request_id="req-12345678")


def test_it_records_a_success(actor, support_user):
    assert order_pause(actor=actor, order_id="42") == "paused 42"
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.username, entry.role) == (support_user, support_user.username, "Support")
    assert (entry.action, entry.target_type, entry.target_id) == ("order.pause", "order", "42")
    assert entry.outcome == "ok"
    assert (entry.client_ip, entry.request_id, entry.error_message) == ("203.0.113.7", "req-12345678", "")


@pytest.mark.parametrize(
    "error",
    [
        errors.BlendBadRequest("bad"),
        errors.BlendForbidden("no"),
        errors.BlendNotFound("gone"),
        errors.BlendConflict("Order is shipped"),
        errors.BlendValidationError("invalid"),
    ],
)
def test_it_records_a_refusal_and_reraises(actor, error):
    with pytest.raises(type(error)):
        order_pause(actor=actor, order_id="42", error=error)
    entry = AuditEntry.objects.get()
    assert (entry.outcome, entry.error_message) == ("refused", error.message)


@pytest.mark.parametrize(
    "error",
    [
        errors.BlendTimeout(),
        errors.BlendConnectionError(),
        errors.BlendServerError("boom"),
        errors.BlendRateLimited(retry_after=3),
        errors.BlendUnauthorized(),
        errors.BlendMalformedResponse(),
    ],
)
def test_it_records_a_failure_and_reraises(actor, error):
    with pytest.raises(type(error)):
        order_pause(actor=actor, order_id="42", error=error)
    entry = AuditEntry.objects.get()
    assert entry.outcome == "failed"
    assert entry.error_message == error.message


def test_it_records_an_unexpected_error_by_class_name_only(actor):
    with pytest.raises(KeyError):
        order_pause(actor=actor, order_id="42", error=KeyError("Jane Doe"))
    entry = AuditEntry.objects.get()
    assert (entry.outcome, entry.error_message) == ("failed", "Unexpected error (KeyError)")


def test_it_refuses_to_decorate_a_function_without_the_target_argument():
    with pytest.raises(TypeError, match="order_id"):

        @audited("order.pause", target_type="order", target_id_arg="order_id")
        def wrong(*, actor: Actor, id: str) -> None: ...


def test_it_records_directly(actor):
    before = timezone.now()
    audit_record(actor=actor, action="patient.edit", target_type="patient", target_id="7", outcome="ok")
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.username, entry.role) == (actor.user, actor.user.username, "Support")
    assert (entry.action, entry.target_type, entry.target_id, entry.outcome) == (
        "patient.edit",
        "patient",
        "7",
        "ok",
    )
    assert (entry.request_id, entry.client_ip) == (actor.request_id, actor.client_ip)
    assert before <= entry.created_at <= timezone.now()


def test_it_records_an_anonymous_actor_without_a_user():
    audit_record(actor=Actor(user=None), action="login", target_type="user", target_id="", outcome="failed")
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.username, entry.outcome) == (None, "", "failed")


def test_it_rejects_an_unknown_outcome(actor):
    with pytest.raises(ValueError):
        audit_record(actor=actor, action="x", target_type="order", target_id="1", outcome="maybe")


def test_it_builds_the_actor_from_the_request(manager_user):
    request = RequestFactory().get("/")
    request.user, request.client_ip, request.request_id = manager_user, "198.51.100.1", "abcdef123456"
    actor = Actor.from_request(request)
    assert (actor.user, actor.client_ip, actor.request_id, actor.role) == (
        manager_user, "198.51.100.1", "abcdef123456", "Manager",
    )  # fmt: skip


@audited_view("order.list", shown=lambda orders: {"order": len(orders)})
def order_list(*, actor: Actor, q: str = "", error: Exception | None = None) -> list[str]:
    if error is not None:
        raise error
    return ["o1", "o2", "o3"]


def test_a_view_of_several_records_records_kind_and_count(actor, support_user):
    assert order_list(actor=actor, q="Ann Lee") == ["o1", "o2", "o3"]
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.target_type, entry.target_id, entry.outcome) == (
        support_user,
        "order.list",
        "order",
        "order: 3",
        "ok",
    )
    assert "Ann" not in str(AuditEntry.objects.values().get())


def test_a_view_blend_refused_is_recorded_as_refused(actor):
    with pytest.raises(errors.BlendValidationError):
        order_list(actor=actor, error=errors.BlendValidationError("bad query"))
    assert AuditEntry.objects.values_list("action", "outcome").get() == ("order.list", "refused")


def test_a_view_of_several_kinds_names_each(actor):
    audit_view(actor=actor, action="search.results", shown={"order": 2, "patient": 5})
    entry = AuditEntry.objects.get()
    assert (entry.target_type, entry.target_id) == ("order,patient", "order: 2, patient: 5")


def test_a_list_selector_without_actor_is_refused_at_import():
    with pytest.raises(TypeError):
        audited_view("x.list", shown=len)(lambda *, q: [])


def test_a_clinic_user_trying_to_cancel_is_audited_once(clinic_client, clinic_user, sandbox):
    order = next(r for r in sandbox.state.orders.rows() if r["status"] == "received")
    response = clinic_client.post(f"/orders/{order['id']}/actions/cancel/", {"token": "t"})
    assert response.status_code == 403
    entry = AuditEntry.objects.get()
    assert (entry.user, entry.action, entry.target_type, entry.target_id, entry.outcome) == (
        clinic_user,
        "access.denied",
        "route",
        "orders:action",
        "refused",
    )
    assert order["id"] not in str(AuditEntry.objects.values().get())


def test_a_refusal_inside_a_service_is_left_to_the_403_handler(actor):
    with pytest.raises(PermissionDenied):
        order_pause(actor=actor, order_id="42", error=PermissionDenied())
    with pytest.raises(PermissionDenied):
        order_list(actor=actor, error=PermissionDenied())
    assert not AuditEntry.objects.exists()
