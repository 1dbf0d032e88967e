"""PageFrame: a page's frame rendered before its content, then filled in (apps/core/frames.py)."""

from __future__ import annotations

import re

import pytest
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.test import RequestFactory

from apps.core.frames import PageFrame

TEMPLATE = "orders/detail.html"  # base.html with {{ title }} and {{ content }}


@pytest.fixture
def request_for(support_user):
    def make():
        request = RequestFactory().get("/orders/x/")
        request.user = support_user
        request.session = SessionStore()
        request._messages = FallbackStorage(request)
        return request

    return make


def test_it_fills_in_the_escaped_title_and_the_content_as_it_is(request_for):
    frame = PageFrame.render(request_for(), TEMPLATE)
    html = frame.response(title="Order <ORD-1> & co", content="<section>Body</section>").content.decode()
    assert "<title>Order &lt;ORD-1&gt; &amp; co · BlendAdmin</title>" in html
    assert '<main class="main">\n    <section>Body</section>\n  </main>' in html
    assert "blendadmin-title-" not in html and "blendadmin-content-" not in html


def test_the_frame_shows_the_csrf_token_the_content_is_given(request_for):
    frame = PageFrame.render(request_for(), TEMPLATE)
    html = frame.response(title="t", content="").content.decode()
    tokens = re.findall(r'(?:csrfmiddlewaretoken" value=|x-csrftoken": )"([^"]+)"', html)
    assert len(tokens) == 2 and set(tokens) == {frame.csrf_token}  # the HTMX header and sign-out form


def test_its_markers_differ_on_every_render(request_for):
    first, second = PageFrame.render(request_for(), TEMPLATE), PageFrame.render(request_for(), TEMPLATE)
    assert first.content_slot != second.content_slot and first.title_slot != second.title_slot


def test_a_marker_in_a_message_cannot_take_the_content(request_for):
    """Text in the frame (a message, a user name) cannot hold the slot markers: they are random."""
    request = request_for()
    request._messages.add(20, "blendadmin-content-0000000000000000")
    html = PageFrame.render(request, TEMPLATE).response(title="t", content="<p>Body</p>").content.decode()
    assert html.index("blendadmin-content-0000000000000000") < html.index("<main") < html.index("<p>Body</p>")


def test_a_template_without_both_slots_is_refused(request_for):
    with pytest.raises(ValueError, match="title"):
        PageFrame.render(request_for(), "base.html")
