from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "apps.audit"
    label = "audit"

    def ready(self) -> None:
        from apps.audit import rules
        from apps.core.nav import add_section

        add_section("Audit", "audit:list", rules.VIEW, position=60)
