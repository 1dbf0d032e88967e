from django.urls import path

from apps.savedviews import views

app_name = "savedviews"
urlpatterns = [
    path("", views.saved_view_list, name="list"),
    path("new/", views.saved_view_new, name="new"),
    path("<int:view_id>/edit/", views.saved_view_edit, name="edit"),
    path("<int:view_id>/delete/", views.saved_view_delete, name="delete"),
    path("queues/", views.role_queue_set, name="queues"),
]
