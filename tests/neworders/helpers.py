"""Walking the new-order steps as a browser would: start a draft, post each step, send the review."""

from __future__ import annotations

import re
from typing import Any

from apps.neworders.models import OrderDraft
from apps.sandbox.seed_people import luhn_npi

NEW_NPI = luhn_npi("188888888")
NEW_PATIENT_STEP = {
    "mode": "new",
    "new-first_name": "Zebulon",
    "new-last_name": "Quaxley",
    "new-date_of_birth": "1984-06-02",
    "new-gender": "male",
    "new-phone": "(641) 738-3445",
    "new-email": "zeb.quaxley@example.com",
    "new-address_1": "1 Main St",
    "new-city": "Boston",
    "new-state": "MA",
    "new-zip_code": "02108",
}
NEW_PRESCRIBER_STEP = {
    "mode": "new",
    "new-npi": NEW_NPI,
    "new-first_name": "Ottoline",
    "new-last_name": "Brandywine",
    "new-phone": "6175550100",
}


def step_url(draft: OrderDraft | str, step: str) -> str:
    return f"/orders/new/{getattr(draft, 'id', draft)}/{step}/"


def start(client, **prefill: str) -> OrderDraft:
    response = client.post("/orders/new/", prefill)
    assert response.status_code == 302, response
    draft_id = re.search(r"/orders/new/([0-9a-f-]{36})/", response["Location"]).group(1)
    return OrderDraft.objects.get(id=draft_id)


def seeded_patient(sandbox, where=lambda row: True) -> dict:
    rows = sorted(
        (p for p in sandbox.state.patients.rows() if p.get("address") and where(p)), key=lambda p: p["id"]
    )
    return rows[0]


def seeded_prescriber(sandbox) -> dict:
    return sorted(sandbox.state.prescribers.rows(), key=lambda p: p["npi"])[0]


def prescription_product(sandbox, index: int = 0) -> dict:
    rows = sorted(
        (
            p
            for p in sandbox.state.products.rows()
            if p.get("_kind") == "prescription" and p.get("is_active", True)
        ),
        key=lambda p: p["id"],
    )
    return rows[index]


def other_product(sandbox, kind: str = "non_prescription") -> dict:
    rows = sorted(
        (p for p in sandbox.state.products.rows() if p.get("_kind") == kind and p.get("is_active", True)),
        key=lambda p: p["id"],
    )
    return rows[0]


def medications_step(sandbox, *lines: dict[str, Any], prescribed_here: bool = True) -> dict[str, str]:
    lines = lines or ({},)
    data = {
        "medications-TOTAL_FORMS": str(len(lines)),
        "medications-INITIAL_FORMS": "0",
        "medications-MIN_NUM_FORMS": "1",
        "medications-MAX_NUM_FORMS": "10",
    }
    for index, line in enumerate(lines):
        values = {"product": prescription_product(sandbox)["id"], "quantity": "30"}
        if prescribed_here:
            values.update(
                units="C48480",
                days_supply="30",
                refills="2",
                directions="One capsule daily",
                substitution_allowed="on",
            )
        values.update(line)
        data.update({f"medications-{index}-{k}": v for k, v in values.items()})
    return data


def products_step(*lines: tuple[str, str, int]) -> dict[str, str]:
    data = {"products-TOTAL_FORMS": str(len(lines)), "products-INITIAL_FORMS": "0"}
    for index, (kind, product_id, quantity) in enumerate(lines):
        data[f"products-{index}-product"] = f"{kind}:{product_id}"
        data[f"products-{index}-quantity"] = str(quantity)
    return data


SHIPPING_STEP = {"ship_to": "patient", "service_level": "", "external_id": ""}


def walk(client, draft, steps: dict[str, dict[str, str]]) -> None:
    """Post each step's data with Next, and check each one was accepted."""
    for step, data in steps.items():
        response = client.post(step_url(draft, step), {**data, "nav": "next"})
        assert response.status_code == 302, (step, _errors(response))


def _errors(response) -> list[str]:
    return re.findall(r'class="(?:field|form)-error"[^>]*>([^<]+)<', response.content.decode())


def review_token(client, draft) -> str:
    html = client.get(step_url(draft, "review")).content.decode()
    found = re.search(r'name="token" value="([^"]+)"', html)
    assert found, "no token on the review"
    return found.group(1)


def send(client, draft, merge: str | None = "new", token: str | None = None):
    data = {"token": token or review_token(client, draft)}
    if merge:
        data["merge"] = merge
    return client.post(step_url(draft, "review"), data)
