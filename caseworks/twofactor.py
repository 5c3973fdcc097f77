"""Two-factor authentication: an authenticator app (TOTP) plus ten one-time recovery codes.

Built on django-otp (otp_totp, otp_static). The flow, enforced by
`caseworks.middleware.TwoFactorMiddleware`:

1. After the password, a user without a confirmed authenticator is sent to enrolment
   (caseworks:two_factor_setup): a QR code and the key in letters, then one code to confirm.
2. Confirming issues ten recovery codes, shown once (caseworks:recovery_codes).
3. On every later login the user types a code from the app, or one recovery code, at
   caseworks:two_factor_verify; a recovery code works once.

Wrong codes slow down exponentially per device (django-otp's throttling), so guessing six
digits is not practical. Lost phone: a coordinator deletes the user's devices in the admin
(OTP TOTP -> TOTP devices, OTP Static -> static devices); the user enrols again.
"""

from __future__ import annotations

from base64 import b32encode

import segno
from django.db import transaction
from django_otp import user_has_device, verify_token
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import User

RECOVERY_CODE_COUNT = 10
TOTP_DEVICE_NAME = "Authenticator app"
RECOVERY_DEVICE_NAME = "Recovery codes"


def has_authenticator(user: User) -> bool:
    """A confirmed device exists: the user verifies instead of enrolling."""
    return user_has_device(user, confirmed=True)


@transaction.atomic
def totp_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator being enrolled: created once, so reloading the page keeps its key."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=TOTP_DEVICE_NAME, confirmed=False)
    return device


def totp_qr_data_uri(device: TOTPDevice) -> str:
    """The otpauth:// URL as an SVG QR code in a data: URI (CSP allows img-src data:)."""
    return segno.make(device.config_url, error="m").svg_data_uri(scale=5, border=2)


def totp_manual_key(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for apps that cannot scan."""
    key = b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


@transaction.atomic
def totp_device_confirm(*, user: User, code: str) -> TOTPDevice | None:
    """Confirm the pending authenticator with one code from it; None if the code is wrong.

    The new device replaces any earlier authenticator of the user (one phone per account).
    """
    device = (
        TOTPDevice.objects.select_for_update()
        .filter(user=user, confirmed=False)
        .order_by("pk")
        .first()
    )
    if device is None or not device.verify_token(_normalize(code)):
        return None
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
    return device


@transaction.atomic
def recovery_codes_issue(*, user: User) -> list[str]:
    """Replace the user's recovery codes with ten new ones and return them (shown once)."""
    device, _created = StaticDevice.objects.select_for_update().get_or_create(
        user=user, name=RECOVERY_DEVICE_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    codes = [StaticToken.random_token() for _ in range(RECOVERY_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


def recovery_codes_left(user: User) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


class Throttled(Exception):
    """Every device of the user is waiting out its back-off after wrong codes."""


def two_factor_check(*, user: User, code: str) -> Device | None:
    """The device that accepts `code` (six digits: the app; otherwise a recovery code).

    A recovery code is used up. Raises Throttled when no device may verify right now.
    """
    code = _normalize(code)
    kind = TOTPDevice if code.isdigit() else StaticDevice
    devices = list(kind.objects.devices_for_user(user, confirmed=True))
    allowed = [device for device in devices if device.verify_is_allowed()[0]]
    if devices and not allowed:
        raise Throttled
    for device in allowed:
        # verify_token locks the row, so two requests cannot use one code twice.
        verified = verify_token(user, device.persistent_id, code)
        if verified is not None:
            return verified
    return None


def _normalize(code: str) -> str:
    return "".join(code.split()).lower()
