from django.urls import path

from apps.reports import views

app_name = "reports"
urlpatterns = [
    path("", views.report_index, name="index"),
    path("daily/", views.daily_report, name="daily"),
    path("orders/", views.orders_report, name="orders"),
]
