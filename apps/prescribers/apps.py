from django.apps import AppConfig


class PrescribersConfig(AppConfig):
    name = "apps.prescribers"
    label = "prescribers"

    def ready(self) -> None:
        from apps.core.nav import add_section
        from apps.prescribers import rules

        add_section("Prescribers", "prescribers:list", rules.VIEW, position=30)
