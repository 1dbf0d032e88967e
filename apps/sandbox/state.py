"""The sandbox's in-memory data: tables of JSON-ready dicts that fork cheaply (copy on write).

A forked state shares every row with its parent until a row is edited: `Table.edit()` copies the
row into the fork first. So never change a row you got from `get()`/`rows()`: call `edit()`.
Keys that start with `_` are private to the sandbox and are stripped from responses.

A table can cache values computed from its rows (`Table.derived()`: a sorted index, search keys).
Every insert, edit or delete gives the table a new `version`, which drops them; so finish changing
an edited row before anything reads a derived value again. A fork starts with no derived values.
"""

from __future__ import annotations

import copy
import itertools
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, fields
from typing import Any, TypeVar

Row = dict[str, Any]
T = TypeVar("T")

_versions = itertools.count(1)  # shared by all tables: equal versions mean the very same contents


class Table:
    def __init__(self, rows: dict[str, Row] | None = None) -> None:
        self._rows: dict[str, Row] = dict(rows or {})
        self._owned: set[str] = set()
        self._derived: dict[str, tuple[tuple[int, ...], Any]] = {}
        self.version = next(_versions)

    def __len__(self) -> int:
        return len(self._rows)

    def __contains__(self, row_id: object) -> bool:
        return row_id in self._rows

    def get(self, row_id: str) -> Row | None:
        return self._rows.get(row_id)

    def rows(self) -> Iterator[Row]:
        return iter(self._rows.values())

    def insert(self, row: Row) -> Row:
        self.version = next(_versions)
        self._rows[row["id"]] = row
        self._owned.add(row["id"])
        return row

    def edit(self, row_id: str) -> Row:
        """The row, made private to this table so it may be changed in place."""
        self.version = next(_versions)
        if row_id not in self._owned:
            self._rows[row_id] = copy.deepcopy(self._rows[row_id])
            self._owned.add(row_id)
        return self._rows[row_id]

    def delete(self, row_id: str) -> None:
        self.version = next(_versions)
        self._rows.pop(row_id, None)
        self._owned.discard(row_id)

    def fork(self) -> Table:
        return Table(self._rows)

    def derived(self, name: str, build: Callable[[], T], *, also: tuple[Table, ...] = ()) -> T:
        """`build()`, cached under `name` until this table (or one in `also`) next changes."""
        versions = (self.version, *(table.version for table in also))
        cached = self._derived.get(name)
        if cached is None or cached[0] != versions:
            cached = (versions, build())
            self._derived[name] = cached
        return cached[1]


@dataclass
class SandboxState:
    """Everything the simulated Blend account holds."""

    users: Table = field(default_factory=Table)
    tokens: Table = field(default_factory=Table)
    orders: Table = field(default_factory=Table)
    patients: Table = field(default_factory=Table)
    risk_factors: Table = field(default_factory=Table)
    risk_factor_texts: Table = field(default_factory=Table)
    prescribers: Table = field(default_factory=Table)
    supervisions: Table = field(default_factory=Table)
    products: Table = field(default_factory=Table)
    formulas: Table = field(default_factory=Table)
    lots: Table = field(default_factory=Table)
    reasons: Table = field(default_factory=Table)
    eprescriptions: Table = field(default_factory=Table)
    tasks: Table = field(default_factory=Table)
    subscriptions: Table = field(default_factory=Table)
    barcodes: Table = field(default_factory=Table)
    settings: Table = field(default_factory=Table)
    lock: threading.RLock = field(default_factory=threading.RLock, repr=False, compare=False)

    def fork(self) -> SandboxState:
        tables = {f.name: getattr(self, f.name).fork() for f in fields(self) if f.name != "lock"}
        return SandboxState(**tables)


def public(row: Row | None) -> Row | None:
    """The row as Blend would send it: without the sandbox's private `_` keys."""
    if row is None:
        return None
    return {key: value for key, value in row.items() if key[:1] != "_"}
