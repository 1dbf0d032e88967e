from django.apps import AppConfig


class RecallsConfig(AppConfig):
    name = "apps.recalls"
    label = "recalls"

    def ready(self) -> None:
        from apps.core.nav import add_section
        from apps.recalls import rules

        add_section("Recalls", "recalls:list", rules.MANAGE, position=90)
