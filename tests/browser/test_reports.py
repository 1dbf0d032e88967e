"""A manager reads the daily report in a real browser and downloads its CSV."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from tests.browser.helpers import assert_accessible


def test_it_reads_the_daily_report_and_downloads_its_csv(manager_page):
    page = manager_page
    page.goto("/reports/daily/")
    page.get_by_role("link", name="7 days").click()
    page.wait_for_url("**/reports/daily/?start_date=*")
    rows = page.locator("#daily-table tbody tr")
    assert rows.count() == 7 + 3
    assert page.get_by_role("img", name="New patients, prescriptions and orders per day").count() == 1
    shown = [[cell.strip() for cell in row.locator("th, td").all_text_contents()] for row in rows.all()]
    assert_accessible(page)

    with page.expect_download() as download:
        page.get_by_role("link", name="Download CSV").click()
    exported = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    assert exported[1:] == shown
