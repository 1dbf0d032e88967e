"""The shared client's plumbing, driven against the sandbox: sign-in, token sharing and renewal,
retries (GETs only), typed errors, tolerant parsing, pagination walking, logging, concurrency."""

from __future__ import annotations

import logging
import threading
import time
from dataclasses import replace

import httpx
import pytest
from django.core.cache import cache

from apps.blend.auth import Tokens
from apps.blend.client import SANDBOX_BASE_URL, BlendClient
from apps.blend.concurrency import fetch_concurrently
from apps.blend.errors import (
    BlendBadRequest,
    BlendConflict,
    BlendConnectionError,
    BlendForbidden,
    BlendMalformedResponse,
    BlendNotFound,
    BlendRateLimited,
    BlendServerError,
    BlendTimeout,
    BlendUnauthorized,
    BlendValidationError,
)
from apps.blend.http import BlendHTTP
from apps.blend.pagination import Page, iter_all
from apps.sandbox.seed import SANDBOX_EMAIL, SANDBOX_PASSWORD
from apps.sandbox.transport import SandboxTransport


def make_client(sandbox, *, password: str = SANDBOX_PASSWORD, sleeps: list | None = None) -> BlendClient:
    http = BlendHTTP(
        base_url=SANDBOX_BASE_URL,
        email=SANDBOX_EMAIL,
        password=password,
        transport=SandboxTransport(sandbox),
        user_agent="blendadmin/test",
    )
    http.sleep = sleeps.append if sleeps is not None else (lambda s: None)
    return BlendClient(http)


def logins(sandbox) -> int:
    return sandbox.faults.seen.count(("POST", "/auth/login"))


def count(sandbox, method: str, path: str) -> int:
    return sandbox.faults.seen.count((method, path))


def test_it_logs_in_once_and_sends_the_bearer_token(sandbox):
    client = make_client(sandbox)
    assert client.auth_verify().valid is True
    assert client.auth_verify().valid is True
    assert logins(sandbox) == 1


def test_it_shares_one_login_between_two_client_instances(sandbox):
    make_client(sandbox).auth_verify()
    make_client(sandbox).auth_verify()
    assert logins(sandbox) == 1


