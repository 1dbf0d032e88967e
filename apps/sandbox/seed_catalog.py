"""The fixed demo catalogue the seed draws from: places, products, compounding reasons, risk factors."""

from __future__ import annotations

from typing import Any

from apps.sandbox.reference import TASK_CATEGORIES, TASK_STATUSES

CUSTOMER_ID = "b658f16f-819c-4503-aede-bd555fc4ebfb"
CUSTOMER_NAME = "HealthCo Telemedicine"
# Blend pharmacy staff who move orders along (they appear in status history only).
STAFF = [
    {"id": f"5f0c1d2e-0000-4000-8000-00000000b00{n}", "first_name": first, "last_name": last}
    for n, (first, last) in enumerate(
        [
            ("Priya", "Raman"),
            ("Daniel", "Okafor"),
            ("Megan", "Castillo"),
            ("Tom", "Brennan"),
            ("Alicia", "Nguyen"),
        ],
        start=1,
    )
]

# (city, state, a real ZIP of that city (leading zeros kept), phone area code)
CITIES = [
    ("Boston", "MA", "02108", "617"),
    ("Cambridge", "MA", "02139", "617"),
    ("Worcester", "MA", "01608", "508"),
    ("Providence", "RI", "02903", "401"),
    ("Hartford", "CT", "06103", "860"),
    ("New Haven", "CT", "06510", "203"),
    ("Newark", "NJ", "07102", "973"),
    ("Jersey City", "NJ", "07302", "201"),
    ("Portland", "ME", "04101", "207"),
    ("Burlington", "VT", "05401", "802"),
    ("Manchester", "NH", "03101", "603"),
    ("New York", "NY", "10001", "212"),
    ("Brooklyn", "NY", "11201", "718"),
    ("Buffalo", "NY", "14202", "716"),
    ("Philadelphia", "PA", "19103", "215"),
    ("Pittsburgh", "PA", "15222", "412"),
    ("Columbus", "OH", "43215", "614"),
    ("Cleveland", "OH", "44113", "216"),
    ("Cincinnati", "OH", "45202", "513"),
    ("Chicago", "IL", "60601", "312"),
    ("Detroit", "MI", "48226", "313"),
    ("Atlanta", "GA", "30303", "404"),
    ("Miami", "FL", "33130", "305"),
    ("Tampa", "FL", "33602", "813"),
    ("Orlando", "FL", "32801", "407"),
    ("Houston", "TX", "77002", "713"),
    ("Austin", "TX", "78701", "512"),
    ("Dallas", "TX", "75201", "214"),
    ("San Antonio", "TX", "78205", "210"),
    ("Denver", "CO", "80202", "303"),
    ("Phoenix", "AZ", "85004", "602"),
    ("Seattle", "WA", "98101", "206"),
    ("Portland", "OR", "97204", "503"),
    ("San Francisco", "CA", "94103", "415"),
    ("Los Angeles", "CA", "90012", "213"),
    ("San Diego", "CA", "92101", "619"),
    ("Sacramento", "CA", "95814", "916"),
    ("Nashville", "TN", "37203", "615"),
    ("Charlotte", "NC", "28202", "704"),
    ("Raleigh", "NC", "27601", "919"),
]
LICENCE_STATES = sorted({city[1] for city in CITIES})
EMAIL_DOMAINS = (
    "gmail.com",
    "gmail.com",
    "gmail.com",
    "yahoo.com",
    "outlook.com",
    "icloud.com",
    "hotmail.com",
    "aol.com",
)
PRACTICE_DOMAINS = ("healthco.example", "northstarclinic.example", "bayviewmed.example", "summitcare.example")

CREDENTIAL_NAMES = {
    "MD": "Doctor of Medicine",
    "DO": "Doctor of Osteopathic Medicine",
    "NP": "Nurse Practitioner",
    "PA": "Physician Assistant",
}
CREDENTIAL_NPI = {
    "MD": ("M.D.", "M.D.", "M.D./Ph.D"),
    "DO": ("D.O.",),
    "NP": ("N.P.", "FNP-C", "APRN"),
    "PA": ("PA-C",),
}
LICENCE_DESCRIPTIONS = {
    "MD": "Physician and Surgeon",
    "DO": "Osteopathic Physician and Surgeon",
    "NP": "Nurse Practitioner, Family",
    "PA": "Physician Assistant",
}

