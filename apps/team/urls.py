from django.urls import path

from apps.team import views

app_name = "team"
urlpatterns = [
    path("", views.team_list, name="list"),
    path("invite/", views.team_invite, name="invite"),
    path("<int:user_id>/role/", views.team_role, name="role"),
    path("<int:user_id>/deactivate/", views.team_deactivate, name="deactivate"),
    path("<int:user_id>/unlock/", views.team_unlock, name="unlock"),
    path("<int:user_id>/invite/", views.team_reinvite, name="reinvite"),
]