def test_it_logs_in_once_when_two_threads_find_no_token(sandbox):
    client = make_client(sandbox)
    barrier = threading.Barrier(2)

    def call():
        barrier.wait()
        client.auth_verify()

    threads = [threading.Thread(target=call) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert logins(sandbox) == 1


def test_it_refreshes_after_a_401_and_repeats_the_request_once(sandbox):
    client = make_client(sandbox)
    client.auth_verify()
    sandbox.faults.add("token_expiry", path="/auth/verify")
    assert client.auth_verify().valid is True
    assert count(sandbox, "POST", "/auth/refresh") == 1
    assert logins(sandbox) == 1
    assert count(sandbox, "GET", "/auth/verify") == 3


def change_tokens(client: BlendClient, **changes) -> None:
    """Change the stored tokens, in the shared cache and in the process's copy alike."""
    store = client.http.tokens
    raw = {**cache.get(store.key), **changes}
    cache.set(store.key, raw)
    store._memory = Tokens(**raw)


def test_it_keeps_the_token_in_memory_after_the_first_call(sandbox):
    client = make_client(sandbox)
    client.auth_verify()
    cache.delete(client.http.tokens.key)  # a shared cache that would be read would find nothing now
    assert client.auth_verify().valid is True
    assert logins(sandbox) == 1
    assert cache.get(client.http.tokens.key) is None


def test_it_takes_the_token_another_process_renewed_when_its_own_is_refused(sandbox):
    mine, other = make_client(sandbox), make_client(sandbox)
    mine.auth_verify()
    other.auth_verify()
    stale = mine.http.tokens._memory.access_token
    renewed = other.http.tokens.renew(other.http.auth.credentials, stale=stale)
    mine.http.tokens._memory = replace(mine.http.tokens._memory, access_token="revoked")  # Blend says 401
    assert mine.auth_verify().valid is True
    assert mine.http.tokens._memory.access_token == renewed
    assert count(sandbox, "POST", "/auth/refresh") == 1
    assert logins(sandbox) == 1


def test_it_refreshes_a_little_before_the_access_token_expires(sandbox):
    client = make_client(sandbox)
    client.auth_verify()
    change_tokens(client, access_expires=time.time() + 30)  # inside the renewal margin
    client.auth_verify()
    assert count(sandbox, "POST", "/auth/refresh") == 1


def test_it_logs_in_again_when_the_refresh_token_is_refused(sandbox):
    client = make_client(sandbox)
    client.auth_verify()
    change_tokens(client, access_expires=0, refresh_token="not-a-token")
    client.auth_verify()
    assert count(sandbox, "POST", "/auth/refresh") == 1
    assert logins(sandbox) == 2


def test_it_raises_unauthorized_when_blend_refuses_the_credentials(sandbox):
    with pytest.raises(BlendUnauthorized):
        make_client(sandbox, password="wrong").auth_verify()


def test_it_retries_a_get_on_503_and_honours_retry_after(sandbox):
    sleeps: list[float] = []
    client = make_client(sandbox, sleeps=sleeps)
    sandbox.faults.add(429, path="/auth/verify", retry_after=2)
    sandbox.faults.add(503, path="/auth/verify")
    assert client.auth_verify().valid is True
    assert count(sandbox, "GET", "/auth/verify") == 3
    assert sleeps[0] >= 2


def test_it_gives_up_after_two_retries(sandbox):
    client = make_client(sandbox)
    sandbox.faults.add(502, path="/auth/verify", times=5)
    with pytest.raises(BlendServerError):
        client.auth_verify()
    assert count(sandbox, "GET", "/auth/verify") == 3


def test_it_does_not_wait_for_a_long_retry_after(sandbox):
    client = make_client(sandbox)
    sandbox.faults.add(429, path="/auth/verify", retry_after=120)
    with pytest.raises(BlendRateLimited) as raised:
        client.auth_verify()
    assert raised.value.retry_after == 120
    assert count(sandbox, "GET", "/auth/verify") == 1


def test_it_never_retries_a_write(sandbox):
    client = make_client(sandbox)
    client.auth_verify()
    sandbox.faults.add(503, method="POST", path="/reasons")
    with pytest.raises(BlendServerError):
        client.reason_create(name="Texture")
    assert count(sandbox, "POST", "/reasons") == 1


def test_it_retries_a_get_after_a_500(sandbox):
    client = make_client(sandbox)
    sandbox.faults.add(500, path="/auth/verify", times=2)
    assert client.auth_verify().valid is True
    assert count(sandbox, "GET", "/auth/verify") == 3


def test_it_never_retries_a_write_after_a_500(sandbox):
    client = make_client(sandbox)
    client.auth_verify()
    sandbox.faults.add(500, method="POST", path="/reasons")
    with pytest.raises(BlendServerError):
        client.reason_create(name="Texture")
    assert count(sandbox, "POST", "/reasons") == 1


def test_it_does_not_retry_a_write_after_a_connection_error(sandbox):
    client = make_client(sandbox)
    client.auth_verify()
    sandbox.faults.add("connect_error", method="PUT")
    with pytest.raises(BlendConnectionError):
        client.order_pause(order_id="ORD-any")
    assert count(sandbox, "PUT", "/orders/ORD-any/pause") == 1


def test_it_retries_a_get_after_a_connection_error(sandbox):
    client = make_client(sandbox)
    sandbox.faults.add("connect_error", path="/auth/verify")
    assert client.auth_verify().valid is True


def test_it_raises_timeout_without_retrying_a_slow_read(sandbox):
    client = make_client(sandbox)
    client.auth_verify()
    sandbox.faults.add("timeout", path="/auth/verify")
    with pytest.raises(BlendTimeout):
        client.auth_verify()
    assert count(sandbox, "GET", "/auth/verify") == 2


@pytest.mark.parametrize(
    ("status", "error"),
    [
        (400, BlendBadRequest),
        (403, BlendForbidden),
        (404, BlendNotFound),
        (409, BlendConflict),
        (422, BlendValidationError),
        (500, BlendServerError),
    ],
)
def test_it_raises_a_typed_error_per_status(sandbox, status, error):
    client = make_client(sandbox)
    sandbox.faults.add(status, path="/auth/verify", message="Nope", times=3)  # a 500 is retried twice
    with pytest.raises(error) as raised:
        client.auth_verify()
    assert raised.value.status_code == status
    assert raised.value.message == "Nope"


def test_it_carries_field_errors_on_422(sandbox):
    client = make_client(sandbox)
    sandbox.faults.add(422, path="/auth/verify")
    with pytest.raises(BlendValidationError) as raised:
        client.auth_verify()
    assert raised.value.fields == {"sandbox": ["Injected validation failure."]}


def test_it_raises_malformed_response_for_a_body_that_is_not_json(sandbox):
    client = make_client(sandbox)
    sandbox.faults.add("malformed", path="/auth/verify")
    with pytest.raises(BlendMalformedResponse):
        client.auth_verify()


def mock_client(handler) -> BlendClient:
    def routed(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/auth/login"):
            return httpx.Response(200, json={"access_token": "a", "refresh_token": "r"})
        return handler(request)

    http = BlendHTTP(
        base_url="http://blend.test/api/v1", email="e", password="p", transport=httpx.MockTransport(routed)
    )
    http.sleep = lambda s: None
    return BlendClient(http)


@pytest.mark.parametrize(
    "body",
    [{"message": "Order is shipped"}, {"detail": "Order is shipped"}, {"error": "Order is shipped"}],
)
def test_it_reads_the_error_message_under_any_usual_key(body):
    client = mock_client(lambda request: httpx.Response(409, json=body))
    with pytest.raises(BlendConflict) as raised:
        client.order_pause(order_id="x")
    assert raised.value.message == "Order is shipped"


def test_it_reads_field_errors_under_errors_key():
    client = mock_client(lambda r: httpx.Response(422, json={"errors": {"quantity": "must be >= 1"}}))
    with pytest.raises(BlendValidationError) as raised:
        client.order_product_set_quantity(
            order_id="x", product_type="prescription", product_id="p", quantity=0
        )
    assert raised.value.fields == {"quantity": ["must be >= 1"]}


def test_it_keeps_unknown_fields_and_defaults_missing_ones():
    client = mock_client(
        lambda r: httpx.Response(200, json={"id": "o1", "status": "received", "new_flag": 7})
    )
    order = client.order_get(order_id="o1")
    assert order.get("new_flag") == 7
    assert order.order_number == ""
    assert order.products.count == 0


def test_it_understands_the_older_order_shape():
    legacy = {"id": "o1", "status_code": "N01", "status_name": "Received", "status": "Received"}
    client = mock_client(lambda r: httpx.Response(200, json=legacy))
    assert client.order_get(order_id="o1").status == "received"


def test_it_sends_a_user_agent_and_keeps_ids_out_of_the_log(caplog):
    seen = []

    def handler(request):
        seen.append(request.headers["User-Agent"])
        return httpx.Response(200, json={"id": "o1"})

    client = mock_client(handler)
    with caplog.at_level(logging.INFO, logger="blendadmin.blend"):
        client.order_get(order_id="ORD250312003548IAU4")
    assert seen == ["blendadmin"]
    assert "GET /orders/{order_id} 200" in caplog.text
    assert "ORD250312003548IAU4" not in caplog.text


def test_it_builds_a_page_from_the_headers():
    headers = {
        "X-Total-Count": "60",
        "X-Page": "2",
        "X-Page-Size": "25",
        "X-Total-Pages": "3",
        "X-Remaining-Count": "10",
    }
    client = mock_client(lambda r: httpx.Response(200, json=[{"id": "a"}], headers=headers))
    page = client.order_list(page=2)
    assert (page.total_count, page.page, page.total_pages, page.remaining_count) == (60, 2, 3, 10)
    assert page.has_next and page.has_previous


def test_it_walks_every_page_lazily():
    fetched = []

    def fetch(number: int) -> Page[int]:
        fetched.append(number)
        items = list(range((number - 1) * 2, min(number * 2, 5)))
        return Page(items, number, 2, 5, 3, max(0, 5 - number * 2))

    walker = iter_all(fetch)
    assert next(walker) == 0
    assert fetched == [1]
    assert list(walker) == [1, 2, 3, 4]
    assert fetched == [1, 2, 3]


def test_it_runs_independent_calls_at_the_same_time():
    both_running = threading.Barrier(3, timeout=5)  # passes only if all three calls run at once

    def call(value):
        both_running.wait()
        return value

    results = fetch_concurrently(a=lambda: call(1), b=lambda: call(2), c=lambda: call(3))
    assert results == {"a": 1, "b": 2, "c": 3}


def test_it_raises_the_error_of_a_concurrent_call():
    def fail():
        raise BlendNotFound("gone")

    with pytest.raises(BlendNotFound):
        fetch_concurrently(a=lambda: 1, b=fail)


def test_it_caches_reference_lists(sandbox):
    client = make_client(sandbox)
    first = client.order_statuses()
    second = client.order_statuses()
    assert [s.slug for s in first] == [s.slug for s in second]
    assert count(sandbox, "GET", "/orders/statuses") == 1
