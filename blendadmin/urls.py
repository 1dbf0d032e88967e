from django.urls import include, path

urlpatterns = [
    path("", include("apps.core.urls")),
    path("", include("apps.home.urls")),
    path("accounts/", include("apps.accounts.urls")),
    path("audit/", include("apps.audit.urls")),
    path("catalog/", include("apps.catalog.urls")),
    path("orders/new/", include("apps.neworders.urls")),
    path("orders/bulk/", include("apps.bulk.urls")),
    path("orders/views/", include("apps.savedviews.urls")),
    path("orders/", include("apps.orders.urls")),
    path("patients/", include("apps.patients.urls")),
    path("prescriptions/", include("apps.prescriptions.urls")),
    path("reports/", include("apps.reports.urls")),
    path("team/", include("apps.team.urls")),
    path("prescribers/", include("apps.prescribers.urls")),
    path("search/", include("apps.search.urls")),
    path("tasks/", include("apps.tasks.urls")),
    path("", include("apps.events.urls")),  # /events/ and Blend's /webhooks/blend/
    path("settings/notifications/", include("apps.notifications.urls")),
    path("live/", include("apps.live.urls")),
    path("recalls/", include("apps.recalls.urls")),
]

handler403 = "apps.audit.views.permission_denied"  # audits the refusal
handler404 = "apps.core.views.page_not_found"
handler500 = "apps.core.views.server_error"
