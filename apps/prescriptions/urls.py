from django.urls import path

from apps.prescriptions import views

app_name = "prescriptions"
urlpatterns = [
    path("submit/", views.prescription_submit, name="submit"),
    path("<blend_id:eprescription_id>/", views.prescription_detail, name="detail"),
]
