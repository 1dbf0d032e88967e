from django.urls import path

from apps.recalls import views

app_name = "recalls"
urlpatterns = [
    path("", views.recall_list, name="list"),
    path("new/", views.recall_new, name="new"),
    path("<int:recall_id>/", views.recall_detail, name="detail"),
    path("<int:recall_id>/run/", views.recall_run, name="run"),
]
