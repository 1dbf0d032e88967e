from django.urls import path

from apps.prescribers.views import detail, edit, licences, supervision
from apps.prescribers.views import list as listing

app_name = "prescribers"
urlpatterns = [
    path("", listing.prescriber_list, name="list"),
    path("new/", edit.prescriber_new, name="new"),
    path("<str:prescriber_id>/", detail.prescriber_detail, name="detail"),
    path("<str:prescriber_id>/edit/", edit.prescriber_edit, name="edit"),
    path("<str:prescriber_id>/licences/add/", licences.licence_add, name="licence_add"),
    path(
        "<str:prescriber_id>/licences/<str:licence_id>/update/",
        licences.licence_update,
        name="licence_update",
    ),
    path(
        "<str:prescriber_id>/licences/<str:licence_id>/deactivate/",
        licences.licence_deactivate,
        name="licence_deactivate",
    ),
    path("<str:prescriber_id>/supervisors/add/", supervision.supervisor_add, name="supervisor_add"),
    path(
        "<str:prescriber_id>/supervisors/<str:supervisor_id>/remove/",
        supervision.supervisor_remove,
        name="supervisor_remove",
    ),
]
