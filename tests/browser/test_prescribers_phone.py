"""The prescriber pages at phone width (390 px): no sideways scroll, and axe-core passes."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import assert_accessible, assert_no_sideways_scroll


def test_the_prescriber_pages_fit_a_phone_and_pass_axe(page_as, sandbox):
    row = sorted(sandbox.state.prescribers.rows(), key=lambda r: r["npi"])[0]
    page = page_as("manager", width=390)
    problems = []
    detail = f"/prescribers/{row['id']}/"
    for path in ["/prescribers/", detail, "/prescribers/new/", f"{detail}edit/"]:
        page.goto(path)
        expect(page.locator("main h1").first).to_be_visible()
        for check in (assert_no_sideways_scroll, assert_accessible):
            try:
                check(page)
            except AssertionError as error:
                problems.append(str(error)[:600])
    assert problems == [], "\n".join(problems)
