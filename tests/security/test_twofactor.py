"""Two-factor login (caseworks.twofactor, caseworks.middleware): enrolment, verification,
recovery codes, and that no page with data opens before the second factor."""

from __future__ import annotations

import re
import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from caseworks import twofactor
from tests.security import access_table as t

pytestmark = pytest.mark.django_db

START = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _two_factor_on(settings):
    settings.TWO_FACTOR_REQUIRED = True


def code_for(device: TOTPDevice) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time()
    return f"{totp.token():0{device.digits}d}"


def enrol(client, user) -> tuple[TOTPDevice, list[str]]:
    """The real enrolment flow; returns the confirmed device and the recovery codes shown."""
    client.force_login(user)
    client.get(reverse("caseworks:two_factor_setup"))
    device = TOTPDevice.objects.get(user=user)
    response = client.post(reverse("caseworks:two_factor_setup"), {"code": code_for(device)})
    assert response["Location"] == reverse("caseworks:recovery_codes")
    page = client.get(reverse("caseworks:recovery_codes")).content.decode()
    codes = re.findall(r"<li><code>([a-z2-7]{8})</code></li>", page)
    device.refresh_from_db()
    return device, codes


def password_only(client, user) -> None:
    """A new session: the password is in, the second factor not yet."""
    client.logout()
    client.force_login(user)


def test_unverified_user_is_sent_to_enrolment(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:seeker_list"))
    assert response.status_code == 302
    assert response["Location"] == (
        reverse("caseworks:two_factor_setup") + "?next=" + reverse("cases:seeker_list")
    )


def test_enrolment_page_shows_qr_code_as_data_uri_and_the_key(client, caseworker):
    client.force_login(caseworker)
    page = client.get(reverse("caseworks:two_factor_setup")).content.decode()
    device = TOTPDevice.objects.get(user=caseworker, confirmed=False)
    assert 'class="qr-code" src="data:image/svg+xml' in page
    assert twofactor.totp_manual_key(device) in page
    assert 'autocomplete="one-time-code"' in page
    assert " style=" not in page


def test_enrolment_keeps_the_same_key_on_reload(client, caseworker):
    client.force_login(caseworker)
    client.get(reverse("caseworks:two_factor_setup"))
    client.get(reverse("caseworks:two_factor_setup"))
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1


def test_enrolment_with_a_wrong_code_confirms_nothing(client, caseworker):
    client.force_login(caseworker)
    client.get(reverse("caseworks:two_factor_setup"))
    response = client.post(reverse("caseworks:two_factor_setup"), {"code": "000000"})
    assert response.status_code == 200
    assert "That code did not match" in response.content.decode()
    assert TOTPDevice.objects.get(user=caseworker).confirmed is False
    assert client.get(reverse("cases:seeker_list")).status_code == 302


def test_enrolment_confirms_shows_ten_codes_once_and_opens_the_pages(client, caseworker):
    with time_machine.travel(START, tick=False):
        device, codes = enrol(client, caseworker)
        assert device.confirmed is True
        assert len(codes) == 10 and len(set(codes)) == 10
        assert sorted(codes) == sorted(StaticToken.objects.values_list("token", flat=True))
        second_visit = client.get(reverse("caseworks:recovery_codes")).content.decode()
        assert "<code>" not in second_visit
        assert "You have 10 unused recovery codes." in second_visit
        assert client.get(reverse("cases:seeker_list")).status_code == 200


def test_next_login_asks_for_a_code_and_accepts_the_app(client, caseworker):
    with time_machine.travel(START, tick=False):
        device, _codes = enrol(client, caseworker)
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        password_only(client, caseworker)
        response = client.get(reverse("cases:seeker_list"))
        assert response["Location"] == (
            reverse("caseworks:two_factor_verify") + "?next=" + reverse("cases:seeker_list")
        )
        response = client.post(
            reverse("caseworks:two_factor_verify"),
            {"code": code_for(device), "next": reverse("cases:seeker_list")},
        )
        assert response["Location"] == reverse("cases:seeker_list")
        assert client.get(reverse("cases:seeker_list")).status_code == 200


def test_a_code_from_the_app_works_only_once(client, caseworker):
    with time_machine.travel(START, tick=False):
        device, _codes = enrol(client, caseworker)
        password_only(client, caseworker)
        response = client.post(reverse("caseworks:two_factor_verify"), {"code": code_for(device)})
    assert response.status_code == 200
    assert "That code did not work" in response.content.decode()


def test_a_recovery_code_works_once(client, caseworker):
    with time_machine.travel(START, tick=False):
        _device, codes = enrol(client, caseworker)
    password_only(client, caseworker)
    response = client.post(reverse("caseworks:two_factor_verify"), {"code": codes[0].upper()})
    assert response["Location"] == "/"
    assert StaticToken.objects.filter(token=codes[0]).exists() is False
    assert twofactor.recovery_codes_left(caseworker) == 9
    password_only(client, caseworker)
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=1)):
        response = client.post(reverse("caseworks:two_factor_verify"), {"code": codes[0]})
    assert response.status_code == 200
    assert client.get(reverse("cases:seeker_list")).status_code == 302


