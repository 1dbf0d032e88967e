from django.apps import AppConfig


class PrescribersConfig(AppConfig):
    name = "apps.prescribers"
    label = "prescribers"
