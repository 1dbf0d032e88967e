from django.apps import AppConfig


class OrderIndexConfig(AppConfig):
    name = "apps.orderindex"
    label = "orderindex"

    def ready(self) -> None:
        from apps.events.signals import order_changed
        from apps.orderindex.receivers import index_on_order_changed

        order_changed.connect(index_on_order_changed, dispatch_uid="orderindex.order_changed")
