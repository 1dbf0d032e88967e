from django.apps import AppConfig


class NewOrdersConfig(AppConfig):
    name = "apps.neworders"
    label = "neworders"
