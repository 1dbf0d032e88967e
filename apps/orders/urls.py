from django.urls import path

from apps.orders.views import actions, detail, edit, lines
from apps.orders.views import list as listing

app_name = "orders"
urlpatterns = [
    path("", listing.order_list, name="list"),
    path("<str:order_id>/", detail.order_detail, name="detail"),
    path("<str:order_id>/edit/", edit.order_edit, name="edit"),
    path("<str:order_id>/actions/", actions.order_actions_menu, name="actions_menu"),
    path("<str:order_id>/actions/<slug:action>/", actions.order_action, name="action"),
    path("<str:order_id>/lines/add/", lines.lines_add, name="lines_add"),
    path(
        "<str:order_id>/lines/<slug:product_type>/<str:product_id>/quantity/",
        lines.line_quantity,
        name="line_quantity",
    ),
    path(
        "<str:order_id>/lines/<slug:product_type>/<str:product_id>/remove/",
        lines.line_remove,
        name="line_remove",
    ),
]
