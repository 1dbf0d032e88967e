from django.urls import path

from apps.events import views

app_name = "events"

urlpatterns = [
    path("webhooks/blend/", views.webhook_blend, name="webhook"),
    path("events/", views.event_list, name="list"),
    path("events/<int:event_id>/replay/", views.event_replay, name="replay"),
]
