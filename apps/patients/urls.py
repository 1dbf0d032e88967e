from django.urls import path

from apps.patients import views

app_name = "patients"
urlpatterns = [
    path("", views.patient_list, name="list"),
    path("<blend_id:patient_id>/", views.patient_detail, name="detail"),
]
