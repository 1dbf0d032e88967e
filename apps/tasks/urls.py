from django.urls import path

from apps.tasks import views

app_name = "tasks"
urlpatterns = [
    path("", views.task_search, name="search"),
    path("new/", views.task_create, name="create"),
    path("people/", views.task_people, name="people"),
    path("linked/", views.tasks_linked, name="linked"),
    path("<blend_id:task_id>/", views.task_detail, name="detail"),
]
