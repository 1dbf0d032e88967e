from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "apps.events"
    label = "events"
    verbose_name = "Blend events"

    def ready(self) -> None:
        from apps.core.nav import add_section
        from apps.events import rules

        add_section("Events", "events:list", rules.VIEW, position=80)

        from django.tasks.signals import task_finished

        from apps.events import checks  # noqa: F401 - registers the deployment check
        from apps.events.tasks import event_job_finished

        task_finished.connect(event_job_finished, dispatch_uid="events.job_finished")
