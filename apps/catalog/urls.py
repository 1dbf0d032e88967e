from django.urls import path, register_converter

from apps.catalog.converters import ProductKindConverter
from apps.catalog.views import barcodes, inventory, products, reasons

register_converter(ProductKindConverter, "product_kind")

app_name = "catalog"
urlpatterns = [
    path("", products.catalog_list, name="list"),
    path("formulas/", products.formula_list, name="formulas"),
    path("formulas/new/", products.formula_create, name="formula_create"),
    path("reasons/", reasons.reason_list, name="reasons"),
    path("reasons/new/", reasons.reason_create, name="reason_create"),
    path("reasons/<blend_id:reason_id>/edit/", reasons.reason_edit, name="reason_edit"),
    path("inventory/", inventory.inventory_list, name="inventory"),
    path("inventory/new/", inventory.lot_create, name="lot_create"),
    path("inventory/<blend_id:lot_id>/", inventory.lot_detail, name="lot"),
    path("inventory/<blend_id:lot_id>/adjust/", inventory.lot_adjust, name="lot_adjust"),
    path("inventory/<blend_id:lot_id>/associations/", inventory.lot_associate, name="lot_associate"),
    path(
        "inventory/<blend_id:lot_id>/associations/<product_kind:product_type>/<blend_id:product_id>/remove/",
        inventory.lot_dissociate,
        name="lot_dissociate",
    ),
    path("barcodes/verify/", barcodes.barcode_verify, name="barcode_verify"),
    path("barcodes/<slug:entity_type>/<blend_id:entity_id>/", barcodes.barcode_sheet, name="barcodes"),
    path("<product_kind:kind>/", products.catalog_list, name="kind"),
    path("<product_kind:kind>/new/", products.product_create, name="create"),
    path("<product_kind:kind>/<blend_id:product_id>/", products.product_detail, name="detail"),
    path("<product_kind:kind>/<blend_id:product_id>/edit/", products.product_edit, name="edit"),
]