# Orders arrive mostly in the daytime (UTC hours 0..23).
HOUR_WEIGHTS = [3, 2, 1, 1, 1, 1, 1, 2, 3, 5, 7, 9, 10, 10, 10, 10, 10, 9, 8, 7, 6, 5, 4, 3]
SHIPPING_PREFERENCES = [
    {"carrier": "usps", "service_level": "usps_priority"},
    {"carrier": "usps", "service_level": "usps_ground_advantage"},
    {"carrier": "ups", "service_level": "ups_ground"},
    {"carrier": "ups", "service_level": "ups_next_day_air"},
    {"carrier": None, "service_level": "next_day"},
    {"carrier": None, "service_level": "two_day"},
]
GENERIC_LEVELS = {
    "next_day": "ups_next_day_air",
    "two_day": "ups_2nd_day_air",
    "ground": "usps_ground_advantage",
}
CARRIER_NAMES = {"usps": "USPS", "ups": "UPS"}
DEFAULT_LEVELS = [
    ("usps_ground_advantage", 60),
    ("usps_priority", 15),
    ("ups_ground", 20),
    ("ups_next_day_air", 5),
]
REPLACEMENT_REASONS = (
    "Product arrived damaged",
    "Package lost in transit",
    "Cold pack melted in transit",
    "Pump dispenser defective",
    "Wrong strength received",
)


def _rx(
    name: str,
    code: str,
    form: str,
    strength: str,
    category: str,
    price: float,
    unit: tuple[int, str],
    drug: str,
    sig: str,
    rx: tuple[int, str],
    days: int = 30,
    description: str = "",
) -> dict[str, Any]:
    return {
        "name": name,
        "description": description or f"Compounded {name.lower()}",
        "product_code": code,
        "category": category,
        "form": form,
        "strength": strength,
        "formula_id": 826200000 + len(code) * 7919 + int(price * 13),
        "is_active": True,
        "is_controlled_substance": False,
        "price": price,
        "label_orientation": "portrait",
        "unit_count": unit[0],
        "unit_type": unit[1],
        "_drug_name": drug,
        "_sig": sig,
        "_rx_quantity": rx[0],
        "_rx_units": rx[1],
        "_days_supply": days,
    }


