from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "apps.core"
    label = "core"

    def ready(self) -> None:
        from apps.core import (
            checks,  # noqa: F401  (registers the deployment checks)
            converters,  # noqa: F401  (registers the `blend_id` path converter)
            middleware,  # noqa: F401  (starts the session clocks at sign-in)
        )
