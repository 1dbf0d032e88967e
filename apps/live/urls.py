from django.urls import path

from apps.live import views

app_name = "live"
urlpatterns = [
    path("changes/", views.live_changes, name="changes"),
]
