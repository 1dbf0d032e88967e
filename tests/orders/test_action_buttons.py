"""An order's action buttons, rendered in Python (apps.orders.action_buttons): one POST form per
button with its own one-time token, a form under the button for an action taking text (a link to
the confirmation page in the list's row menu), a refused action's form open again, every value
escaped."""

from __future__ import annotations

import re
from html import escape

from apps.blend.models import Order
from apps.orders import rules
from apps.orders.action_buttons import ActionButton, action_buttons_html, confirm_text

CSRF = '<input type="hidden" name="csrfmiddlewaretoken" value="page-token">'
ORDER = Order.model_validate(
    {"id": "o-1", "order_number": "BL-<1>", "status": "received", "patient": {"first_name": 'Ann "A" <b>'}}
)


def button(name: str, token: str = "tok") -> ActionButton:
    action = rules.ACTIONS[name]
    return ActionButton(action, f"/orders/o-1/actions/{name}/", token, confirm_text(action, ORDER))


def test_a_button_is_a_post_form_with_its_token_and_the_pages_csrf_input():
    html = action_buttons_html([button("pause")], target="#order-state", return_to="detail", csrf_html=CSRF)
    assert html == (
        '<form method="post" action="/orders/o-1/actions/pause/" class="action-form"'
        ' hx-post="/orders/o-1/actions/pause/" hx-target="#order-state" hx-swap="outerHTML"'
        f' hx-confirm="{escape(confirm_text(rules.ACTIONS["pause"], ORDER))}"'
        ' hx-vals=\'{"confirmed": "1"}\' hx-disabled-elt="find button">'
        + CSRF
        + '<input type="hidden" name="token" value="tok">'
        '<input type="hidden" name="return_to" value="detail">'
        '<button type="submit" class="btn btn-small btn-secondary" data-action="pause">Pause</button>'
        "</form>\n"
    )


def test_the_confirmation_names_the_order_and_patient_escaped():
    html = action_buttons_html([button("cancel")], target="closest tr", return_to="row", csrf_html=CSRF)
    confirm = re.search(r'hx-confirm="([^"]*)"', html).group(1)
    assert "BL-&lt;1&gt;" in confirm and "Ann &quot;A&quot; &lt;b&gt;" in confirm
    assert "<b>" not in html and 'hx-target="closest tr"' in html and 'value="row"' in html


def test_each_button_carries_its_own_token():
    buttons = [button("pause", "t1"), button("prioritize", "t2")]
    html = action_buttons_html(buttons, target="#order-state", return_to="detail", csrf_html=CSRF)
    assert re.findall(r'name="token" value="([^"]+)"', html) == ["t1", "t2"]
    assert html.count(CSRF) == 2


def test_an_action_taking_text_opens_a_form_under_its_button():
    html = action_buttons_html([button("replace")], target="#order-state", return_to="detail", csrf_html=CSRF)
    assert html.startswith('<details class="action-details"><summary class="btn btn-small')
    assert '<label for="replace-reason">Why is a replacement needed?</label>' in html
    assert (
        '<textarea id="replace-reason" name="reason" rows="3" maxlength="1000" required></textarea>' in html
    )
    assert "has-error" not in html and "field-error" not in html


def test_optional_comments_are_not_required():
    html = action_buttons_html(
        [button("request_cancellation")], target="#order-state", return_to="detail", csrf_html=CSRF
    )
    assert "Comments for Blend (optional)" in html
    assert 'name="comments" rows="3" maxlength="1000">' in html


def test_a_refused_action_shows_its_form_again_with_the_text_and_errors():
    failed = {"action": "replace", "errors": ["Say why <please>."], "text": "Broken & </textarea>"}
    buttons = [button("pause"), button("replace")]
    html = action_buttons_html(
        buttons, target="#order-state", return_to="detail", csrf_html=CSRF, failed=failed
    )
    assert '<details class="action-details" open>' in html and '<div class="field has-error">' in html
    assert ">Broken &amp; &lt;/textarea&gt;</textarea>" in html
    assert '<p class="field-error">Say why &lt;please&gt;.</p>' in html
    assert html.count("field-error") == 1


def test_in_the_row_menu_an_action_taking_text_links_to_its_confirmation_page():
    html = action_buttons_html(
        [button("replace")], target="closest tr", return_to="row", csrf_html=CSRF, text_actions="link"
    )
    url = "/orders/o-1/actions/replace/"
    assert html == f'<a class="btn btn-small btn-secondary" href="{url}">Request replacement…</a>\n'


def test_no_buttons_shows_the_empty_text_or_nothing():
    assert action_buttons_html([], target="t", return_to="row", csrf_html=CSRF, empty="None <here>.") == (
        '<span class="muted small">None &lt;here&gt;.</span>'
    )
    assert action_buttons_html([], target="t", return_to="detail", csrf_html=CSRF) == ""
