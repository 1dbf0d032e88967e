"""The people half of the seed: ~320 patients (some minors, with guardians), their allergies,
conditions and medications (risk factors), and 40 prescribers with licences and supervision.
Mixed into the seed's builder (`seed._Seeder`)."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from random import Random

from apps.sandbox import seed_catalog as catalog
from apps.sandbox.seed_orders import ts
from apps.sandbox.state import Row, SandboxState

PATIENTS = 320
PATIENT_DAYS = 400


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


class PeopleSeeding:
    """Patient, risk factor and prescriber building for `seed._Seeder`, which provides these
    attributes and `uid`, `digits`, `phone`, `address` and `when`."""

    rng: Random
    day: datetime
    state: SandboxState
    male: list[str]
    female: list[str]
    last: list[str]

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
