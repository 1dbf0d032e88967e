from django.apps import AppConfig


class OrderIndexConfig(AppConfig):
    name = "apps.orderindex"
    label = "orderindex"
