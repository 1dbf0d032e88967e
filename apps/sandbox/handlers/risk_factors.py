"""A patient's risk factors (allergies, conditions, medications): list grouped by type, create in
bulk or one at a time, confirm a match, deactivate, and free-form text matched "shortly after".

`add_risk_factor_text` is also used by the patient handlers, which queue the text sent with a
patient on create and update.
"""

from __future__ import annotations

import difflib
import re
import uuid
from typing import Any

from apps.sandbox import seed_catalog as catalog
from apps.sandbox.http import ApiError, Reply, SandboxRequest, created, invalid, iso, new_id, now, ok, router
from apps.sandbox.lookups import find_patient
from apps.sandbox.state import Row, SandboxState, public

RISK_FACTOR_GROUPS = {"allergy": "allergies", "condition": "conditions", "medication": "medications"}
MATCH_SOURCES = ("autocomplete", "text", "manual")
MEDICATION_DETAIL_KEYS = (
    "brand_name",
    "clinical_product_rxcui",
    "ingredient_name",
    "ingredient_rxcui",
    "name",
    "normalization_key",
    "product_rxcui",
    "scdf_name",
    "scdf_rxcui",
    "scdg_name",
    "scdg_rxcui",
)
MATCHED_CONFIDENCE = 0.9  # a text match this sure counts as matched (the seed uses the same line)
TEXT_SEPARATORS = re.compile(r"[,;/\n]+")
ALLERGY_CUE = re.compile(r"^(allergic to|allergy to|allergies to)\s+|\s+(allergy|allergies)$")
# Blend's standard risk factors as far as the sandbox knows them: the seed's vocabulary (canonical
# names; the texts people type for them count as synonyms) plus a few common abbreviations.
EXTRA_SYNONYMS = (
    ("allergy", "Penicillin", "pcn"),
    ("condition", "Diabetes mellitus", "diabetic"),
    ("condition", "Diabetes mellitus", "t2dm"),
    ("condition", "Hypertension", "htn"),
)
MEDICATION_DETAILS = {detail["name"]: detail for detail in catalog.MEDICATIONS}
_TERMS: dict[str, tuple[str, str, bool]] = {}  # lower-case term -> (type, canonical name, via synonym)


def _term(term: str, kind: str, name: str, *, synonym: bool) -> None:
    _TERMS.setdefault(" ".join(term.lower().split()), (kind, name, synonym and term.lower() != name.lower()))


for _kind, _pairs in (("allergy", catalog.ALLERGIES), ("condition", catalog.CONDITIONS)):
    for _name, _typed in _pairs:
        _term(_name, _kind, _name, synonym=False)
        _term(_typed, _kind, _name, synonym=True)
for _detail in catalog.MEDICATIONS:
    _term(_detail["name"], "medication", _detail["name"], synonym=False)
    _term(_detail["ingredient_name"], "medication", _detail["name"], synonym=False)
    _term(_detail["brand_name"], "medication", _detail["name"], synonym=True)
for _kind, _name, _typed in EXTRA_SYNONYMS:
    _term(_typed, _kind, _name, synonym=True)


def _canonical_id(kind: str, name: str) -> str:
    """The id of Blend's entry for a standard risk factor (the seed derives it the same way)."""
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"blend-risk-factor:{kind}:{name}"))


def _medication_detail(name: str | None) -> dict[str, Any]:
    known = MEDICATION_DETAILS.get(name or "")
    return dict(known) if known else dict.fromkeys(MEDICATION_DETAIL_KEYS)


def match_chunk(chunk: str) -> dict[str, Any]:
    """What Blend's matcher makes of one piece of free text: type, name, confidence, matched."""
    cleaned = " ".join(chunk.lower().split()).strip(" .")
    stripped = ALLERGY_CUE.sub("", cleaned)
    forced = "allergy" if stripped != cleaned else None
    found, via_synonym, confidence = _TERMS.get(stripped), False, 1.0
    if found:
        via_synonym = found[2]
    else:
        close = difflib.get_close_matches(stripped, list(_TERMS), n=1, cutoff=0.8)
        if close:
            found = _TERMS[close[0]]
            confidence = round(difflib.SequenceMatcher(None, stripped, close[0]).ratio(), 2)
    if not found:
        return {
            "type": forced or "condition",
            "name": chunk.strip(),
            "confidence": None,
            "matched": False,
            "matched_via_synonym": False,
            "risk_factor_id": None,
            "medication_detail": None,
        }
    kind, name = found[0], found[1]
    if forced and kind == "medication":  # "allergic to metformin": an allergy to a medication
        kind, name = "allergy", MEDICATION_DETAILS[name]["ingredient_name"].capitalize()
    elif forced:
        kind = "allergy"
    return {
        "type": kind,
        "name": name,
        "confidence": confidence,
        "matched": confidence >= MATCHED_CONFIDENCE,
        "matched_via_synonym": via_synonym,
        "risk_factor_id": _canonical_id(kind, name),
        "medication_detail": _medication_detail(name) if kind == "medication" else None,
    }


