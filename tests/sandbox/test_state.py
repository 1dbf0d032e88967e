"""Tables cache derived values until they change; forks never share them."""

from __future__ import annotations

import pytest

from apps.sandbox.state import Table


class Builds:
    """A build function that counts its calls."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self) -> int:
        self.count += 1
        return self.count


def table() -> Table:
    return Table({"a": {"id": "a", "n": 1}, "b": {"id": "b", "n": 2}})


def test_it_builds_a_derived_value_once_while_the_table_is_unchanged():
    rows, build = table(), Builds()
    assert rows.derived("x", build) == rows.derived("x", build) == 1
    assert build.count == 1


@pytest.mark.parametrize(
    "write",
    [
        lambda t: t.insert({"id": "c", "n": 3}),
        lambda t: t.edit("a"),
        lambda t: t.delete("b"),
    ],
)
def test_it_rebuilds_after_any_write(write):
    rows, build = table(), Builds()
    rows.derived("x", build)
    write(rows)
    assert rows.derived("x", build) == 2


def test_it_rebuilds_when_a_table_it_also_depends_on_changes():
    rows, other, build = table(), table(), Builds()
    rows.derived("x", build, also=(other,))
    other.edit("a")
    assert rows.derived("x", build, also=(other,)) == 2


def test_a_fork_builds_its_own_and_its_writes_leave_the_parents_alone():
    parent, build = table(), Builds()
    parent.derived("x", build)
    child = parent.fork()
    assert child.derived("x", build) == 2
    child.edit("a")["n"] = 10
    assert child.derived("x", build) == 3
    assert parent.derived("x", build) == 1
    assert parent.get("a")["n"] == 1
