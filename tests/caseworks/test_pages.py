import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_login_page_is_public(client):
    response = client.get(reverse("login"))
    assert response.status_code == 200
    assert b"Log in" in response.content


def test_every_other_page_needs_login(client):
    response = client.get(reverse("cases:seeker_list"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_login_leads_to_this_week(client, caseworker):
    response = client.post(
        reverse("login"), {"username": "cw", "password": "correct horse battery staple"}
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")


def test_navigation_shows_what_the_role_may_use(client, coordinator, monitor):
    client.force_login(coordinator)
    page = client.get(reverse("dashboard")).content.decode()
    for label in ("Cases", "Detention", "Deportation", "Admin"):
        assert f">{label}</a>" in page
    client.force_login(monitor)
    response = client.get(reverse("deportation:flight_list"))
    page = response.content.decode()
    assert ">Deportation</a>" in page
    assert ">Cases</a>" not in page and ">Admin</a>" not in page


def test_monitor_landing_is_the_flight_list(client, monitor):
    client.force_login(monitor)
    response = client.get(reverse("dashboard"))
    assert response["Location"] == reverse("deportation:flight_list")


def test_monitor_gets_403_on_case_list(client, monitor):
    client.force_login(monitor)
    assert client.get(reverse("cases:seeker_list")).status_code == 403


def test_lawyer_gets_404_for_unassigned_case(client, other_lawyer, seeker):
    client.force_login(other_lawyer)
    assert client.get(seeker.get_absolute_url()).status_code == 404


def test_password_change(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "a-much-longer-passphrase-2026",
            "new_password2": "a-much-longer-passphrase-2026",
        },
    )
    assert response.status_code == 302
    caseworker.refresh_from_db()
    assert caseworker.check_password("a-much-longer-passphrase-2026")


def test_language_switch_to_russian(client, caseworker):
    client.force_login(caseworker)
    client.post(reverse("set_language"), {"language": "ru", "next": "/"})
    page = client.get(reverse("cases:seeker_list"), HTTP_ACCEPT_LANGUAGE="ru").content.decode()
    assert 'lang="ru"' in page
    assert "Дела" in page
