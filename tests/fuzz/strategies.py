"""Inputs a form or query string may receive: any text (no lone surrogates, which no browser can
send), numbers written every way, and the odd values that broke pages before."""

from __future__ import annotations

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

EXAMPLES = 200
FUZZ = settings(
    max_examples=EXAMPLES,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)

ODD = st.sampled_from(
    [
        "",
        " ",
        "0",
        "-1",
        "1e9",
        "١٢",
        "9" * 4301,
        "9999-12-31",
        "0001-01-01",
        "2026-02-30",
        "..",
        "%2E%2E",
        "a/b",
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "\x00",
        "null",
        "[]",
        "{}",
        "x" * 1001,
    ]
)
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=250)
NUMBERISH = st.one_of(st.integers(min_value=-(10**12), max_value=10**12).map(str), st.floats().map(str))
VALUE = st.one_of(ODD, TEXT, NUMBERISH)
MAYBE = st.one_of(st.none(), VALUE)


def query(**fields):
    """A dict of the given field strategies, each field left out when it draws None."""
    return st.fixed_dictionaries(fields).map(lambda d: {k: v for k, v in d.items() if v is not None})