def _insert_risk_factor(state: SandboxState, patient_id: str, fields: dict[str, Any]) -> Row:
    stamp = iso(now())
    row: Row = {
        "id": new_id(),
        "created_at": stamp,
        "updated_at": stamp,
        "patient_id": patient_id,
        "type": fields["type"],
        "name": fields["name"],
        "original_name": fields.get("original_name"),
        "risk_factor_id": fields.get("risk_factor_id"),
        "confidence": fields.get("confidence"),
        "is_active": fields.get("is_active", True),
        "match_source": fields.get("match_source", "manual"),
        "match_type": fields.get("match_type"),
        "matched": fields.get("matched", False),
        "matched_via_synonym": fields.get("matched_via_synonym", False),
        "risk_factor_text_id": fields.get("risk_factor_text_id"),
        "text_chunk": fields.get("text_chunk"),
    }
    if row["type"] == "medication":
        row["medication_detail"] = fields.get("medication_detail") or _medication_detail(row["name"])
        row["match_type"] = row["match_type"] or "ingredient"
    return state.risk_factors.insert(row)


def add_risk_factor_text(state: SandboxState, patient_id: str, text: str) -> Row:
    stamp = iso(now())
    return state.risk_factor_texts.insert(
        {
            "id": new_id(),
            "created_at": stamp,
            "updated_at": stamp,
            "patient_id": patient_id,
            "text": text,
            "status": "processing",
        }
    )


def process_pending_texts(state: SandboxState, patient_id: str) -> None:
    """Blend parses free text asynchronously; the sandbox does it on the next read of the patient's
    risk factors: one match per comma/semicolon/slash-separated piece (`match_source` "text")."""
    pending = [
        t
        for t in state.risk_factor_texts.rows()
        if t["patient_id"] == patient_id and t["status"] == "processing"
    ]
    for text_row in pending:
        existing = {
            (r["type"], str(r["name"]).lower())
            for r in _patient_risk_factors(state, patient_id)
            if r.get("is_active", True)
        }
        for chunk in filter(None, (c.strip() for c in TEXT_SEPARATORS.split(text_row["text"]))):
            match = match_chunk(chunk)
            if (match["type"], match["name"].lower()) in existing:
                continue
            existing.add((match["type"], match["name"].lower()))
            _insert_risk_factor(
                state,
                patient_id,
                {
                    **match,
                    "original_name": chunk,
                    "match_source": "text",
                    "risk_factor_text_id": text_row["id"],
                    "text_chunk": chunk,
                },
            )
        edited = state.risk_factor_texts.edit(text_row["id"])
        edited["status"], edited["updated_at"] = "processed", iso(now())


def _patient_risk_factors(state: SandboxState, patient_id: str) -> list[Row]:
    rows = [r for r in state.risk_factors.rows() if r.get("patient_id") == patient_id]
    return sorted(rows, key=lambda r: r.get("created_at") or "")


def render_risk_factor(row: Row) -> Row:
    body = public(row) or {}
    if body.get("type") != "medication":
        body.pop("medication_detail", None)
    return body


def _grouped(rows: list[Row]) -> dict[str, list[Row]]:
    body: dict[str, list[Row]] = {"allergies": [], "conditions": [], "medications": []}
    for row in rows:
        body[RISK_FACTOR_GROUPS.get(row.get("type", ""), "conditions")].append(render_risk_factor(row))
    return body


def _risk_factor_input(item: Any, patient_id: str, prefix: str) -> tuple[dict[str, Any], dict[str, str]]:
    """A 2.6 input (medication_detail keys flat at the top level) as row fields, or field errors."""
    if not isinstance(item, dict):
        return {}, {prefix.rstrip("."): "Must be an object."}
    errors: dict[str, str] = {}
    kind = item.get("type")
    if kind not in RISK_FACTOR_GROUPS:
        errors[f"{prefix}type"] = "Must be allergy, condition or medication."
    name = item.get("name") or (item.get("ingredient_name") if kind == "medication" else None)
    if not (isinstance(name, str) and name.strip()):
        errors[f"{prefix}name"] = "This field is required."
    source = item.get("match_source") or "manual"
    if source not in MATCH_SOURCES:
        errors[f"{prefix}match_source"] = "Must be autocomplete, text or manual."
    confidence = item.get("confidence")
    if confidence is not None and (
        isinstance(confidence, bool) or not isinstance(confidence, int | float) or not 0 <= confidence <= 1
    ):
        errors[f"{prefix}confidence"] = "Must be a number between 0 and 1."
    for flag in ("is_active", "matched", "matched_via_synonym"):
        if item.get(flag) is not None and not isinstance(item[flag], bool):
            errors[f"{prefix}{flag}"] = "Must be true or false."
    if item.get("patient_id") not in (None, patient_id):
        errors[f"{prefix}patient_id"] = "Does not match the patient in the path."
    if errors:
        return {}, errors
    known = _TERMS.get(name.strip().lower())
    canonical = known[1] if known and known[0] == kind else name.strip()
    if confidence is None:
        confidence = 1.0 if source in ("manual", "autocomplete") else None
    matched = bool(item.get("matched")) or source == "autocomplete" or confidence == 1.0
    detail = None
    if kind == "medication":
        detail = _medication_detail(canonical)
        detail.update({k: item[k] for k in MEDICATION_DETAIL_KEYS if item.get(k) is not None})
    fields = {
        "type": kind,
        "name": canonical,
        "original_name": item.get("original_name") or name.strip(),
        "risk_factor_id": _canonical_id(kind, canonical),
        "confidence": confidence,
        "matched": matched,
        "is_active": item.get("is_active", True),
        "match_source": source,
        "match_type": item.get("match_type"),
        "matched_via_synonym": item.get("matched_via_synonym", bool(known and known[2])),
        "risk_factor_text_id": item.get("risk_factor_text_id"),
        "text_chunk": item.get("text_chunk"),
        "medication_detail": detail,
    }
    return fields, {}


