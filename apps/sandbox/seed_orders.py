"""The orders half of the seed: ~2,400 orders over the 120 days before the anchor day, each walked
through the lifecycle (with pauses, exceptions and cancellations on the way), its e-prescriptions,
shipments and replacement requests. Mixed into the seed's builder (`seed._Seeder`)."""

from __future__ import annotations

import bisect
import string
from datetime import datetime, timedelta
from random import Random
from typing import Any

from apps.sandbox import seed_catalog as catalog
from apps.sandbox.reference import QUANTITY_UNIT_TERMS, SERVICE_LEVELS
from apps.sandbox.state import Row, SandboxState

ORDERS = 2400
ORDER_DAYS = 120
ALNUM = string.ascii_uppercase + string.digits


def ts(moment: datetime) -> str:
    """Blend's timestamp: ISO 8601 UTC with Z (the seed works in naive UTC datetimes)."""
    return moment.isoformat(timespec="seconds") + "Z"  # isoformat is ~3x faster than strftime


def naive(moment: datetime) -> str:
    """The naive timestamp e-prescription medications use."""
    return moment.isoformat(timespec="seconds")


class OrderSeeding:
    """Order building for `seed._Seeder`, which provides these attributes and `uid`, `digits`,
    `address` and `when`."""

    rng: Random
    day: datetime
    state: SandboxState
    api_user: Row
    patient_rows: list[Row]
    patient_times: list[datetime]
    lines: dict[str, list[tuple[Row, Row]]]
    child_reasons: list[Row]
    licensed: dict[str, list[Row]]
    active_prescribers: list[Row]

    def orders(self) -> None:
        rng = self.rng
        weights = [1.4 - 0.8 * age / ORDER_DAYS for age in range(ORDER_DAYS)]
        ages = rng.choices(range(ORDER_DAYS), weights, k=ORDERS)
        moments = sorted(
            self.day
            - timedelta(days=age + 1)
            + timedelta(hours=rng.choices(range(24), catalog.HOUR_WEIGHTS)[0], seconds=rng.randrange(3600))
            for age in ages
        )
        self.numbers: set[str] = set()
        self.delivered: list[tuple[Row, datetime]] = []
        external = 0
        for moment in moments:
            eligible = bisect.bisect_right(self.patient_times, moment)
            patient = self.patient_rows[rng.randrange(max(eligible, 1))]
            external_id = None
            if rng.random() < 0.6:
                external += 1
                external_id = f"HEALTHCO_ORDER_{external:05d}"
            self.order(patient, moment, self.path(moment), external_id=external_id)

    def path(self, created: datetime, *, detours: bool = True) -> list[tuple[str, datetime]]:
        """The statuses the order goes through and when (cut at the anchor day by the caller)."""
        rng = self.rng
        steps = [("received", created)]
        moment = created

        def go(status: str, low: float, high: float) -> None:
            nonlocal moment
            moment += timedelta(seconds=int(rng.uniform(low, high) * 3600))
            steps.append((status, moment))

        fate = rng.random() if detours else 1.0
        if fate < 0.05:
            if rng.random() < 0.4:
                go("paused", 1, 30)
                go("cancelled", 24, 240)
            else:
                go("cancelled", 0.5, 30)
            return steps
        if fate < 0.11:
            go("paused", 1, 30)
            go("received", 24, 480)
        go("data_entry", 2, 40)
        if 0.11 <= fate < 0.17:
            go("exception", 1, 20)
            go("data_entry", 12, 288)
        go("picked", 1, 24)
        go("verified", 2, 30)
        go("shipped", 2, 26)
        go("delivered", 40, 130)
        return steps

    def order(self, patient: Row, created: datetime, path: list[tuple[str, datetime]], **extra: Any) -> Row:
        rng = self.rng
        steps = [step for step in path if step[1] < self.day]
        status = steps[-1][0]
        number = f"ORD{created:%y%m%d%H%M%S}{''.join(rng.choices(ALNUM, k=4))}"
        while number in self.numbers:
            number = f"ORD{created:%y%m%d%H%M%S}{''.join(rng.choices(ALNUM, k=4))}"
        self.numbers.add(number)
        address = (
            dict(patient["address"]) if rng.random() < 0.88 else self.address(rng.choice(catalog.CITIES))
        )
        shipping = rng.choice(catalog.SHIPPING_PREFERENCES) if rng.random() < 0.15 else None
        row: Row = {
            "id": self.uid(),
            "created_at": ts(created),
            "updated_at": ts(steps[-1][1]),
            "address": {"id": self.uid(), **address, "type": "shipping"},
            "custom_shipping": None,
            "customer_id": catalog.CUSTOMER_ID,
            "external_id": extra.get("external_id"),
            "is_replacement": False,
            "order_number": number,
            "original_order_id": None,
            "prescription_count": 0,
            "priority_requested": rng.random() < 0.05,
            "cancellation_requested": status in ("picked", "verified") and rng.random() < 0.15,
            "replacement_order_ids": [],
            "replacement_reason": None,
            "replacement_requested": False,
            "replacement_request_status": None,
            "replacement_requested_at": None,
            "replacement_requested_reason": None,
            "shipments": [],
            "shipping": dict(shipping) if shipping else None,
            "status": status,
            "products": extra.get("products") or self.order_lines(),
            "electronic_prescription_ids": [],
            "_patient_id": patient["id"],
            "_history": self.history(steps),
        }
        if rng.random() < 0.02:
            tracking = "1Z" + "".join(rng.choices(ALNUM, k=16))
            row["custom_shipping"] = {
                "label_url": f"https://files.healthco.example/labels/{tracking}.pdf",
                "tracking_number": tracking,
                "tracking_url": f"https://www.ups.com/track?tracknum={tracking}",
                "carrier": "UPS",
            }
        row["prescription_count"] = len(row["products"]["prescription"])
        self.prescribe(row, patient, created, status)
        if status in ("shipped", "delivered"):
            shipped_at = next(moment for name, moment in steps if name == "shipped")
            row["shipments"] = self.shipments(row, shipped_at)
        if status == "delivered":
            self.delivered.append((row, steps[-1][1]))
        self.state.orders.insert(row)
        return row

    def order_lines(self) -> Row:
        rng = self.rng
        products: Row = {"prescription": [], "non_prescription": [], "order_material": []}
        for product, _ in rng.sample(self.lines["prescription"], rng.choices((1, 2, 3), (70, 25, 5))[0]):
            line = {k: product[k] for k in catalog.LINE_FIELDS["prescription"]}
            reasons = rng.sample(self.child_reasons, rng.choices((0, 1, 2), (15, 70, 15))[0])
            line.update(
                has_prescription=True,
                quantity=rng.choices((1, 2, 3), (80, 15, 5))[0],
                order_item_id=self.uid(),
                reasons=[
                    {"id": r["id"], "name": r["name"], "description": r["description"]} for r in reasons
                ],
            )
            products["prescription"].append(line)
        for kind, chance in (("non_prescription", 0.3), ("order_material", 0.3)):
            if rng.random() < chance:
                product, _ = rng.choice(self.lines[kind])
                line = {k: product[k] for k in catalog.LINE_FIELDS[kind]}
                line.update(quantity=rng.choices((1, 2), (85, 15))[0], order_item_id=self.uid())
                products[kind].append(line)
        return products

    def history(self, steps: list[tuple[str, datetime]]) -> list[Row]:
        rng = self.rng
        entries = []
        for index, (status, moment) in enumerate(steps):
            by = (
                self.api_user
                if status in ("received", "cancelled") and index < 3
                else rng.choice(catalog.STAFF)
            )
            following = steps[index + 1][1] if index + 1 < len(steps) else None
            entries.append(
                {
                    "status": status,
                    "updated_at": ts(moment),
                    "updated_by": dict(by),
                    "duration": int((following - moment).total_seconds()) if following else None,
                }
            )
        return entries

    def prescribe(self, order: Row, patient: Row, created: datetime, status: str) -> None:
        """E-prescriptions for the order's prescription lines (some left unmatched early on)."""
        rng = self.rng
        lines = order["products"]["prescription"]
        early = status in ("received", "data_entry", "paused", "exception", "cancelled")
        if early and lines and rng.random() < (0.5 if status == "exception" else 0.12):
            lines[-1]["has_prescription"] = False
        matched = [line for line in lines if line["has_prescription"]]
        if not matched:
            return
        groups = [matched] if len(matched) == 1 or rng.random() < 0.7 else [[line] for line in matched]
        prescriber = rng.choice(self.licensed.get(patient["address"]["state"]) or self.active_prescribers)
        for group in groups:
            written = created - timedelta(days=rng.uniform(0.2, 10))
            order["electronic_prescription_ids"].append(
                self.eprescription(patient, prescriber, written, group, filled=not early)["id"]
            )

    def eprescription(
        self, patient: Row, prescriber: Row, written: datetime, lines: list[Row], *, filled: bool
    ) -> Row:
        rng = self.rng
        erx_id = self.uid().upper()
        written = written.replace(hour=0, minute=0, second=0)
        received = written + timedelta(minutes=rng.randint(20, 600))
        medications = []
        for line in lines:
            entry = catalog.PRESCRIPTION_BY_CODE[line["product_code"]]
            refills = rng.choice((0, 1, 2, 3, 5, 11))
            medications.append(
                {
                    "id": self.uid().upper(),
                    "customer_id": catalog.CUSTOMER_ID,
                    "electronic_prescription_id": erx_id,
                    "patient_id": patient["id"],
                    "prescriber_id": prescriber["id"],
                    "prescription_product_id": line["id"],
                    "days_supply": entry["_days_supply"],
                    "description": line["description"],
                    "directions": entry["_sig"],
                    "drug_name": entry["_drug_name"],
                    "expires_at": naive(written + timedelta(days=365)),
                    "fills_remaining": refills + (0 if filled else 1),
                    "name": line["name"],
                    "notes": "",
                    "product_code": line["product_code"],
                    "product_code_type": "product_code",
                    "quantity": entry["_rx_quantity"],
                    "refills": refills,
                    "serial_number": self.digits(6),
                    "sig": entry["_sig"],
                    "status": "active" if filled else "new",
                    "strength": line["strength"],
                    "substitution_allowed": rng.random() < 0.8,
                    "units": QUANTITY_UNIT_TERMS[entry["_rx_units"]],
                    "written_at": naive(written),
                }
            )
        address = patient["address"]
        row = {
            "id": erx_id,
            "created_at": ts(received),
            "updated_at": ts(received),
            "customer_id": catalog.CUSTOMER_ID,
            "patient_id": patient["id"],
            "prescriber_id": prescriber["id"],
            "source": rng.choices(("api_json", "surescripts"), (7, 3))[0],
            "type": "NewRx",
            "reference_number": f"RX{self.digits(10)}",
            "patient": {
                "patientid": patient["external_id"],
                "first_name": patient["first_name"],
                "middle_name": patient["middle_name"],
                "last_name": patient["last_name"],
                "preferred_first_name": None,
                "preferred_last_name": None,
                "date_of_birth": patient["date_of_birth"],
                "gender": patient["gender"],
                "address_1": address["address_1"],
                "address_2": address["address_2"],
                "city": address["city"],
                "state": address["state"],
                "zip_code": address["zip_code"],
                "phone": patient["phone"],
            },
            "medications": medications,
        }
        self.state.eprescriptions.insert(row)
        return row

    def shipments(self, order: Row, shipped_at: datetime) -> list[Row]:
        rng = self.rng
        if order["custom_shipping"]:
            custom = order["custom_shipping"]
            carrier, level = custom["carrier"], "UPS Ground"
            trackings = [(custom["tracking_number"], custom["tracking_url"])]
        else:
            code = (order["shipping"] or {}).get("service_level") or rng.choices(
                *zip(*catalog.DEFAULT_LEVELS, strict=True)
            )[0]
            carrier_code, level = SERVICE_LEVELS[catalog.GENERIC_LEVELS.get(code, code)]
            carrier = catalog.CARRIER_NAMES[carrier_code]
            trackings = [self.tracking(carrier_code) for _ in range(2 if rng.random() < 0.03 else 1)]
        return [
            {
                "id": self.uid().upper(),
                "carrier": carrier,
                "service_level": level,
                "shipped_at": ts(shipped_at),
                "tracking_number": number,
                "tracking_url": url,
            }
            for number, url in trackings
        ]

    def tracking(self, carrier: str) -> tuple[str, str]:
        if carrier == "ups":
            number = f"1Z{''.join(self.rng.choices(ALNUM, k=6))}03{self.digits(8)}"
            return number, f"https://www.ups.com/track?tracknum={number}"
        number = f"9400{self.digits(18)}"
        return number, f"https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"

    def replacements(self) -> None:
        """Replacement requests on delivered orders: fulfilled (with the new order), pending, declined."""
        rng = self.rng
        candidates = [(row, at) for row, at in self.delivered if at < self.day - timedelta(days=6)]
        chosen = rng.sample(candidates, min(len(candidates), 16))
        for index, (original, delivered_at) in enumerate(chosen):
            outcome = "fulfilled" if index < 8 else "pending" if index < 14 else "declined"
            requested_at = delivered_at + timedelta(hours=rng.uniform(4, 72))
            reason = rng.choice(catalog.REPLACEMENT_REASONS)
            row = self.state.orders.edit(original["id"])
            row.update(
                replacement_requested=True,
                replacement_request_status=outcome,
                replacement_requested_at=ts(requested_at),
                replacement_requested_reason=reason,
                updated_at=ts(requested_at),
            )
            if outcome != "fulfilled":
                continue
            created = requested_at + timedelta(hours=rng.uniform(2, 30))
            products = {
                kind: [{**line, "order_item_id": self.uid()} for line in lines]
                for kind, lines in row["products"].items()
            }
            patient = self.state.patients.get(row["_patient_id"])
            replacement = self.order(patient, created, self.path(created, detours=False), products=products)
            replacement = self.state.orders.edit(replacement["id"])
            replacement.update(is_replacement=True, original_order_id=row["id"], replacement_reason=reason)
            row["replacement_order_ids"] = [replacement["id"]]

    def loose_prescriptions(self) -> None:
        """E-prescriptions no order uses yet (orders may come after the prescription)."""
        rng = self.rng
        for _ in range(25):
            patient = rng.choice(self.patient_rows)
            written = max(
                self.when(rng.uniform(0.5, 20)), self.patient_times[self.patient_rows.index(patient)]
            )
            product = rng.choice(self.lines["prescription"])[0]
            line = {
                "id": product["id"],
                "name": product["name"],
                "description": product["description"],
                "product_code": product["product_code"],
                "strength": product["strength"],
            }
            prescriber = rng.choice(self.licensed.get(patient["address"]["state"]) or self.active_prescribers)
            self.eprescription(patient, prescriber, written, [line], filled=False)
