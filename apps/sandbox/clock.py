"""The sandbox's clock: orders move on by themselves, as they do at Blend, and Blend's events go out.

Each open order has one next step, and a time it is due: received -> data entry -> picked ->
verified -> shipped (a shipment with carrier, service level, tracking number and URL) ->
delivered; some go to exception (and back to data entry) or get stuck with one of Blend's four
reasons; a cancellation request is approved (cancelled) or declined; a replacement request is
fulfilled (a new order with `is_replacement` and `original_order_id`, listed in the original's
`replacement_order_ids`) or declined. Paused, delivered and cancelled orders wait for nobody.

Stuck reasons (changelog 2025-09-23): "Order Too Early to Fill" clears by itself (the order moves
on); "Order Missing Active Prescription" comes 24 h after an order with an unmatched prescription
line entered its status, and clears once a prescription matches; "No Refills Remaining" and
"Prescription Expired" wait for a person. Blend's order has no stuck field: the sandbox keeps the
reason privately (`_stuck`) and tells it only through the `order.stuck` event, as Blend does.

Deterministic: what an order does next and how long it takes come from the seed, the order's id
and how many steps it has taken, never from the wall clock; an order's step is due that long after
it entered its status (or after the clock started, for orders older than that). Delays are Blend's
(hours) divided by `speed`.

Turning it: `advance(seconds)` moves the sandbox's time forward (every timestamp it writes after
that too) and makes every step due by then, in order, each stamped with its own due time; `tick()`
makes the steps due by now. Tests call these; with `BLEND_SANDBOX_PROGRESS` set, a background
thread calls `tick()` every second (`run_in_background`), in the one process that holds the
sandbox (`make run`'s server, or `manage.py blend_sandbox`, which every gunicorn worker shares).
Every change goes out as Blend's events (`order_rules.move`, `emit_order`) once the turn is done.
"""

from __future__ import annotations

import copy
import heapq
import logging
import threading
import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from random import Random
from typing import Any, Protocol

from apps.sandbox import http, webhooks
from apps.sandbox import seed_catalog as catalog
from apps.sandbox.order_index import has_unmatched_prescriptions
from apps.sandbox.order_rules import emit_order, move, touch
from apps.sandbox.reference import SERVICE_LEVELS
from apps.sandbox.state import Row, SandboxState


class HasState(Protocol):  # the Sandbox (apps.sandbox.app), whose state a test may swap
    state: SandboxState


logger = logging.getLogger("blendadmin.sandbox.clock")

TOO_EARLY = "Order Too Early to Fill"
MISSING_PRESCRIPTION = "Order Missing Active Prescription"
NO_REFILLS = "No Refills Remaining"
EXPIRED = "Prescription Expired"
STUCK_REASONS = (TOO_EARLY, MISSING_PRESCRIPTION, NO_REFILLS, EXPIRED)

# status -> (the next status, hours it takes at Blend: low, high)
NEXT = {
    "received": ("data_entry", 2, 40),
    "data_entry": ("picked", 1, 24),
    "picked": ("verified", 2, 30),
    "verified": ("shipped", 2, 26),
    "shipped": ("delivered", 40, 130),
    "exception": ("data_entry", 12, 96),
}
WAITING_FOR_PRESCRIPTION = ("received", "data_entry")  # an unmatched line stops an order here
MISSING_PRESCRIPTION_HOURS = 24
ALNUM = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"


@dataclass(frozen=True)
class Step:
    """An order's next step: `action` at `at` (`move` to `detail`, `stuck` with reason `detail`,
    `cancel`, `keep` (a cancellation declined), `replace` or `decline` (a replacement request))."""

    order_id: str
    at: datetime
    action: str
    detail: str | None = None


