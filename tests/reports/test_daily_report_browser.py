"""A manager reads the daily report in a real browser (Chromium through Playwright, on a live
server over the embedded sandbox) and downloads its CSV. Self-contained: it signs in by handing the
browser a session cookie."""

from __future__ import annotations

import csv
import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's loop runs in this thread
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")


@pytest.fixture
def manager_page(live_server, manager_user):
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} is missing")
    from playwright.sync_api import sync_playwright

    client = Client()
    client.force_login(manager_user)
    cookie = client.cookies[settings.SESSION_COOKIE_NAME].value
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"], headless=True)
        context = browser.new_context(accept_downloads=True)
        context.add_cookies([{"name": settings.SESSION_COOKIE_NAME, "value": cookie, "url": live_server.url}])
        yield context.new_page(), live_server.url
        browser.close()


def test_it_reads_the_daily_report_and_downloads_its_csv(manager_page):
    page, base = manager_page
    page.goto(f"{base}/reports/daily/")
    page.get_by_role("link", name="7 days").click()
    page.wait_for_url("**/reports/daily/?start_date=*")
    rows = page.locator("#daily-table tbody tr")
    assert rows.count() == 7 + 3
    assert page.get_by_role("img", name="New patients, prescriptions and orders per day").count() == 1
    shown = [[cell.strip() for cell in row.locator("th, td").all_text_contents()] for row in rows.all()]

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    exported = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert exported[1:] == shown
