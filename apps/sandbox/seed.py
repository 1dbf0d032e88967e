"""Seeded, deterministic demo data: the same seed and the same anchor day give the same account.

The account is a telehealth company ("HealthCo") sending compounded prescriptions to Blend: ~320
patients, 40 prescribers with licences and supervision, 30 products, Blend's compounding reasons,
~2,400 orders over the 120 days before the anchor day (every status, with history, shipments,
replacements) and their e-prescriptions, plus a few tasks, inventory lots and webhook subscriptions.

Fast by design (well under 1.5 s): Faker only fills small pools of names and streets once; every row
is plain dict building driven by one `random.Random(seed)`. The builder here mixes in the people
(`seed_people`) and the orders (`seed_orders`); both draw from the fixed catalogue in `seed_catalog`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from random import Random

from faker import Faker

from apps.sandbox import seed_catalog as catalog
from apps.sandbox.handlers.barcodes import PRODUCT_ENTITIES
from apps.sandbox.reference import NOTIFICATION_EVENT_TYPES
from apps.sandbox.seed_orders import OrderSeeding, naive, ts
from apps.sandbox.seed_people import PeopleSeeding
from apps.sandbox.seed_people import luhn_npi as luhn_npi  # re-exported: callers import it from here
from apps.sandbox.state import Row, SandboxState

SANDBOX_EMAIL = "sandbox@example.com"
SANDBOX_PASSWORD = "sandbox"
SANDBOX_USER_ID = "5f0c1d2e-0000-4000-8000-00000000a001"
CUSTOMER_ID = catalog.CUSTOMER_ID
CUSTOMER_NAME = catalog.CUSTOMER_NAME
# Blend's barcode entity type of each product kind.
BARCODE_ENTITY = {kind: entity_type for entity_type, kind in PRODUCT_ENTITIES.items()}


def build_seeded_state(*, seed: int, anchor: datetime) -> SandboxState:
    """The demo account as it stands at the start of `anchor`'s day (UTC)."""
    day = anchor.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    return _Seeder(seed, day).build()


