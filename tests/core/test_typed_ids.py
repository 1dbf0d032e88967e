"""A value typed into a URL that cannot be a Blend id (`/patients/078-05-1120/`) is not stored as an
audit target, nor written to the access log as typed (issue 20, item 20)."""

from __future__ import annotations

import importlib.util
from datetime import timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest

from apps.audit.models import AuditEntry
from apps.core.net import LOG_PATH_KEY

SSN = "078-05-1120"
CONF = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"


@pytest.mark.parametrize("url", [f"/patients/{SSN}/", f"/patients/{SSN}/edit/", f"/prescribers/{SSN}/"])
def test_a_patient_or_prescriber_url_holding_no_blend_id_is_a_404_that_keeps_nothing(
    url, clinic_client, sandbox
):
    response = clinic_client.get(url)
    assert response.status_code == 404
    assert not AuditEntry.objects.filter(target_id__contains=SSN).exists()
    assert sandbox.faults.seen == []  # nothing asked of Blend


def test_an_order_url_blend_does_not_know_is_audited_without_the_value_typed(support_client, sandbox):
    assert support_client.get(f"/orders/{SSN}/").status_code == 404  # could be an external id: Blend says no
    entry = AuditEntry.objects.get(action="order.view")
    assert (entry.outcome, entry.target_id) == ("refused", "")


def test_an_unknown_order_number_is_still_named_in_the_audit_log(support_client, sandbox):
    support_client.get("/orders/ORD000000000000NOPE/")
    assert AuditEntry.objects.get(action="order.view").target_id == "ORD000000000000NOPE"


def test_the_request_names_its_url_pattern_for_the_access_log(clinic_client, sandbox):
    patient = next(iter(sandbox.state.patients.rows()))
    response = clinic_client.get(f"/patients/{patient['id']}/")
    assert response.wsgi_request.META[LOG_PATH_KEY] == "/patients/<blend_uuid:patient_id>/"
    response = clinic_client.get(f"/patients/{SSN}/")
    assert response.wsgi_request.META[LOG_PATH_KEY] == "(no route)"


@pytest.fixture
def access_logger():
    spec = importlib.util.spec_from_file_location("gunicorn_conf", CONF)
    conf = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(conf)
    return conf.AccessLogger.__new__(conf.AccessLogger)  # atoms() needs no configured logger


def _logged_path(logger, environ) -> str:
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": environ["PATH_INFO"],
        "SERVER_PROTOCOL": "HTTP/1.1",
        **environ,
    }
    response = SimpleNamespace(status="404 Not Found", headers=[], sent=0)
    return logger.atoms(response, SimpleNamespace(headers=[]), environ, timedelta(0))["U"]


def test_the_access_log_writes_the_pattern_not_the_path(access_logger):
    environ = {"PATH_INFO": f"/patients/{SSN}/", LOG_PATH_KEY: "(no route)"}
    assert _logged_path(access_logger, environ) == "(no route)"


def test_the_access_log_hides_a_path_the_app_never_routed(access_logger):
    assert (
        _logged_path(access_logger, {"PATH_INFO": f"/patients/{SSN}/"}) == "(no route)"
    )  # e.g. an HTTPS redirect
    assert _logged_path(access_logger, {"PATH_INFO": "/static/css/app.css"}) == "/static/css/app.css"