class Clock:
    def __init__(self, sandbox: HasState, *, seed: int = 0, speed: float = 1.0) -> None:
        self.sandbox = sandbox
        self.seed = seed
        self.speed = speed
        self.ahead = 0.0
        self.started = http.now()
        self._cache: dict[tuple[str, int, int], tuple[float, float]] = {}
        self._kept: tuple[Any, ...] | None = None  # the plans of the last turn (`_planned`)
        self._turning = threading.Lock()
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    # --- turning ------------------------------------------------------------------------------

    def now(self) -> datetime:
        return http.now()

    def reset(self) -> None:
        """Back to the wall clock, starting now (each test's fresh sandbox)."""
        with self._turning:
            self.ahead = 0.0
            http.set_ahead(0.0)
            self.started = http.now()
            self._cache.clear()

    def advance(self, seconds: float) -> list[Step]:
        """Move the sandbox's time `seconds` forward and take every step due by then."""
        with self._turning:
            self.ahead += seconds
            http.set_ahead(self.ahead)
            return self._take_steps(http.now())

    def tick(self) -> list[Step]:
        """Take every step due by now."""
        with self._turning:
            return self._take_steps(http.now())

    def next_step(self, order_id: str) -> Step | None:
        """What the order does next and when (None: it waits for a person)."""
        row = self.sandbox.state.orders.get(order_id)
        return self._plan(row) if row is not None else None

    def seconds_until(self, order_id: str) -> float:
        """How far to `advance` for the order's next step (0 if it is due already)."""
        step = self.next_step(order_id)
        if step is None:
            raise ValueError(f"order {order_id} waits for a person: nothing is due")
        return max(0.0, (step.at - http.now()).total_seconds()) + 0.001

    def run_in_background(self, interval: float = 1.0) -> None:
        """Tick every `interval` seconds on a daemon thread (BLEND_SANDBOX_PROGRESS)."""
        if self._thread is not None and self._thread.is_alive():
            return
        self._stop.clear()
        thread = threading.Thread(target=self._loop, args=(interval,), name="sandbox-clock", daemon=True)
        self._thread = thread
        thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)
        self._thread = None

    def _loop(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.tick()
            except Exception:  # the clock keeps going whatever one step did
                logger.exception("sandbox clock tick failed")

    def _take_steps(self, until: datetime) -> list[Step]:
        taken: list[Step] = []
        with webhooks.batch():  # the events leave once the turn is done and the lock released
            state = self.sandbox.state
            with state.lock:
                plans, queue = self._planned(state)
                while queue and queue[0][0] <= until:
                    at, order_id = heapq.heappop(queue)
                    step = plans.get(order_id)
                    if step is None or step.at != at:
                        continue  # replanned since it was queued
                    created = self._take(state, step)
                    taken.append(step)
                    for changed in (order_id, *created):
                        self._replan(state, plans, queue, changed)
                self._kept = (state, state.orders.version, self._config(), plans, queue)
        return taken

    # --- planning -----------------------------------------------------------------------------

    def _config(self) -> tuple[Any, ...]:
        return (self.seed, self.speed, self.started)

    def _planned(self, state: SandboxState) -> tuple[dict[str, Step], list[tuple[datetime, str]]]:
        """Every moving order's next step, and a queue of them by time: kept from the last turn
        while nobody changed an order since, built afresh otherwise."""
        kept = self._kept
        if kept is not None and kept[0] is state and kept[1:3] == (state.orders.version, self._config()):
            return kept[3], kept[4]
        plans: dict[str, Step] = {}
        queue: list[tuple[datetime, str]] = []
        for row in state.orders.rows():
            self._replan(state, plans, queue, row["id"], row)
        return plans, queue

    def _replan(
        self,
        state: SandboxState,
        plans: dict[str, Step],
        queue: list[tuple[datetime, str]],
        order_id: str,
        row: Row | None = None,
    ) -> None:
        row = row if row is not None else state.orders.get(order_id)
        step = self._plan(row) if row is not None and _may_move(row) else None
        if step is None:
            plans.pop(order_id, None)
            return
        plans[order_id] = step
        heapq.heappush(queue, (step.at, order_id))

    def _draws(self, row: Row) -> Random:
        """The order's dice for its current step: the plan's two draws first, then the step's own."""
        steps = len(row.get("_history") or []) + row.get("_clock_steps", 0)
        return Random(f"{self.seed}:{row['id']}:{steps}")

    def _plan_draws(self, row: Row) -> tuple[float, float]:
        key = (row["id"], len(row.get("_history") or []), row.get("_clock_steps", 0))
        draws = self._cache.get(key)
        if draws is None:
            rng = self._draws(row)
            draws = self._cache[key] = (rng.random(), rng.random())
        return draws

    def _after(self, row: Row, since: datetime, low: float, high: float, draw: float) -> datetime:
        hours = low + (high - low) * draw
        if row.get("priority_requested"):
            hours /= 2
        return max(since, self.started) + timedelta(hours=hours / self.speed)

    def _plan(self, row: Row) -> Step | None:
        when, what = self._plan_draws(row)
        status = row["status"]
        entered = _entered(row)
        since = max(entered, _stamp(row.get("_clock_at")))
        order_id = row["id"]
        if row.get("replacement_request_status") == "pending":
            since = max(since, _stamp(row.get("replacement_requested_at")))
            action = "replace" if what < 0.75 else "decline"
            return Step(order_id, self._after(row, since, 2, 30, when), action)
        if status not in NEXT:
            return None
        if row.get("cancellation_requested") and status in ("picked", "verified"):
            action = "cancel" if what < 0.7 else "keep"
            return Step(order_id, self._after(row, since, 1, 12, when), action)
        following = NEXT[status][0]
        stuck = (row.get("_stuck") or {}).get("reason")
        unmatched = status in WAITING_FOR_PRESCRIPTION and has_unmatched_prescriptions(row)
        if stuck == TOO_EARLY:
            return Step(order_id, self._after(row, since, 6, 72, when), "move", following)
        if stuck == MISSING_PRESCRIPTION and not unmatched:  # the prescription came
            return Step(order_id, self._after(row, since, 0.5, 2, when), "move", following)
        if stuck is not None:
            return None  # no refills, or expired: a new prescription (a person) is needed
        if unmatched:
            hours = MISSING_PRESCRIPTION_HOURS
            return Step(order_id, self._after(row, entered, hours, hours, 0), "stuck", MISSING_PRESCRIPTION)
        if status == "received" and what < 0.06:
            return Step(order_id, self._after(row, since, 0.5, 4, when), "stuck", TOO_EARLY)
        if status == "data_entry" and what < 0.06:
            reason = NO_REFILLS if what < 0.03 else EXPIRED
            return Step(order_id, self._after(row, since, 1, 8, when), "stuck", reason)
        if status == "data_entry" and what < 0.11:
            return Step(order_id, self._after(row, since, 1, 20, when), "move", "exception")
        _, low, high = NEXT[status]
        return Step(order_id, self._after(row, since, low, high, when), "move", following)

    # --- taking a step ------------------------------------------------------------------------

    def _take(self, state: SandboxState, step: Step) -> list[str]:
        """Take the step; the ids of orders it created (a replacement)."""
        rng = self._draws(state.orders.get(step.order_id) or {"id": step.order_id})
        rng.random(), rng.random()  # the plan's two draws: what follows is the step's own
        row = state.orders.edit(step.order_id)
        by = rng.choice(catalog.STAFF)
        created: list[str] = []
        if step.action == "move":
            if step.detail == "shipped":
                row["shipments"] = [*row.get("shipments", []), _shipment(row, step.at, rng)]
            move(state, row, step.detail or "", moment=step.at, by=by)
        elif step.action == "cancel":
            move(state, row, "cancelled", moment=step.at, by=by)
        else:
            row["_clock_steps"] = row.get("_clock_steps", 0) + 1
            touch(row, step.at)
            if step.action == "stuck":
                row["_stuck"] = {"reason": step.detail, "since": http.iso(step.at)}
                emit_order(state, row, "order.stuck", reason=step.detail)
            # A request resolved without a status change: Blend documents no event for it
            # (reference §5.2); a fulfilled replacement's order.created names the original.
            elif step.action == "keep":
                row["cancellation_requested"] = False
            elif step.action == "decline":
                row["replacement_request_status"] = "declined"
            elif step.action == "replace":
                replacement = _replacement(state, row, step.at, rng, by)
                row["replacement_request_status"] = "fulfilled"
                row["replacement_order_ids"] = [*row.get("replacement_order_ids", []), replacement["id"]]
                emit_order(state, replacement, "order.created")
                created.append(replacement["id"])
        row["_clock_at"] = row["_changed_at"]
        return created


def _may_move(row: Row) -> bool:
    """Whether the clock may move the order (open, or with a replacement request pending)."""
    return row["status"] in NEXT or row.get("replacement_request_status") == "pending"


def _stamp(value: str | None) -> datetime:
    """A sandbox timestamp (`...Z` whole seconds, or naive with microseconds) as an aware datetime."""
    if not value:
        return datetime.min.replace(tzinfo=UTC)
    return datetime.fromisoformat(value.removesuffix("Z")).replace(tzinfo=UTC)


def _entered(row: Row) -> datetime:
    history = row.get("_history") or []
    return _stamp(history[-1]["updated_at"] if history else row.get("updated_at"))


def _uuid(rng: Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _shipment(row: Row, moment: datetime, rng: Random) -> Row:
    """A shipment as Blend adds it when the order ships: the order's carrier and service level (or
    the account's usual ones), a tracking number and its carrier's tracking URL."""
    custom = row.get("custom_shipping")
    if custom:
        carrier, level = custom["carrier"], f"{custom['carrier']} Ground"
        number, url = custom["tracking_number"], custom["tracking_url"]
    else:
        shipping = row.get("shipping") or {}
        code = shipping.get("service_level")
        if not code:
            carrier_first = shipping.get("carrier") or ""
            levels = [(c, w) for c, w in catalog.DEFAULT_LEVELS if c.startswith(carrier_first)]
            levels = levels or catalog.DEFAULT_LEVELS
            code = rng.choices([c for c, _ in levels], [w for _, w in levels])[0]
        carrier_code, level = SERVICE_LEVELS[catalog.GENERIC_LEVELS.get(code, code)]
        carrier = catalog.CARRIER_NAMES.get(carrier_code or "", (carrier_code or "").upper())
        if carrier_code == "ups":
            number = f"1Z{''.join(rng.choices(ALNUM, k=6))}03{rng.randrange(10**8):08d}"
            url = f"https://www.ups.com/track?tracknum={number}"
        else:
            number = f"9400{rng.randrange(10**18):018d}"
            url = f"https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"
    return {
        "id": _uuid(rng).upper(),
        "carrier": carrier,
        "service_level": level,
        "shipped_at": http.iso(moment),
        "tracking_number": number,
        "tracking_url": url,
    }


def _replacement(state: SandboxState, original: Row, moment: datetime, rng: Random, by: Row) -> Row:
    """The order Blend creates when it fulfils a replacement request: the same patient, address and
    products, received now, marked as a replacement of `original`."""
    stamp = http.iso(moment)
    taken = {r["order_number"] for r in state.orders.rows()}
    number = ""
    while not number or number in taken:
        number = f"ORD{moment:%y%m%d%H%M%S}{''.join(rng.choices(ALNUM, k=4))}"
    products: dict[str, Any] = {
        kind: [{**copy.deepcopy(line), "order_item_id": _uuid(rng)} for line in lines]
        for kind, lines in original["products"].items()
    }
    same = ("customer_id", "shipping", "prescription_count", "_patient_id")
    row: Row = {
        **copy.deepcopy({key: original[key] for key in same}),
        "id": _uuid(rng),
        "created_at": stamp,
        "updated_at": stamp,
        "address": {**original["address"], "id": _uuid(rng)},
        "custom_shipping": None,
        "external_id": None,
        "is_replacement": True,
        "order_number": number,
        "original_order_id": original["id"],
        "priority_requested": False,
        "cancellation_requested": False,
        "replacement_order_ids": [],
        "replacement_reason": original.get("replacement_requested_reason"),
        "replacement_requested": False,
        "replacement_request_status": None,
        "replacement_requested_at": None,
        "replacement_requested_reason": None,
        "shipments": [],
        "status": "received",
        "products": products,
        "electronic_prescription_ids": list(original.get("electronic_prescription_ids") or []),
        "_history": [{"status": "received", "updated_at": stamp, "updated_by": dict(by), "duration": None}],
    }
    touch(row, moment)
    row["_clock_at"] = row["_changed_at"]
    return state.orders.insert(row)
