from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "apps.reports"
    label = "reports"

    def ready(self) -> None:
        from apps.core.nav import add_section
        from apps.reports import rules

        add_section("Reports", "reports:index", rules.VIEW, position=50)
