"""Failed logins are throttled per username + address (django-axes); coordinators lift."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from axes.models import AccessAttempt
from django.urls import reverse

pytestmark = pytest.mark.django_db

PASSWORD = "correct horse battery staple"  # tests/factories.UserFactory
START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WRONG = "wrong-password"


def attempt(client, username="cw", password=WRONG, ip="203.0.113.7"):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=ip
    )


def fail_five_times(client, **kwargs):
    return [attempt(client, **kwargs).status_code for _ in range(5)]


def test_fifth_failure_locks_out_with_the_lockout_page(client, caseworker):
    with time_machine.travel(START, tick=False):
        assert fail_five_times(client) == [200, 200, 200, 200, 429]
        response = attempt(client, password=PASSWORD)
    page = response.content.decode()
    assert response.status_code == 429
    assert '<h1 class="h3 mb-3">Login paused</h1>' in page
    assert "logging in is paused for 30 minutes" in page
    assert "_auth_user_id" not in client.session


def test_lockout_is_per_username_and_address(client, caseworker, colleague):
    with time_machine.travel(START, tick=False):
        fail_five_times(client)
        assert attempt(client, password=PASSWORD, ip="198.51.100.9").status_code == 302
        client.logout()
        assert attempt(client, username="cw2", password=PASSWORD).status_code == 302


def test_lockout_ends_after_the_cool_off(client, caseworker):
    with time_machine.travel(START, tick=False):
        fail_five_times(client)
    with time_machine.travel(START + timedelta(minutes=29), tick=False):
        assert attempt(client, password=PASSWORD).status_code == 429
    with time_machine.travel(START + timedelta(minutes=61), tick=False):
        assert attempt(client, password=PASSWORD).status_code == 302


def test_success_resets_the_failure_count(client, caseworker):
    with time_machine.travel(START, tick=False):
        for _ in range(4):
            attempt(client)
        assert attempt(client, password=PASSWORD).status_code == 302
        client.logout()
        assert [attempt(client).status_code for _ in range(4)] == [200, 200, 200, 200]


def test_coordinator_sees_and_lifts_a_lockout(client, caseworker, coordinator):
    with time_machine.travel(START, tick=False):
        fail_five_times(client)
        client.force_login(coordinator)
        page = client.get(reverse("caseworks:lockouts")).content.decode()
        assert "<td>cw</td>" in page and "<td>203.0.113.7</td>" in page
        assert "Locked until" in page
        response = client.post(
            reverse("caseworks:lockout_lift"), {"username": "cw", "ip_address": "203.0.113.7"}
        )
        assert response["Location"] == reverse("caseworks:lockouts")
        assert AccessAttempt.objects.count() == 0
        client.logout()
        assert attempt(client, password=PASSWORD).status_code == 302


def test_lifting_nothing_says_so(client, coordinator):
    client.force_login(coordinator)
    response = client.post(
        reverse("caseworks:lockout_lift"),
        {"username": "cw", "ip_address": "203.0.113.7"},
        follow=True,
    )
    assert "There was no lockout to lift." in response.content.decode()


def test_lockout_list_is_empty_without_failures(client, coordinator):
    client.force_login(coordinator)
    assert "Nobody is locked out." in client.get(reverse("caseworks:lockouts")).content.decode()


def test_stored_attempt_holds_no_password(client, caseworker):
    attempt(client, password="my-secret-guess-123")
    stored = AccessAttempt.objects.get()
    assert "my-secret-guess-123" not in stored.post_data


@pytest.mark.parametrize(
    ("proxies", "forwarded", "expected"),
    [
        (0, "198.51.100.1", "10.0.0.1"),  # no proxy: a client's header means nothing
        (1, "198.51.100.1", "198.51.100.1"),
        (1, "6.6.6.6, 198.51.100.1", "198.51.100.1"),  # a spoofed entry on the left is ignored
        (2, "198.51.100.1, 10.0.0.9", "198.51.100.1"),
        (1, "", "10.0.0.1"),
    ],
)
def test_client_address_behind_trusted_proxies(proxies, forwarded, expected, settings, rf):
    from caseworks.lockouts import client_ip

    settings.TRUSTED_PROXY_COUNT = proxies
    request = rf.post("/", REMOTE_ADDR="10.0.0.1", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


def test_lockout_behind_a_proxy_is_per_client_address(client, caseworker, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    with time_machine.travel(START, tick=False):
        for _ in range(5):
            client.post(
                reverse("login"),
                {"username": "cw", "password": WRONG},
                REMOTE_ADDR="10.0.0.1",
                HTTP_X_FORWARDED_FOR="203.0.113.7",
            )
        other_client = client.post(
            reverse("login"),
            {"username": "cw", "password": PASSWORD},
            REMOTE_ADDR="10.0.0.1",
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    assert other_client.status_code == 302
    assert AccessAttempt.objects.get().ip_address == "203.0.113.7"