def test_wrong_codes_are_throttled(client, caseworker):
    with time_machine.travel(START, tick=False):
        device, _codes = enrol(client, caseworker)
        password_only(client, caseworker)
    with time_machine.travel(START + timedelta(minutes=1), tick=False):
        client.post(reverse("caseworks:two_factor_verify"), {"code": "000000"})
        response = client.post(reverse("caseworks:two_factor_verify"), {"code": code_for(device)})
    assert "Too many wrong codes" in response.content.decode()
    assert client.get(reverse("cases:seeker_list")).status_code == 302


def test_enrolment_cannot_replace_an_authenticator_without_passing_it(client, caseworker):
    with time_machine.travel(START, tick=False):
        enrol(client, caseworker)
    password_only(client, caseworker)
    response = client.get(reverse("caseworks:two_factor_setup"))
    assert response["Location"] == (
        reverse("caseworks:two_factor_verify") + "?next=" + reverse("caseworks:two_factor_setup")
    )
    assert TOTPDevice.objects.filter(user=caseworker).count() == 1


def test_verify_does_not_redirect_off_site(client, caseworker):
    with time_machine.travel(START, tick=False):
        device, _codes = enrol(client, caseworker)
    with time_machine.travel(START + timedelta(minutes=5), tick=False):
        password_only(client, caseworker)
        response = client.post(
            reverse("caseworks:two_factor_verify"),
            {"code": code_for(device), "next": "https://evil.example.org/"},
        )
    assert response["Location"] == "/"


def test_new_recovery_codes_replace_the_old_ones(client, caseworker):
    with time_machine.travel(START, tick=False):
        _device, old = enrol(client, caseworker)
        client.post(reverse("caseworks:recovery_codes"))
    new = set(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10
    assert new.isdisjoint(old)


def test_htmx_request_of_an_unverified_user_gets_hx_redirect(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("cases:seeker_list"), HTTP_HX_REQUEST="true")
    assert response.status_code == 204
    assert response["HX-Redirect"] == reverse("caseworks:two_factor_setup")


@pytest.mark.parametrize("name", ["login", "healthz", "caseworks:two_factor_setup"])
def test_pages_before_the_second_factor_open(name, client, caseworker):
    client.force_login(caseworker)
    assert client.get(reverse(name)).status_code == 200


def test_logout_and_language_work_before_the_second_factor(client, caseworker):
    client.force_login(caseworker)
    assert client.post(reverse("set_language"), {"language": "ru", "next": "/"}).status_code == 302
    assert client.post(reverse("logout"))["Location"] == reverse("login")
    assert "_auth_user_id" not in client.session


# Every page the matrix opens to a coordinator, except the few that must work between the
# password and the code, sends an unverified coordinator to two-factor enrolment.
BEFORE_SECOND_FACTOR = {
    "login",
    "logout",
    "healthz",
    "set_language",
    "admin:login",
    "caseworks:two_factor_setup",
    "caseworks:two_factor_verify",
    # Authenticated by its revocable token, not the session: calendar apps have no second factor.
    "notifications:calendar_feed",
}
# The API answers JSON clients with 403 until the second factor is passed.
API = {"api_schema"}
GUARDED = sorted(
    name
    for name, rule in t.ACCESS.items()
    if rule.expect[t.COORDINATOR] not in t.DENIED
    and rule.expect[t.ANON] in t.DENIED  # public pages need no first factor either
    and name not in BEFORE_SECOND_FACTOR
    and name not in API
)


@pytest.mark.parametrize("name", sorted(API))
def test_api_needs_the_second_factor(name, client, world, coordinator):
    client.force_login(coordinator)
    assert client.get(reverse(name)).status_code == 403


@pytest.mark.parametrize("name", GUARDED)
def test_every_page_needs_the_second_factor(name, client, world, coordinator):
    rule = t.ACCESS[name]
    client.force_login(coordinator)
    response = getattr(client, rule.method)(reverse(name, kwargs=rule.kwargs(world)))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("caseworks:two_factor_setup") + "?next=")


def test_banner_says_two_factor_is_off_only_when_it_is(client, caseworker, settings):
    client.force_login(caseworker)
    with time_machine.travel(START, tick=False):
        enrol(client, caseworker)
        assert "Two-factor off" not in client.get(reverse("cases:seeker_list")).content.decode()
    settings.TWO_FACTOR_REQUIRED = False
    assert "Two-factor off: demo only." in client.get(reverse("login")).content.decode()


def test_navigation_is_hidden_until_the_second_factor(client, coordinator):
    client.force_login(coordinator)
    page = client.get(reverse("caseworks:two_factor_setup")).content.decode()
    assert reverse("cases:seeker_list") not in page
    assert reverse("admin:index") not in page
    with time_machine.travel(START, tick=False):
        enrol(client, coordinator)
        page = client.get(reverse("caseworks:recovery_codes")).content.decode()
    assert f'href="{reverse("cases:seeker_list")}"' in page
    assert f'href="{reverse("caseworks:lockouts")}"' in page
