from django.urls import path

from apps.patients.views import detail, edit, risk_factors
from apps.patients.views import list as listing

app_name = "patients"
urlpatterns = [
    path("", listing.patient_list, name="list"),
    path("new/", edit.patient_create, name="create"),
    path("<blend_uuid:patient_id>/", detail.patient_detail, name="detail"),
    path("<blend_uuid:patient_id>/edit/", edit.patient_edit, name="edit"),
    path("<blend_uuid:patient_id>/risk-factors/", risk_factors.risk_factors, name="risk_factors"),
    path(
        "<blend_uuid:patient_id>/risk-factors/text/", risk_factors.risk_factors_text, name="risk_factors_text"
    ),
    path(
        "<blend_uuid:patient_id>/risk-factors/<blend_uuid:risk_factor_id>/<slug:action>/",
        risk_factors.risk_factor_action,
        name="risk_factor_action",
    ),
]
