"""`OrderFilterForm`: the order list's search, filters and page read from the query string."""

from __future__ import annotations

import pytest
from django.http import QueryDict

from apps.orders.filters import OrderFilterForm, OrderFilters


def read(query: str) -> OrderFilters:
    return OrderFilterForm(QueryDict(query)).filters()


def test_no_query_is_the_first_page_of_everything():
    assert read("") == OrderFilters(statuses=[], has_unmatched_prescriptions=False, page=1, page_size=25)


def test_statuses_repeat_or_come_as_a_comma_list_each_once_in_the_order_asked():
    filters = read("status=paused,%20exception&status=received&status=paused&status=,")
    assert filters.statuses == ["paused", "exception", "received"]


@pytest.mark.parametrize(("raw", "expected"), [("on", True), ("true", True), ("1", True), ("off", False)])
def test_the_unmatched_box(raw, expected):
    assert read(f"unmatched={raw}").has_unmatched_prescriptions is expected


@pytest.mark.parametrize("raw", ["", "0", "false", "FALSE", "no"])
def test_an_empty_or_false_unmatched_box_does_not_filter(raw):
    assert read(f"unmatched={raw}").has_unmatched_prescriptions is False


@pytest.mark.parametrize(("raw", "expected"), [("3", 3), (" 7 ", 7), ("0", 1), ("-1", 1), ("x", 1), ("²", 1)])
def test_the_page_number(raw, expected):
    assert read(f"page={raw}").page == expected


@pytest.mark.parametrize(("raw", "expected"), [("50", 50), ("100", 100), ("10", 25), ("abc", 25)])
def test_the_page_size_is_one_the_list_offers(raw, expected):
    assert read(f"page_size={raw}").page_size == expected


def test_one_bad_value_leaves_the_others():
    filters = read("status=delivered&unmatched=on&page=zero&page_size=50")
    assert filters == OrderFilters(
        statuses=["delivered"], has_unmatched_prescriptions=True, page=1, page_size=50
    )


def test_a_page_number_of_thousands_of_digits_is_the_first_page():
    assert read("page=" + "9" * 4301).page == 1


def test_the_search_is_read_with_its_spaces_folded():
    filters = read("q=%20jane%20%20doe%20&status=paused")
    assert (filters.q, filters.searching, filters.statuses) == ("jane doe", True, ["paused"])


def test_one_character_is_too_short_to_search():
    filters = read("q=j")
    assert (filters.searching, filters.too_short) == (False, True)
