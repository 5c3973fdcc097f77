"""Sessions end after inactivity and with the browser; weak passwords are refused."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def test_session_idle_longer_than_30_minutes_is_logged_out(client, caseworker):
    with time_machine.travel(START, tick=False):
        client.force_login(caseworker)
        assert client.get(reverse("cases:seeker_list")).status_code == 200
    with time_machine.travel(START + timedelta(minutes=31), tick=False):
        response = client.get(reverse("cases:seeker_list"))
    assert response.status_code == 302
    assert response["Location"] == reverse("login") + "?next=" + reverse("cases:seeker_list")


def test_each_request_restarts_the_idle_clock(client, caseworker):
    with time_machine.travel(START, tick=False):
        client.force_login(caseworker)
        client.get(reverse("cases:seeker_list"))
    for minutes in (25, 50, 75):
        with time_machine.travel(START + timedelta(minutes=minutes), tick=False):
            assert client.get(reverse("cases:seeker_list")).status_code == 200


def test_session_cookie_ends_with_the_browser_and_is_hidden_from_scripts(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:seeker_list"), secure=True)
    cookie = response.cookies["sessionid"]
    assert cookie["max-age"] == "" and cookie["expires"] == ""
    assert cookie["httponly"] is True
    assert cookie["secure"] is True
    assert cookie["samesite"] == "Lax"


def test_password_change_refuses_a_short_common_password(client, caseworker):
    client.force_login(caseworker)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": "correct horse battery staple",
            "new_password1": "password1",
            "new_password2": "password1",
        },
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "This password is too short. It must contain at least 10 characters." in page
    assert "This password is too common." in page
    caseworker.refresh_from_db()
    assert caseworker.check_password("correct horse battery staple")