PRESCRIPTION_PRODUCTS = [
    _rx(
        "Topical Rapamycin 1% Cream",
        "HC-RAPA1",
        "cream",
        "1%",
        "topicals",
        89.0,
        (30, "g"),
        "Rapamycin",
        "Apply a thin layer to the affected area once daily at bedtime.",
        (30, "C48155"),
    ),
    _rx(
        "Topical Rapamycin 0.5% Cream",
        "HC-RAPA05",
        "cream",
        "0.5%",
        "topicals",
        79.0,
        (30, "g"),
        "Rapamycin",
        "Apply a thin layer to the face once daily at bedtime.",
        (30, "C48155"),
    ),
    _rx(
        "Tretinoin 0.05% Cream",
        "HC-TRET05",
        "cream",
        "0.05%",
        "dermatology",
        45.0,
        (30, "g"),
        "Tretinoin",
        "Apply a pea-sized amount to the face every other night; increase to nightly as tolerated.",
        (30, "C48155"),
    ),
    _rx(
        "Tretinoin 0.1% Cream",
        "HC-TRET10",
        "cream",
        "0.1%",
        "dermatology",
        49.0,
        (30, "g"),
        "Tretinoin",
        "Apply a pea-sized amount to the face nightly.",
        (30, "C48155"),
    ),
    _rx(
        "Hydroquinone 4% / Tretinoin 0.025% / Fluocinolone 0.01% Cream",
        "HC-TRIPLE",
        "cream",
        "4%/0.025%/0.01%",
        "dermatology",
        69.0,
        (30, "g"),
        "Hydroquinone",
        "Apply to dark spots nightly for up to 8 weeks.",
        (30, "C48155"),
    ),
    _rx(
        "Levothyroxine 25mcg Capsule",
        "HC-LEVO25",
        "capsule",
        "25mcg",
        "thyroid",
        35.0,
        (90, "capsule"),
        "Levothyroxine",
        "Take 1 capsule by mouth every morning on an empty stomach.",
        (90, "C48480"),
        90,
    ),
    _rx(
        "Levothyroxine 50mcg Capsule",
        "HC-LEVO50",
        "capsule",
        "50mcg",
        "thyroid",
        35.0,
        (90, "capsule"),
        "Levothyroxine",
        "Take 1 capsule by mouth every morning on an empty stomach.",
        (90, "C48480"),
        90,
    ),
    _rx(
        "Liothyronine 5mcg SR Capsule",
        "HC-LIO5",
        "capsule",
        "5mcg",
        "thyroid",
        42.0,
        (60, "capsule"),
        "Liothyronine",
        "Take 1 capsule by mouth twice daily.",
        (60, "C48480"),
    ),
    _rx(
        "Semaglutide 2.5mg/mL Injection",
        "HC-SEMA25",
        "injection",
        "2.5mg/mL",
        "weight management",
        199.0,
        (2, "mL"),
        "Semaglutide",
        "Inject 0.25 mg subcutaneously once weekly for 4 weeks, then as directed.",
        (2, "C28254"),
        28,
    ),
    _rx(
        "Tirzepatide 10mg/mL Injection",
        "HC-TIRZ10",
        "injection",
        "10mg/mL",
        "weight management",
        299.0,
        (2, "mL"),
        "Tirzepatide",
        "Inject 2.5 mg subcutaneously once weekly, then as directed.",
        (2, "C28254"),
        28,
    ),
    _rx(
        "Low Dose Naltrexone 4.5mg Capsule",
        "HC-LDN45",
        "capsule",
        "4.5mg",
        "immunology",
        39.0,
        (30, "capsule"),
        "Naltrexone",
        "Take 1 capsule by mouth at bedtime.",
        (30, "C48480"),
    ),
    _rx(
        "Minoxidil 5% / Finasteride 0.1% Topical Solution",
        "HC-MINFIN",
        "solution",
        "5%/0.1%",
        "hair",
        59.0,
        (60, "mL"),
        "Minoxidil",
        "Apply 1 mL to the scalp twice daily.",
        (60, "C28254"),
    ),
    _rx(
        "Oral Minoxidil 2.5mg Capsule",
        "HC-OMIN25",
        "capsule",
        "2.5mg",
        "hair",
        29.0,
        (30, "capsule"),
        "Minoxidil",
        "Take 1 capsule by mouth daily.",
        (30, "C48480"),
    ),
    _rx(
        "Progesterone 100mg SR Capsule",
        "HC-PROG100",
        "capsule",
        "100mg",
        "hormones",
        48.0,
        (30, "capsule"),
        "Progesterone",
        "Take 1 capsule by mouth at bedtime.",
        (30, "C48480"),
    ),
    _rx(
        "Estradiol 0.01% Vaginal Cream",
        "HC-ESTR01",
        "cream",
        "0.01%",
        "hormones",
        55.0,
        (42, "g"),
        "Estradiol",
        "Insert 1 g vaginally at bedtime twice weekly.",
        (42, "C48155"),
        84,
    ),
    _rx(
        "Sildenafil 20mg Troche",
        "HC-SILD20",
        "troche",
        "20mg",
        "mens health",
        65.0,
        (30, "troche"),
        "Sildenafil",
        "Dissolve 1 troche under the tongue 30 minutes before activity; max 1 per day.",
        (30, "C64933"),
    ),
]
NON_PRESCRIPTION_PRODUCTS = [
    {
        "name": name,
        "description": description,
        "category": category,
        "form": form,
        "is_active": True,
        "price": price,
        "unit_count": count,
        "unit_type": unit,
    }
    for name, description, category, form, price, count, unit in (
        (
            "Krill Farms Fish Oil 1000mg",
            "Omega-3 softgels from Antarctic krill",
            "nutrition",
            "softgel",
            29.99,
            60,
            "softgel",
        ),
        (
            "PABA-free Mineral Sunscreen SPF 50",
            "Zinc oxide sunscreen for sensitive skin",
            "skincare",
            "lotion",
            24.0,
            90,
            "ml",
        ),
        ("Vitamin D3 5000 IU", "Cholecalciferol softgels", "nutrition", "softgel", 14.99, 120, "softgel"),
        ("Biotin 5mg", "Hair, skin and nail support", "nutrition", "capsule", 12.99, 90, "capsule"),
        ("Gentle Foaming Cleanser", "Fragrance-free daily face wash", "skincare", "liquid", 18.0, 150, "ml"),
        (
            "Hyaluronic Acid Moisturizer",
            "Lightweight barrier-repair cream",
            "skincare",
            "cream",
            32.0,
            50,
            "ml",
        ),
        (
            "Probiotic 50 Billion CFU",
            "Multi-strain shelf-stable probiotic",
            "nutrition",
            "capsule",
            39.99,
            30,
            "capsule",
        ),
        (
            "Magnesium Glycinate 200mg",
            "Chelated magnesium for sleep support",
            "nutrition",
            "capsule",
            19.99,
            120,
            "capsule",
        ),
    )
]
ORDER_MATERIALS = [
    {
        "name": name,
        "description": description,
        "category": category,
        "is_global": is_global,
        "reorder_threshold": threshold,
    }
    for name, description, category, is_global, threshold in (
        (
            "Insulated Cold Pack Shipper",
            "Foam cooler with two gel packs for temperature-sensitive items",
            "packaging",
            True,
            700,  # above its stock: the demo's low-stock product (a seeded task asks to reorder it)
        ),
        (
            "Insulin Syringes 1mL 29G (10 pack)",
            "Sterile single-use syringes for subcutaneous injection",
            "supplies",
            True,
            300,
        ),
        ("Sharps Disposal Container", "1-quart FDA-cleared sharps container", "supplies", True, 100),
        ("Medication Guide Insert", "Regulatory patient information insert", "regulatory", True, 500),
        ("Referral Brochure", "HealthCo refer-a-friend brochure", "marketing", False, 250),
        ("Q4 2025 Information Packet", "Seasonal patient newsletter and care tips", "marketing", False, 150),
    )
]
PRODUCTS = {
    "prescription": PRESCRIPTION_PRODUCTS,
    "non_prescription": NON_PRESCRIPTION_PRODUCTS,
    "order_material": ORDER_MATERIALS,
}
PRESCRIPTION_BY_CODE = {entry["product_code"]: entry for entry in PRESCRIPTION_PRODUCTS}
# The fields a product brings to an order line, per kind (Orders §5 "Products").
LINE_FIELDS = {
    "prescription": (
        "id",
        "created_at",
        "updated_at",
        "sku",
        "name",
        "description",
        "product_code",
        "category",
        "form",
        "is_active",
        "label_orientation",
        "strength",
    ),
    "non_prescription": (
        "id",
        "created_at",
        "updated_at",
        "sku",
        "name",
        "description",
        "category",
        "form",
        "is_active",
    ),
    "order_material": (
        "id",
        "created_at",
        "updated_at",
        "sku",
        "name",
        "description",
        "category",
        "current_stock",
        "reorder_threshold",
        "has_inventory",
        "is_global",
    ),
}