def _find_risk_factor(state: SandboxState, patient: Row, risk_factor_id: str) -> Row:
    row = state.risk_factors.get(risk_factor_id) or state.risk_factors.get(risk_factor_id.lower())
    if row is None or row.get("patient_id") != patient["id"]:
        raise ApiError(404, "Risk factor not found.")
    return row


@router.route("GET", "/patients/{patient_id}/risk_factors")
def patient_risk_factors(req: SandboxRequest, patient_id: str):
    patient = find_patient(req.state, patient_id)
    wanted = req.query.get("type") or None
    if wanted is not None:
        wanted = {v: k for k, v in RISK_FACTOR_GROUPS.items()}.get(wanted, wanted)
        if wanted not in RISK_FACTOR_GROUPS:
            raise ApiError(400, "Query parameter 'type' must be allergy, condition or medication.")
    process_pending_texts(req.state, patient["id"])
    rows = _patient_risk_factors(req.state, patient["id"])
    return ok(_grouped([r for r in rows if wanted is None or r.get("type") == wanted]))


@router.route("POST", "/patients/{patient_id}/risk_factors")
def patient_risk_factors_create(req: SandboxRequest, patient_id: str):
    patient = find_patient(req.state, patient_id)
    if not isinstance(req.body, list) or not req.body:
        raise ApiError(400, "Request body must be a non-empty JSON array of risk factors.")
    inputs, errors = [], {}
    for index, item in enumerate(req.body):
        fields, item_errors = _risk_factor_input(item, patient["id"], f"[{index}].")
        inputs.append(fields)
        errors.update(item_errors)
    if errors:
        raise invalid(errors)
    return created(_grouped([_insert_risk_factor(req.state, patient["id"], f) for f in inputs]))


@router.route("POST", "/patients/{patient_id}/risk_factor")
def patient_risk_factor_create(req: SandboxRequest, patient_id: str):
    patient = find_patient(req.state, patient_id)
    fields, errors = _risk_factor_input(req.json_object(), patient["id"], "")
    if errors:
        raise invalid(errors)
    return created(render_risk_factor(_insert_risk_factor(req.state, patient["id"], fields)))


@router.route("PATCH", "/patients/{patient_id}/risk_factors/{risk_factor_id}")
def patient_risk_factor_confirm(req: SandboxRequest, patient_id: str, risk_factor_id: str):
    patient = find_patient(req.state, patient_id)
    row = req.state.risk_factors.edit(_find_risk_factor(req.state, patient, risk_factor_id)["id"])
    row.update(matched=True, match_source="manual", confidence=1.0, updated_at=iso(now()))
    row["risk_factor_id"] = row.get("risk_factor_id") or _canonical_id(row["type"], row["name"])
    return ok(render_risk_factor(row))


@router.route("DELETE", "/patients/{patient_id}/risk_factors/{risk_factor_id}")
def patient_risk_factor_deactivate(req: SandboxRequest, patient_id: str, risk_factor_id: str):
    patient = find_patient(req.state, patient_id)
    row = req.state.risk_factors.edit(_find_risk_factor(req.state, patient, risk_factor_id)["id"])
    row.update(is_active=False, updated_at=iso(now()))
    return ok(render_risk_factor(row))


@router.route("POST", "/patients/{patient_id}/risk_factors/text")
def patient_risk_factor_text_add(req: SandboxRequest, patient_id: str):
    patient = find_patient(req.state, patient_id)
    text = req.json_object().get("text")
    if not (isinstance(text, str) and text.strip()):
        raise invalid({"text": "This field is required."})
    row = add_risk_factor_text(req.state, patient["id"], text.strip())
    return Reply(202, {"id": row["id"], "text": row["text"], "status": row["status"]})
