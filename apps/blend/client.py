"""BlendClient: one method per Blend endpoint, grouped by area, over the shared `BlendHTTP` seam."""

from __future__ import annotations

from django.conf import settings

import blendadmin
from apps.blend.api.auth import AuthAPI
from apps.blend.api.barcodes import BarcodesAPI
from apps.blend.api.catalog import CatalogAPI
from apps.blend.api.inventory import InventoryAPI
from apps.blend.api.notifications import NotificationsAPI
from apps.blend.api.orders import OrdersAPI
from apps.blend.api.patients import PatientsAPI
from apps.blend.api.prescribers import PrescribersAPI
from apps.blend.api.prescriptions import PrescriptionsAPI
from apps.blend.api.reports import ReportsAPI
from apps.blend.api.search import SearchAPI
from apps.blend.api.tasks import TasksAPI
from apps.blend.http import BlendHTTP

SANDBOX_BASE_URL = "http://sandbox.blend.local/api/v1"


class BlendClient(
    AuthAPI,
    OrdersAPI,
    PrescriptionsAPI,
    PatientsAPI,
    PrescribersAPI,
    SearchAPI,
    TasksAPI,
    CatalogAPI,
    InventoryAPI,
    ReportsAPI,
    NotificationsAPI,
    BarcodesAPI,
):
    def __init__(self, http: BlendHTTP, *, reference_ttl: int = 3600) -> None:
        super().__init__(http, reference_ttl=reference_ttl)
        self.http = http

    def close(self) -> None:
        self.http.close()


def build_client() -> BlendClient:
    """The client for this process: the real Blend when BLEND_API_URL is set, else the sandbox."""
    transport = None
    base_url = settings.BLEND_API_URL
    email, password = settings.BLEND_API_EMAIL, settings.BLEND_API_PASSWORD
    if not base_url:
        from apps.sandbox.runtime import get_sandbox
        from apps.sandbox.seed import SANDBOX_EMAIL, SANDBOX_PASSWORD
        from apps.sandbox.transport import SandboxTransport

        transport = SandboxTransport(get_sandbox())
        base_url = SANDBOX_BASE_URL
        email, password = SANDBOX_EMAIL, SANDBOX_PASSWORD
    http = BlendHTTP(
        base_url=base_url,
        email=email,
        password=password,
        transport=transport,
        connect_timeout=settings.BLEND_CONNECT_TIMEOUT,
        read_timeout=settings.BLEND_READ_TIMEOUT,
        max_retries=settings.BLEND_MAX_RETRIES,
        backoff=settings.BLEND_RETRY_BACKOFF,
        pool_size=settings.BLEND_POOL_SIZE,
        user_agent=f"blendadmin/{blendadmin.__version__}",
    )
    return BlendClient(http, reference_ttl=settings.BLEND_REFERENCE_TTL)
