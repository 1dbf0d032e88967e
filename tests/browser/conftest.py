"""Browser tests: Debian's Chromium driven by Playwright against a live server on the embedded
sandbox. One browser per test process, a fresh context per test; every page a test opens fails the
test on a console error, an uncaught exception or a CSP violation; a screenshot of each open page is
saved under `test-artifacts/browser/` when a test fails."""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

from apps.accounts.roles import ROLE_CLINIC, ROLE_MANAGER, ROLE_SUPPORT
from apps.accounts.testing import make_user

# Playwright's sync API runs an event loop in the test's thread; the ORM calls the tests make
# (users, sessions, audit rows) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
ARTIFACTS = Path(settings.BASE_DIR) / "test-artifacts" / "browser"
ROLES = {"clinic": ROLE_CLINIC, "support": ROLE_SUPPORT, "manager": ROLE_MANAGER}
# Report the page's CSP violations as console errors, so one listener sees both.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", function (event) {
  console.error("CSP violation: " + event.violatedDirective + " blocked " + event.blockedURI);
});
"""


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: apt-get install chromium (or set CHROMIUM_PATH)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


class PageProblems:
    """Console errors, uncaught exceptions and CSP violations seen on the test's pages."""

    def __init__(self) -> None:
        self.errors: list[str] = []
        self.allowed: list[re.Pattern[str]] = []

    def allow(self, pattern: str) -> None:
        """Let console errors matching `pattern` pass (an expected 4xx answer to an HTMX request)."""
        self.allowed.append(re.compile(pattern))

    def add(self, text: str) -> None:
        if not any(pattern.search(text) for pattern in self.allowed):
            self.errors.append(text)


@pytest.fixture
def page_problems() -> PageProblems:
    return PageProblems()


@pytest.fixture
def live_url(live_server) -> str:
    return live_server.url


@pytest.fixture
def new_context(browser, live_url, page_problems, request) -> Iterator[Callable[..., object]]:
    """`new_context(role=None, width=1280)`: a browser context (signed in as `role` when given) whose
    pages report problems to `page_problems`."""
    contexts = []

    def make(role: str | None = None, *, width: int = 1280, height: int = 900):
        context = browser.new_context(
            viewport={"width": width, "height": height}, base_url=live_url, accept_downloads=True
        )
        context.set_default_timeout(10_000)
        context.add_init_script(CSP_LISTENER)
        context.on("page", lambda page: _watch(page, page_problems))
        if role is not None:
            context.add_cookies([_session_cookie(ROLES[role], live_url)])
        contexts.append(context)
        return context

    yield make
    reports = (getattr(request.node, f"report_{when}", None) for when in ("setup", "call"))
    failed = any(report is not None and report.failed for report in reports)
    for number, context in enumerate(contexts):
        if failed:
            ARTIFACTS.mkdir(parents=True, exist_ok=True)
            for index, page in enumerate(context.pages):
                name = re.sub(r"[^\w.-]+", "_", request.node.nodeid)[-150:]
                page.screenshot(path=ARTIFACTS / f"{name}-{number}-{index}.png", full_page=True)
        context.close()


def _watch(page, problems: PageProblems) -> None:
    page.on("console", lambda message: message.type == "error" and problems.add(message.text))
    page.on("pageerror", lambda error: problems.add(f"Uncaught: {error}"))


def _session_cookie(role: str, live_url: str) -> dict[str, object]:
    client = Client()
    client.force_login(make_user(role))
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": session_key, "url": live_url}


@pytest.fixture
def page_as(new_context, page_problems) -> Iterator[Callable[..., object]]:
    """`page_as("support")`: a new page signed in with that role. The test fails if any page it
    opened logged a console error or a CSP violation."""

    def make(role: str | None = None, *, width: int = 1280):
        return new_context(role, width=width).new_page()

    yield make
    assert page_problems.errors == [], "console errors or CSP violations: " + "; ".join(page_problems.errors)


@pytest.fixture
def support_page(page_as):
    return page_as("support")


@pytest.fixture
def clinic_page(page_as):
    return page_as("clinic")


@pytest.fixture
def manager_page(page_as):
    return page_as("manager")
