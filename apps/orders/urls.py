from django.urls import path

from apps.orders.views import actions, detail, edit, lines
from apps.orders.views import list as listing

app_name = "orders"
urlpatterns = [
    path("", listing.order_list, name="list"),
    path("<blend_id:order_id>/", detail.order_detail, name="detail"),
    path("<blend_id:order_id>/edit/", edit.order_edit, name="edit"),
    path("<blend_id:order_id>/actions/", actions.order_actions_menu, name="actions_menu"),
    path("<blend_id:order_id>/actions/<slug:action>/", actions.order_action, name="action"),
    path("<blend_id:order_id>/lines/add/", lines.lines_add, name="lines_add"),
    path(
        "<blend_id:order_id>/lines/<slug:product_type>/<blend_id:product_id>/quantity/",
        lines.line_quantity,
        name="line_quantity",
    ),
    path(
        "<blend_id:order_id>/lines/<slug:product_type>/<blend_id:product_id>/remove/",
        lines.line_remove,
        name="line_remove",
    ),
]
