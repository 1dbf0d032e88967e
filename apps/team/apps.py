from django.apps import AppConfig


class TeamConfig(AppConfig):
    name = "apps.team"
    label = "team"

    def ready(self) -> None:
        from apps.core.nav import add_section
        from apps.team import rules

        add_section("Team", "team:list", rules.MANAGE, position=70)
