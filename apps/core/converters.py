"""Path converters: a URL segment that is not a possible Blend id never reaches a view (or Blend).

Registered once, when the core app is ready (see `CoreConfig.ready`)."""

from __future__ import annotations

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


register_converter(BlendIdConverter, "blend_id")
