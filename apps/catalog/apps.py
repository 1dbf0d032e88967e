from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "apps.catalog"
    label = "catalog"

    def ready(self) -> None:
        from apps.catalog import rules
        from apps.core.nav import add_section

        add_section("Catalog", "catalog:list", rules.VIEW, position=40)
