from django.urls import path

from apps.neworders import views

app_name = "neworders"
urlpatterns = [
    path("", views.start, name="start"),
    path("<uuid:draft_id>/patients/", views.patient_hits, name="patient_hits"),
    path("<uuid:draft_id>/prescribers/", views.prescriber_hits, name="prescriber_hits"),
    path("<uuid:draft_id>/discard/", views.discard, name="discard"),
    path("<uuid:draft_id>/result/", views.result, name="result"),
    path("<uuid:draft_id>/<slug:step>/", views.step, name="step"),
]
