"""Typed, tolerant views of Blend's JSON: unknown fields are kept (`model_extra`), missing ones
default. Import models from here: `from apps.blend.models import Order`."""

from apps.blend.models.base import BlendModel
from apps.blend.models.orders import (
    Address,
    CustomShipping,
    Order,
    OrderLine,
    OrderPatient,
    OrderProducts,
    OrderStatus,
    Reason,
    Shipment,
    Shipping,
    ShippingOption,
    ServiceLevel,
    StatusHistoryEntry,
    UserRef,
)

__all__ = [
    "Address",
    "BlendModel",
    "CustomShipping",
    "Order",
    "OrderLine",
    "OrderPatient",
    "OrderProducts",
    "OrderStatus",
    "Reason",
    "ServiceLevel",
    "Shipment",
    "Shipping",
    "ShippingOption",
    "StatusHistoryEntry",
    "UserRef",
]
