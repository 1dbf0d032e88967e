"""The sandbox served in-process: an httpx transport the shared client uses when BLEND_API_URL is unset."""

from __future__ import annotations

import httpx

from apps.sandbox.app import API_PREFIX, Sandbox


class SandboxTransport(httpx.WSGITransport):
    def __init__(self, sandbox: Sandbox) -> None:
        super().__init__(app=sandbox)
        self.sandbox = sandbox

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        path = request.url.path.removeprefix(API_PREFIX)
        fault = self.sandbox.faults.take(request.method, path, kinds=("timeout", "connect_error"))
        if fault is not None:
            self.sandbox.faults.record(request.method, path)
            if fault.kind == "timeout":
                raise httpx.ReadTimeout("Sandbox fault: timeout", request=request)
            raise httpx.ConnectError("Sandbox fault: connection refused", request=request)
        return super().handle_request(request)
