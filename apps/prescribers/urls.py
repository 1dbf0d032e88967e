from django.urls import path

from apps.prescribers.views import detail, edit, licences, supervision
from apps.prescribers.views import list as listing

app_name = "prescribers"
urlpatterns = [
    path("", listing.prescriber_list, name="list"),
    path("new/", edit.prescriber_create, name="create"),
    path("<blend_uuid:prescriber_id>/", detail.prescriber_detail, name="detail"),
    path("<blend_uuid:prescriber_id>/edit/", edit.prescriber_edit, name="edit"),
    path("<blend_uuid:prescriber_id>/licences/add/", licences.licence_add, name="licence_add"),
    path(
        "<blend_uuid:prescriber_id>/licences/<blend_uuid:licence_id>/update/",
        licences.licence_update,
        name="licence_update",
    ),
    path(
        "<blend_uuid:prescriber_id>/licences/<blend_uuid:licence_id>/deactivate/",
        licences.licence_deactivate,
        name="licence_deactivate",
    ),
    path("<blend_uuid:prescriber_id>/supervisors/add/", supervision.supervisor_add, name="supervisor_add"),
    path(
        "<blend_uuid:prescriber_id>/supervisors/<blend_uuid:supervisor_id>/remove/",
        supervision.supervisor_remove,
        name="supervisor_remove",
    ),
]