CUSTOM_SHIPPING_FIELDS = ("label_url", "tracking_number", "tracking_url", "carrier")
PATIENT_ADDRESS_FIELDS = ("address_1", "address_2", "city", "state", "zip_code", "country")

# Days from the seed's day to these products' lot expiry, so the demo inventory has a lot of each kind
# the inventory page flags: expired, and expiring within 30 days.
DEMO_LOT_DAYS_LEFT = {"Referral Brochure": -12, "Sharps Disposal Container": 20}

# (product name, lot fields) — Blend-held stock for materials, retail items and two APIs.
LOTS = [
    (
        name,
        {
            "manufacturer": maker,
            "mpn": mpn,
            "upc": upc,
            "unit_type": unit,
            "initial_quantity": initial,
            "current_quantity": current,
            "cost_per_unit": cost,
            "notes": notes,
            "units_per_product": per,
        },
    )
    for name, maker, mpn, upc, unit, initial, current, cost, notes, per in (
        (
            "Insulated Cold Pack Shipper",
            "Polar Tech",
            "PT-CS-0612",
            "0-74312-00612-3",
            "each",
            1200,
            640,
            4.85,
            "",
            1,
        ),
        (
            "Insulin Syringes 1mL 29G (10 pack)",
            "BD",
            "BD-324702",
            "3-82903-24702-1",
            "each",
            5000,
            3130,
            0.21,
            "",
            10,
        ),
        (
            "Sharps Disposal Container",
            "Covidien",
            "COV-8970",
            "8-84527-08970-2",
            "each",
            400,
            155,
            2.1,
            "",
            1,
        ),
        (
            "Medication Guide Insert",
            "Blend Print",
            "BP-MGI-25",
            "",
            "each",
            10000,
            7420,
            0.03,
            "Rev. 2025-06",
            1,
        ),
        ("Referral Brochure", "Blend Print", "BP-HC-REF", "", "each", 3000, 1880, 0.12, "", 1),
        ("Q4 2025 Information Packet", "Blend Print", "BP-HC-Q425", "", "each", 2500, 2210, 0.35, "", 1),
        (
            "Krill Farms Fish Oil 1000mg",
            "Krill Farms",
            "KF1234567890",
            "7-12345-67890-4",
            "bottle",
            600,
            412,
            9.4,
            "",
            1,
        ),
        (
            "PABA-free Mineral Sunscreen SPF 50",
            "SunCo Labs",
            "SC-M50-90",
            "6-50121-09050-7",
            "tube",
            480,
            233,
            6.75,
            "",
            1,
        ),
        (
            "Vitamin D3 5000 IU",
            "Nature's Basis",
            "NB-D3-5K",
            "0-33674-15632-9",
            "bottle",
            700,
            520,
            3.1,
            "",
            1,
        ),
        (
            "Topical Rapamycin 1% Cream",
            "Letco Medical",
            "LM-RAPA-25G",
            "",
            "mg",
            25000,
            18600,
            0.42,
            "Sirolimus USP powder",
            300,
        ),
        (
            "Levothyroxine 25mcg Capsule",
            "Medisca",
            "MED-LEVO-1G",
            "",
            "mcg",
            1000000,
            742500,
            0.0009,
            "Levothyroxine sodium USP",
            2250,
        ),
    )
]

