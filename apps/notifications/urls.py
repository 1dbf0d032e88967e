from django.urls import path

from apps.notifications import views

app_name = "notifications"

urlpatterns = [
    path("", views.notifications_settings, name="settings"),
    path("secret/", views.secret_rotate, name="secret"),
    path("webhooks/", views.webhook_create, name="webhook_create"),
    path("webhooks/<blend_id:webhook_id>/", views.webhook_update, name="webhook_update"),
    path("webhooks/<blend_id:webhook_id>/delete/", views.webhook_delete, name="webhook_delete"),
    path("sample/", views.sample_preview, name="sample_preview"),
    path("sample/send/", views.sample_send, name="sample_send"),
    path("email/", views.email_update, name="email_update"),
    path("email/deactivate/", views.email_deactivate, name="email_deactivate"),
]
