from django.apps import AppConfig


class BlendConfig(AppConfig):
    name = "apps.blend"
    label = "blend"
