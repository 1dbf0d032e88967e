from django.apps import AppConfig


class OrdersConfig(AppConfig):
    name = "apps.orders"
    label = "orders"

    def ready(self) -> None:
        from apps.core.nav import add_section
        from apps.orders import rules

        add_section("Orders", "orders:list", rules.VIEW, position=10)