class _Seeder(PeopleSeeding, OrderSeeding):
    def __init__(self, seed: int, day: datetime) -> None:
        self.rng = Random(seed)
        self.day = day
        self.state = SandboxState()
        self.api_user = {"id": SANDBOX_USER_ID, "first_name": "Sandbox", "last_name": "Integration"}
        faker = Faker("en_US")
        faker.seed_instance(seed)
        self.male = [faker.first_name_male() for _ in range(160)]
        self.female = [faker.first_name_female() for _ in range(160)]
        self.last = [faker.last_name() for _ in range(320)]
        self.streets = [faker.street_name() for _ in range(300)]

    # -- small helpers ---------------------------------------------------------------------------
    def uid(self) -> str:
        return str(uuid.UUID(int=self.rng.getrandbits(128), version=4))

    def digits(self, n: int) -> str:
        return str(self.rng.randrange(10**n)).zfill(n)

    def phone(self, area: str) -> str:
        return f"{area}{self.rng.randint(201, 989)}{self.digits(4)}"

    def address(self, city: tuple[str, str, str, str]) -> Row:
        rng = self.rng
        second = rng.random()
        unit = f"Apt {rng.randint(1, 40)}{rng.choice('ABCD')}" if second < 0.25 else None
        if 0.25 <= second < 0.32:
            unit = f"Unit {rng.randint(100, 999)}"
        return {
            "address_1": f"{rng.randint(1, 9899)} {rng.choice(self.streets)}",
            "address_2": unit,
            "city": city[0],
            "state": city[1],
            "zip_code": city[2][:-1] + str(rng.randint(0, 9)),
            "country": "US",
        }

    def when(self, days_ago: float) -> datetime:
        return self.day - timedelta(seconds=int(days_ago * 86400))

    # -- build -----------------------------------------------------------------------------------
    def build(self) -> SandboxState:
        self.users()
        self.patients()
        self.risk_factors()
        self.prescribers()
        self.products()
        self.reasons()
        self.lots()
        self.orders()
        self.replacements()
        self.loose_prescriptions()
        self.tasks()
        self.subscriptions()
        self.barcodes()  # last: drawing from the seed here leaves everything seeded before unchanged
        return self.state

    def users(self) -> None:
        self.state.users.insert(
            {
                "id": SANDBOX_USER_ID,
                "created_at": "2025-01-01T00:00:00Z",
                "updated_at": "2025-01-01T00:00:00Z",
                "email": SANDBOX_EMAIL,
                "password": SANDBOX_PASSWORD,
                "first_name": "Sandbox",
                "last_name": "Integration",
                "is_active": True,
                "role": "admin",
            }
        )
        self.teammates = []
        for first, last, role in (
            ("Dana", "Whitfield", "admin"),
            ("Marcus", "Bell", "user"),
            ("Ines", "Ortega", "user"),
        ):
            row = {
                "id": self.uid(),
                "created_at": "2025-01-06T15:00:00Z",
                "updated_at": "2025-01-06T15:00:00Z",
                "email": f"{first.lower()}.{last.lower()}@healthco.example",
                "password": self.uid(),  # nobody signs in as a teammate
                "first_name": first,
                "last_name": last,
                "is_active": True,
                "role": role,
            }
            self.state.users.insert(row)
            self.teammates.append({"id": row["id"], "first_name": first, "last_name": last, "role": role})

    def products(self) -> None:
        rng = self.rng
        self.lines: dict[str, list[tuple[Row, Row]]] = {
            "prescription": [],
            "non_prescription": [],
            "order_material": [],
        }
        for kind, entries in catalog.PRODUCTS.items():
            for entry in entries:
                created = ts(self.when(rng.uniform(420, 500)))
                row: Row = {
                    "id": self.uid(),
                    "created_at": created,
                    "updated_at": created,
                    "sku": self.digits(10),
                }
                row.update({k: v for k, v in entry.items() if not k.startswith("_")})
                row.update(
                    {
                        "current_stock": 0,
                        "reorder_threshold": entry.get("reorder_threshold", 0),
                        "has_inventory": False,
                    }
                )
                row["_kind"] = kind
                self.state.products.insert(row)
                self.lines[kind].append((row, entry))

    def reasons(self) -> None:
        created = "2024-06-01T00:00:00Z"
        self.child_reasons: list[Row] = []
        for parent_id, name, description, children in catalog.GLOBAL_REASONS:
            self.state.reasons.insert(
                {
                    "id": parent_id,
                    "created_at": created,
                    "updated_at": created,
                    "name": name,
                    "description": description,
                    "is_global": True,
                    "parent_id": None,
                }
            )
            for child_id, child_name, child_description in children:
                row = {
                    "id": child_id,
                    "created_at": created,
                    "updated_at": created,
                    "name": child_name,
                    "description": child_description,
                    "is_global": True,
                    "parent_id": parent_id,
                }
                self.state.reasons.insert(row)
                self.child_reasons.append(row)
        custom = ts(self.when(200))
        parent = self.uid()
        for reason_id, name, description, parent_id in (
            (parent, "Clinic Protocol", "Formulation follows a HealthCo clinical protocol.", None),
            (
                self.uid(),
                "Patient Preference for Topical",
                "Patient prefers a topical route over oral dosing.",
                parent,
            ),
        ):
            self.state.reasons.insert(
                {
                    "id": reason_id,
                    "created_at": custom,
                    "updated_at": custom,
                    "name": name,
                    "description": description,
                    "is_global": False,
                    "parent_id": parent_id,
                }
            )

    def lots(self) -> None:
        rng = self.rng
        for product_name, lot in catalog.LOTS:
            product = next(
                p for p, _ in (x for kind in self.lines.values() for x in kind) if p["name"] == product_name
            )
            received = self.when(rng.uniform(20, 150))
            row: Row = {
                "id": self.uid(),
                "created_at": ts(received),
                "updated_at": ts(received),
                "batch_number": self.digits(10),
                "type": product["_kind"],
                **{k: v for k, v in lot.items() if k != "units_per_product"},
                "received_date": received.strftime("%Y-%m-%dT%H:%M:%S.") + self.digits(6),
                "expiration_date": naive(received + timedelta(days=rng.choice((365, 540, 730)))),
                "is_active": True,
                "_associations": [
                    {
                        "product_type": product["_kind"],
                        "product_id": product["id"],
                        "units_per_product": lot["units_per_product"],
                    }
                ],
            }
            if product_name in catalog.DEMO_LOT_DAYS_LEFT:  # the demo shows an expired and an expiring lot
                row["expiration_date"] = naive(self.when(-catalog.DEMO_LOT_DAYS_LEFT[product_name]))
            self.state.lots.insert(row)
            stocked = self.state.products.edit(product["id"])
            stocked["current_stock"] += row["current_quantity"] // lot["units_per_product"]
            stocked["has_inventory"] = True

    def tasks(self) -> None:
        rng = self.rng
        orders = [o for o in self.state.orders.rows() if o["status"] in ("exception", "paused", "received")]
        for name, description, category, status in catalog.TASKS:
            order = rng.choice(orders)
            assignee = rng.choice(self.teammates)
            created = datetime.strptime(order["updated_at"], "%Y-%m-%dT%H:%M:%SZ") + timedelta(
                minutes=rng.randint(5, 300)
            )
            created = min(created, self.day - timedelta(minutes=5))
            status_code, status_name = status
            self.state.tasks.insert(
                {
                    "id": self.uid(),
                    "assignee": dict(assignee),
                    "assignee_id": assignee["id"],
                    "created_by_id": SANDBOX_USER_ID,
                    "created_at": ts(created),
                    "completed_at": ts(min(created + timedelta(hours=6), self.day))
                    if status_code == "COMPLETED"
                    else None,
                    "name": name,
                    "description": description,
                    "category_code": category[0],
                    "category_name": category[1],
                    "status_code": status_code,
                    "status_name": status_name,
                    "order_id": order["id"] if category[0] == "T01" else None,
                    "patient_id": order["_patient_id"],
                    "prescription_id": (order["electronic_prescription_ids"] or [None])[0]
                    if category[0] == "T03"
                    else None,
                    "watchers": [dict(w) for w in rng.sample(self.teammates, rng.randint(0, 2))],
                }
            )

    def subscriptions(self) -> None:
        events = {e["event_code"]: e for e in NOTIFICATION_EVENT_TYPES}
        for url, codes, active in (
            (
                "https://hooks.healthco.example/blend/orders",
                ("order.created", "order.shipped", "order.delivered"),
                True,
            ),
            ("https://hooks.healthco.example/blend/alerts", ("order.stuck", "prescription.cancelled"), False),
        ):
            self.state.subscriptions.insert(
                {
                    "id": self.uid(),
                    "created_at": ts(self.when(90)),
                    "is_active": active,
                    "type": "webhook",
                    "user_id": SANDBOX_USER_ID,
                    "subscriptions": [dict(events[code]) for code in codes],
                    "url": url,
                }
            )

    def barcodes(self) -> None:
        """Printed labels: an active barcode for every lot and every product, so a first run can scan
        one (each shows on its Barcodes page). Blend's barcodes live an hour (the sandbox makes new
        ones so); the demo's labels were issued the day before and last a year, as printed labels
        must. The first lot also has an expired and a withdrawn code, to show why a scan fails."""
        issued = self.day - timedelta(days=1)
        labels = [("inventory", row["id"]) for row in sorted(self.state.lots.rows(), key=lambda r: r["id"])]
        labels += [
            (BARCODE_ENTITY[row["_kind"]], row["id"])
            for row in sorted(self.state.products.rows(), key=lambda r: r["id"])
        ]
        for entity_type, entity_id in labels:
            self._barcode(entity_type, entity_id, issued, issued + timedelta(days=365), active=True)
        entity_type, entity_id = labels[0]
        self._barcode(
            entity_type, entity_id, issued - timedelta(days=30), issued - timedelta(days=29), active=True
        )
        self._barcode(
            entity_type, entity_id, issued - timedelta(days=10), issued + timedelta(days=355), active=False
        )

    def _barcode(
        self, entity_type: str, entity_id: str, created: datetime, expires: datetime, *, active: bool
    ) -> None:
        stamp = "%Y-%m-%dT%H:%M:%S.%f"
        self.state.barcodes.insert(
            {
                "id": self.uid(),
                "barcode_value": f"{entity_type.upper()}-{entity_id}-{self.rng.getrandbits(32):08x}",
                "entity_type": entity_type,
                "entity_id": entity_id,
                "created_at": created.strftime(stamp),
                "expires_at": expires.strftime(stamp),
                "is_active": active,
            }
        )
