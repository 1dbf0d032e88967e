"""URLs filled in by a string replace must be exactly what `reverse()` gives, or come from it."""

from __future__ import annotations

import pytest
from django.template import Context, Template
from django.urls import NoReverseMatch, path, reverse

from apps.core.reversing import reverse_fast, url_pattern

ARGUMENTS = [
    ["0b7f6a2e-1111-4222-8333-944444444444"],
    ["BL-1001"],
    ["EXT 42"],
    ["ext-é"],
    ["a&b=c:d@e~f"],
    ["why?#"],
    ["100%"],
]


@pytest.mark.parametrize("args", ARGUMENTS)
@pytest.mark.parametrize("name", ["orders:detail", "orders:edit", "orders:actions_menu"])
def test_one_argument_urls_equal_reverse(name, args):
    assert reverse_fast(name, *args) == reverse(name, args=args)


@pytest.mark.parametrize("product_id", ["p-1", "p 1", "ünï", "x_y"])
@pytest.mark.parametrize("name", ["orders:line_quantity", "orders:line_remove"])
def test_three_argument_urls_equal_reverse(name, product_id):
    args = ["0b7f6a2e-1111-4222-8333-944444444444", "non_prescription", product_id]
    assert url_pattern(name, 3).url(*args) == reverse(name, args=args)


def test_an_argument_reverse_refuses_is_refused_the_same_way():
    for bad in ("a/b", ""):
        with pytest.raises(NoReverseMatch):
            reverse_fast("orders:detail", bad)
    with pytest.raises(NoReverseMatch):
        reverse_fast("orders:action", "o-1", "not a slug")


def test_a_url_without_arguments_and_a_missing_name():
    assert reverse_fast("orders:list") == reverse("orders:list")
    with pytest.raises(NoReverseMatch):
        reverse_fast("orders:no-such-page", "x")


def view(request, number):  # pragma: no cover - only reversed
    raise AssertionError


urlpatterns = [path("things/<int:number>/", view, name="thing")]


def test_a_converter_that_refuses_the_placeholder_falls_back_to_reverse(settings):
    settings.ROOT_URLCONF = __name__
    assert url_pattern("thing", 1).template is None
    assert reverse_fast("thing", 42) == "/things/42/"


def test_the_template_tag_gives_what_the_url_tag_gives():
    context = Context({"id": "0b7f6a2e-1111-4222-8333-944444444444", "odd": "EXT 42"})
    fast = Template(
        "{% load orders_tags %}{% url_fast 'orders:detail' id %}|{% url_fast 'orders:detail' odd %}"
    )
    slow = Template("{% url 'orders:detail' id %}|{% url 'orders:detail' odd %}")
    assert fast.render(context) == slow.render(context)
