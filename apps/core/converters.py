"""Path converters: a URL segment that is not a possible Blend id never reaches a view (or Blend).

Registered once, when the core app is ready (see `CoreConfig.ready`)."""

from __future__ import annotations

import re

from django.urls import register_converter


class BlendIdConverter:
    """A Blend id as it appears in a path: a UUID (any case), an order number (`ORD…`) or a customer
    external id (`HEALTHCO_ORDER_00042`): letters, digits, `-`, `_`, and `.` only inside, so `.`,
    `..` (also sent as `%2E%2E`, which Django decodes first) and anything holding `/` never match."""

    regex = r"[A-Za-z0-9_-](?:[A-Za-z0-9_.-]{0,126}[A-Za-z0-9_-])?"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class BlendUUIDConverter(BlendIdConverter):
    """A Blend UUID (any case): the only id Blend gives patients, prescribers, their licences and risk
    factors. Anything else (`/patients/078-05-1120/`) is a 404 before any view, audit row or Blend
    call sees it."""

    regex = r"[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}"


UUID = re.compile(BlendUUIDConverter.regex)
ORDER_NUMBER = re.compile(r"ORD\d{12}[A-Z0-9]{4}", re.IGNORECASE)


def is_blend_id(value: str) -> bool:
    """True for a Blend UUID or an order number: ids Blend makes, which hold no patient data."""
    return bool(UUID.fullmatch(value) or ORDER_NUMBER.fullmatch(value))


register_converter(BlendIdConverter, "blend_id")
register_converter(BlendUUIDConverter, "blend_uuid")
