from django.urls import path

from apps.bulk import views

app_name = "bulk"
urlpatterns = [
    path("new/", views.bulk_create, name="create"),
    path("<int:run_id>/", views.bulk_run, name="run"),
    path("<int:run_id>/confirm/", views.bulk_run_confirm, name="confirm"),
    path("<int:run_id>/resume/", views.bulk_run_resume, name="resume"),
]