# Blend-provided compounding reasons: (id, name, description, children).
GLOBAL_REASONS = [
    (
        "00000000-0000-0000-0000-000000000101",
        "Adherence or Compliance",
        "The patient cannot take the commercial product as prescribed.",
        [
            (
                "00000000-0000-0000-0000-000000000102",
                "Behavioral Issues",
                "Patient refuses or resists the commercial dosage form.",
            ),
            (
                "00000000-0000-0000-0000-000000000103",
                "Swallowing Difficulty",
                "Patient cannot swallow tablets or capsules of the commercial size.",
            ),
            (
                "00000000-0000-0000-0000-000000000104",
                "Dosing Frequency",
                "A combined or extended-release form reduces the number of daily doses.",
            ),
        ],
    ),
    (
        "00000000-0000-0000-0000-000000000201",
        "Palatability",
        "Commercial formulation has an unpleasant taste, texture, or odor.",
        [
            (
                "00000000-0000-0000-0000-000000000202",
                "Flavoring Required",
                "Flavoring is needed for the patient to accept the dose.",
            ),
            (
                "00000000-0000-0000-0000-000000000203",
                "Texture Intolerance",
                "Patient cannot tolerate the commercial texture.",
            ),
        ],
    ),
    (
        "00000000-0000-0000-0000-000000000301",
        "Allergy or Sensitivity",
        "Patient is allergic or sensitive to an ingredient of the commercial product.",
        [
            (
                "00000000-0000-0000-0000-000000000302",
                "Dye-Free",
                "Commercial product contains a dye the patient reacts to.",
            ),
            (
                "00000000-0000-0000-0000-000000000303",
                "Preservative-Free",
                "Commercial product contains a preservative the patient reacts to.",
            ),
            (
                "00000000-0000-0000-0000-000000000304",
                "Gluten- or Lactose-Free",
                "Commercial excipients contain gluten or lactose.",
            ),
        ],
    ),
    (
        "00000000-0000-0000-0000-000000000401",
        "Strength or Dosage Form Not Available",
        "The prescribed strength or dosage form is not commercially available.",
        [
            (
                "00000000-0000-0000-0000-000000000402",
                "Strength Not Available",
                "No commercial product has the prescribed strength.",
            ),
            (
                "00000000-0000-0000-0000-000000000403",
                "Dosage Form Not Available",
                "No commercial product has the prescribed dosage form.",
            ),
        ],
    ),
]

ALLERGIES = [
    ("Penicillin", "Peniccillin"),
    ("Penicillin", "penicillin"),
    ("Sulfonamide antibiotics", "sulfa"),
    ("Latex", "latex"),
    ("Codeine", "codeine"),
    ("Ibuprofen", "advil"),
    ("Amoxicillin", "amoxicilin"),
    ("Shellfish", "shellfish"),
    ("Peanut", "peanuts"),
    ("Aspirin", "aspirin"),
    ("Egg", "eggs"),
]
CONDITIONS = [
    ("Diabetes mellitus", "diabetes"),
    ("Hypertension", "high blood pressure"),
    ("Asthma", "asthma"),
    ("Hypothyroidism", "low thyroid"),
    ("Gastroesophageal reflux disease", "GERD"),
    ("Depression", "depression"),
    ("Atopic dermatitis", "eczema"),
    ("Migraine", "migraines"),
    ("Polycystic ovary syndrome", "PCOS"),
    ("Rosacea", "rosacea"),
]


