from django.apps import AppConfig


class PatientsConfig(AppConfig):
    name = "apps.patients"
    label = "patients"

    def ready(self) -> None:
        from apps.core.nav import add_section
        from apps.patients import rules

        add_section("Patients", "patients:list", rules.VIEW, position=20)
