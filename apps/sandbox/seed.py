"""Seeded, deterministic demo data: the same seed and the same anchor day give the same account.

The account is a telehealth company ("HealthCo") sending compounded prescriptions to Blend: ~320
patients, 40 prescribers with licences and supervision, 30 products, Blend's compounding reasons,
~2,400 orders over the 120 days before the anchor day (every status, with history, shipments,
replacements) and their e-prescriptions, plus a few tasks, inventory lots and webhook subscriptions.

Fast by design (well under 1.5 s): Faker only fills small pools of names and streets once; every row
is plain dict building driven by one `random.Random(seed)`.
"""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from random import Random

from faker import Faker

from apps.sandbox import seed_catalog as catalog
from apps.sandbox.reference import NOTIFICATION_EVENT_TYPES
from apps.sandbox.seed_orders import OrderSeeding, naive, ts
from apps.sandbox.state import Row, SandboxState

SANDBOX_EMAIL = "sandbox@example.com"
SANDBOX_PASSWORD = "sandbox"
SANDBOX_USER_ID = "5f0c1d2e-0000-4000-8000-00000000a001"
CUSTOMER_ID = catalog.CUSTOMER_ID
CUSTOMER_NAME = catalog.CUSTOMER_NAME
PATIENTS = 320
PATIENT_DAYS = 400


def build_seeded_state(*, seed: int, anchor: datetime) -> SandboxState:
    """The demo account as it stands at the start of `anchor`'s day (UTC)."""
    day = anchor.astimezone(UTC).replace(hour=0, minute=0, second=0, microsecond=0, tzinfo=None)
    return _Seeder(seed, day).build()


def luhn_npi(stem: str) -> str:
    """A valid NPI from its first 9 digits (Luhn over the `80840` prefix, as CMS defines it)."""
    total = 0
    for position, char in enumerate(reversed("80840" + stem)):
        digit = int(char)
        if position % 2 == 0:
            digit *= 2
            digit -= 9 if digit > 9 else 0
        total += digit
    return stem + str((10 - total % 10) % 10)


def dea_number(rng: Random, registrant: str, last_name: str) -> str:
    digits = [rng.randint(0, 9) for _ in range(6)]
    check = (digits[0] + digits[2] + digits[4] + 2 * (digits[1] + digits[3] + digits[5])) % 10
    return f"{registrant}{last_name[0].upper()}{''.join(map(str, digits))}{check}"


