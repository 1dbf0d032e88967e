from __future__ import annotations


def test_it_links_both_reports(manager_client):
    response = manager_client.get("/reports/")
    assert response.status_code == 200
    assert 'href="/reports/daily/"' in response.text
    assert 'href="/reports/orders/"' in response.text


def test_it_is_in_the_managers_menu_only(manager_client, support_client):
    assert 'href="/reports/"' in manager_client.get("/reports/").text
    assert 'href="/reports/"' not in support_client.get("/patients/").text


def test_it_refuses_everyone_but_managers(clinic_client, support_client, outsider_client):
    for client in (clinic_client, support_client, outsider_client):
        assert client.get("/reports/").status_code == 403