def _med(
    ingredient: str,
    ingredient_rxcui: str,
    brand: str,
    name: str,
    product_rxcui: str,
    form: str,
    scdf_rxcui: str,
    scdg_rxcui: str,
) -> dict[str, str]:
    return {
        "brand_name": brand,
        "clinical_product_rxcui": product_rxcui,
        "ingredient_name": ingredient,
        "ingredient_rxcui": ingredient_rxcui,
        "name": name,
        "normalization_key": f"SCDG:{scdg_rxcui}|generic",
        "product_rxcui": product_rxcui,
        "scdf_name": f"{ingredient} {form}",
        "scdf_rxcui": scdf_rxcui,
        "scdg_name": f"{ingredient} {form.split()[0]} Product",
        "scdg_rxcui": scdg_rxcui,
    }


MEDICATIONS = [
    _med(
        "metformin",
        "6809",
        "Glucophage",
        "metformin hydrochloride 500 MG Oral Tablet",
        "861007",
        "Oral Tablet",
        "372804",
        "1151130",
    ),
    _med(
        "lisinopril",
        "29046",
        "Zestril",
        "lisinopril 10 MG Oral Tablet",
        "314076",
        "Oral Tablet",
        "372614",
        "1164526",
    ),
    _med(
        "atorvastatin",
        "83367",
        "Lipitor",
        "atorvastatin 20 MG Oral Tablet",
        "617310",
        "Oral Tablet",
        "370659",
        "1158282",
    ),
    _med(
        "sertraline",
        "36437",
        "Zoloft",
        "sertraline 50 MG Oral Tablet",
        "312941",
        "Oral Tablet",
        "370689",
        "1163993",
    ),
    _med(
        "levothyroxine",
        "10582",
        "Synthroid",
        "levothyroxine sodium 0.05 MG Oral Tablet",
        "966247",
        "Oral Tablet",
        "372497",
        "1164547",
    ),
    _med(
        "amlodipine",
        "17767",
        "Norvasc",
        "amlodipine 5 MG Oral Tablet",
        "197361",
        "Oral Tablet",
        "370674",
        "1152426",
    ),
    _med(
        "estradiol",
        "4083",
        "Estrace",
        "estradiol 1 MG Oral Tablet",
        "197657",
        "Oral Tablet",
        "372078",
        "1165185",
    ),
    _med(
        "diphenhydramine",
        "3498",
        "Benadryl",
        "diphenhydramine hydrochloride 25 MG Oral Capsule",
        "1049630",
        "Oral Capsule",
        "370946",
        "1151135",
    ),
    _med(
        "liothyronine",
        "10814",
        "Cytomel",
        "liothyronine sodium 0.005 MG Oral Tablet",
        "905316",
        "Oral Tablet",
        "372561",
        "1164556",
    ),
]


def _task(
    name: str, description: str, category_code: str, status_code: str
) -> tuple[str, str, tuple[str, str], tuple[str, str]]:
    """A demo task: its name and description, (category code, name) and (status code, name)."""
    return (
        name,
        description,
        (category_code, TASK_CATEGORIES[category_code]),
        (status_code, TASK_STATUSES[status_code]),
    )


TASKS = [
    _task(
        "Confirm shelf-stability of recent batch",
        "Check the beyond-use date of the last rapamycin cream batch.",
        "T06",
        "NEW",
    ),
    _task(
        "Missing prescription for order",
        "The order waits for an e-prescription; ask the prescriber to resend.",
        "T01",
        "NEW",
    ),
    _task(
        "Follow up on paused order",
        "Patient asked to hold the shipment until they return from travel.",
        "T01",
        "IN_PROGRESS",
    ),
    _task(
        "Verify patient address",
        "Carrier flagged the address as undeliverable.",
        "T02",
        "NEW",
    ),
    _task(
        "Clarify semaglutide titration",
        "Sig and quantity disagree; confirm the dose schedule with the prescriber.",
        "T03",
        "IN_PROGRESS",
    ),
    _task(
        "Renew expired licence on file",
        "Prescriber's licence expired; upload the renewal.",
        "T04",
        "NEW",
    ),
    _task(
        "Restock cold pack shippers",
        "Cold pack inventory is close to the reorder threshold.",
        "T05",
        "COMPLETED",
    ),
    _task(
        "Exception review",
        "Blend moved the order to exception; review the notes.",
        "T01",
        "COMPLETED",
    ),
]