class _Seeder(OrderSeeding):
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

    def patients(self) -> None:
        rng, day = self.rng, self.day
        created = sorted(self.when(PATIENT_DAYS * rng.random() ** 1.3) for _ in range(PATIENTS))
        self.patient_rows: list[Row] = []
        for number, moment in enumerate(created, start=1):
            female = rng.random() < 0.62
            first = rng.choice(self.female if female else self.male)
            last = rng.choice(self.last)
            city = rng.choice(catalog.CITIES)
            minor = rng.random() < 0.08
            age = rng.randint(2, 17) if minor else int(rng.triangular(18, 86, 38))
            born = (day - timedelta(days=age * 365 + rng.randint(1, 360))).date()
            adult_female = female and 18 <= age <= 45
            row: Row = {
                "id": self.uid(),
                "created_at": ts(moment),
                "updated_at": ts(moment + (day - moment) * rng.random() * 0.5),
                "first_name": first,
                "middle_name": rng.choice(self.female if female else self.male)
                if rng.random() < 0.55
                else None,
                "last_name": last,
                "gender": "female" if female else "male",
                "email": f"{first}.{last}{rng.randint(1, 99)}@{rng.choice(catalog.EMAIL_DOMAINS)}".lower(),
                "phone": self.phone(city[3]),
                "date_of_birth": born.isoformat(),
                "driver_license_number": None,
                "driver_license_state": None,
                "ssn": None,
                "primary_language": rng.choices(("en", "es", "zh", "vi"), (88, 9, 2, 1))[0],
                "guardian_name": None,
                "guardian_phone": None,
                "guardian_email": None,
                "guardian_relationship": None,
                "height_inches": rng.randint(60, 70) if female else rng.randint(64, 76),
                "weight_pounds": rng.randint(110, 210) if female else rng.randint(140, 260),
                "external_id": f"HEALTHCO_PATIENT_{number:04d}",
                "is_smoker": rng.random() < 0.12,
                "is_diabetic": rng.random() < 0.1,
                "is_pregnant": adult_female and rng.random() < 0.04,
                "receive_sms": rng.random() < 0.7,
                "receive_email": rng.random() < 0.85,
                "address": self.address(city),
                "is_minor": minor,
            }
            if minor:
                row["height_inches"] = rng.randint(34, 66)
                row["weight_pounds"] = rng.randint(30, 150)
                guardian = rng.choice(self.male + self.female)
                row["guardian_name"] = f"{guardian} {last}"
                row["guardian_phone"] = self.phone(city[3])
                row["guardian_email"] = f"{guardian}.{last}@{rng.choice(catalog.EMAIL_DOMAINS)}".lower()
                row["guardian_relationship"] = rng.choices(
                    ("parent", "legal_guardian", "grandparent", "other"), (85, 8, 5, 2)
                )[0]
                row["email"] = row["guardian_email"]
            else:
                if rng.random() < 0.85:
                    row["driver_license_state"] = row["address"]["state"]
                    row["driver_license_number"] = f"{last[0].upper()}{self.digits(8)}"
                if rng.random() < 0.75:
                    area = rng.choice([n for n in range(1, 900) if n != 666][::7])
                    row["ssn"] = f"{area:03d}{rng.randint(1, 99):02d}{rng.randint(1, 9999):04d}"
            self.state.patients.insert(row)
            self.patient_rows.append(row)
        self.patient_times = [
            datetime.strptime(r["created_at"], "%Y-%m-%dT%H:%M:%SZ") for r in self.patient_rows
        ]

    def risk_factors(self) -> None:
        rng = self.rng
        for patient in self.patient_rows:
            if rng.random() > 0.35:
                continue
            text_id = None
            for _ in range(rng.randint(1, 4)):
                kind = rng.choices(("allergy", "condition", "medication"), (4, 4, 3))[0]
                source = rng.choices(("autocomplete", "text", "manual"), (5, 4, 1))[0]
                confidence = 1.0 if source != "text" else round(rng.uniform(0.62, 0.99), 2)
                if kind == "medication":
                    detail = rng.choice(catalog.MEDICATIONS)
                    name, original = (
                        detail["name"],
                        rng.choice((detail["ingredient_name"], detail["brand_name"])),
                    )
                else:
                    name, original = rng.choice(
                        catalog.ALLERGIES if kind == "allergy" else catalog.CONDITIONS
                    )
                if source == "text" and text_id is None:
                    text_id = self.uid()
                    self.state.risk_factor_texts.insert(
                        {
                            "id": text_id,
                            "patient_id": patient["id"],
                            "text": original,
                            "status": "processed",
                            "created_at": patient["created_at"],
                        }
                    )
                row: Row = {
                    "id": self.uid(),
                    "created_at": patient["created_at"],
                    "updated_at": patient["created_at"],
                    "patient_id": patient["id"],
                    "type": kind,
                    "name": name,
                    "original_name": original,
                    "risk_factor_id": str(uuid.uuid5(uuid.NAMESPACE_URL, f"blend-risk-factor:{kind}:{name}")),
                    "confidence": confidence,
                    "is_active": True,
                    "match_source": source,
                    "match_type": "product" if kind == "medication" else None,
                    "matched": confidence >= 0.9,
                    "matched_via_synonym": original.lower() != name.lower() and source == "autocomplete",
                    "risk_factor_text_id": text_id if source == "text" else None,
                    "text_chunk": original.lower() if source == "text" else None,
                }
                if kind == "medication":
                    row["medication_detail"] = dict(detail)
                self.state.risk_factors.insert(row)

    def prescribers(self) -> None:
        rng = self.rng
        credentials = ["MD"] * 20 + ["DO"] * 6 + ["NP"] * 9 + ["PA"] * 5
        stems: set[str] = set()
        self.prescriber_rows: list[Row] = []
        self.licensed: dict[str, list[Row]] = {}
        supervisees: list[Row] = []
        for credential in credentials:
            female = rng.random() < 0.55
            first, last = rng.choice(self.female if female else self.male), rng.choice(self.last)
            city = rng.choice(catalog.CITIES)
            stem = "1" + self.digits(8)
            while stem in stems:
                stem = "1" + self.digits(8)
            stems.add(stem)
            created = self.when(rng.uniform(300, 700))
            states = [city[1], *rng.sample(catalog.LICENCE_STATES, rng.randint(0, 2))]
            states = list(dict.fromkeys(states))
            if credential in ("NP", "PA") and self.licensed:
                states[0] = rng.choice(sorted(self.licensed))  # a state where some MD/DO holds a licence
            row: Row = {
                "id": self.uid(),
                "created_at": ts(created),
                "updated_at": ts(created + timedelta(days=rng.randint(0, 200))),
                "first_name": first,
                "middle_name": rng.choice(self.male + self.female) if rng.random() < 0.4 else None,
                "last_name": last,
                "email": f"{first[0]}{last}@{rng.choice(catalog.PRACTICE_DOMAINS)}".lower(),
                "phone": self.phone(city[3]),
                "date_of_birth": (self.day - timedelta(days=rng.randint(30 * 365, 66 * 365)))
                .date()
                .isoformat(),
                "gender": "Female" if female else "Male",
                "npi": luhn_npi(stem),
                "dea": dea_number(rng, "M" if credential in ("NP", "PA") else rng.choice("ABF"), last)
                if rng.random() < 0.9
                else None,
                "spi": self.digits(10) + "001",
                "driver_license_number": f"{last[0].upper()}{self.digits(8)}",
                "driver_license_state": city[1],
                "is_active": rng.random() < 0.95,
                "credential_npi": rng.choice(catalog.CREDENTIAL_NPI[credential]),
                "addresses": [
                    {
                        "id": self.uid(),
                        "created_at": ts(created),
                        "updated_at": ts(created),
                        **self.address(city),
                        "type": "practice",
                    }
                ],
                "credentials": [
                    {"credential_code": credential, "name": catalog.CREDENTIAL_NAMES[credential]}
                ],
                "restrictions": [],
                "qualifications": [],
            }
            for state in states:
                expired = rng.random() < 0.08
                expires = self.day + timedelta(
                    days=-rng.randint(10, 200) if expired else rng.randint(60, 1000)
                )
                row["qualifications"].append(
                    {
                        "id": self.uid(),
                        "created_at": row["created_at"],
                        "updated_at": row["created_at"],
                        "state": state,
                        "license_number": f"{rng.choice('ACGMR')}{rng.randint(10000, 999999)}",
                        "description": catalog.LICENCE_DESCRIPTIONS[credential],
                        "expiration_date": expires.date().isoformat(),
                        "is_active": not expired,
                    }
                )
                if credential in ("MD", "DO") and not expired:
                    self.licensed.setdefault(state, []).append(row)
            self.state.prescribers.insert(row)
            self.prescriber_rows.append(row)
            if credential in ("NP", "PA"):
                supervisees.append(row)
        for row in supervisees[:8]:
            state = row["qualifications"][0]["state"]
            supervisor = rng.choice(self.licensed[state])
            self.state.supervisions.insert(
                {
                    "id": self.uid(),
                    "supervisee_id": row["id"],
                    "supervisor_id": supervisor["id"],
                    "state": state,
                }
            )
        self.active_prescribers = [p for p in self.prescriber_rows if p["is_active"]]

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
