"""The team page's invite link: copied with its Copy button, made again for a member who has not
chosen a password (issue 20, item 11). Every page visited passes axe with no violation of any impact."""

from __future__ import annotations

from playwright.sync_api import expect

from tests.browser.helpers import assert_no_axe_violations


def test_a_manager_invites_copies_the_link_and_makes_a_new_one(manager_page, live_url):
    page = manager_page
    page.context.grant_permissions(["clipboard-read", "clipboard-write"], origin=live_url)
    page.goto("/team/")
    assert_no_axe_violations(page)
    page.get_by_label("Username").fill("newbie")
    page.get_by_label("Email").fill("newbie@example.com")
    page.get_by_role("button", name="Invite", exact=True).click()
    link = page.locator("#invitation-link")
    expect(link).to_be_visible()
    first = link.input_value()
    assert first.startswith(live_url)
    page.get_by_role("button", name="Copy", exact=True).click()
    expect(page.get_by_role("button", name="Copied")).to_be_visible()
    assert page.evaluate("navigator.clipboard.readText()") == first
    row = page.locator("tr", has_text="newbie")
    expect(row.get_by_text("Invited", exact=True)).to_be_visible()
    assert_no_axe_violations(page)

    page.get_by_role("button", name="New invite link for newbie").click()
    expect(page.locator(".toast", has_text="A new link for newbie")).to_be_visible()
    again = page.locator("#invitation-link").input_value()
    assert again.startswith(live_url)
    page.get_by_role("button", name="Copy", exact=True).click()
    assert page.evaluate("navigator.clipboard.readText()") == again
    assert_no_axe_violations(page)
