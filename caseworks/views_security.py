"""Account security pages: two-factor enrolment and verification, recovery codes, lockouts."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods
from django_otp import login as otp_login

from . import twofactor
from .access import Role, role_required
from .forms_security import CodeForm, LockoutLiftForm
from .lockouts import lockout_lift, lockout_list
from .middleware import two_factor_exempt

RECOVERY_CODES_SESSION_KEY = "caseworks_new_recovery_codes"


def _next_url(request) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return "/"


def _verified(request, device) -> None:
    # A new session key once the second factor passes, so a key seen before cannot ride it.
    request.session.cycle_key()
    otp_login(request, device)


@two_factor_exempt
@require_http_methods(["GET", "POST"])
def two_factor_setup(request):
    """Enrol an authenticator app: QR code + key, confirm with one code, then recovery codes.

    Someone who already has an authenticator must pass it first: knowing the password alone
    must never be enough to add a new phone.
    """
    user = request.user
    if twofactor.has_authenticator(user) and not user.is_verified():
        return redirect(f"{reverse('caseworks:two_factor_verify')}?next={request.path}")
    device = twofactor.totp_device_pending(user=user)
    form = CodeForm(
        request.POST or None, help_text=_("The six digits your app shows for Caseworks now.")
    )
    if request.method == "POST" and form.is_valid():
        confirmed = twofactor.totp_device_confirm(user=user, code=form.cleaned_data["code"])
        if confirmed is not None:
            _verified(request, confirmed)
            request.session[RECOVERY_CODES_SESSION_KEY] = twofactor.recovery_codes_issue(user=user)
            return redirect("caseworks:recovery_codes")
        form.add_error(
            "code",
            _("That code did not match. Check that your phone's clock is right and try again."),
        )
    return render(
        request,
        "caseworks/two_factor_setup.html",
        {
            "form": form,
            "qr_code": twofactor.totp_qr_data_uri(device),
            "manual_key": twofactor.totp_manual_key(device),
        },
    )


@two_factor_exempt
@require_http_methods(["GET", "POST"])
def two_factor_verify(request):
    """The second step of every login: a code from the app, or one recovery code."""
    user = request.user
    if not twofactor.has_authenticator(user):
        return redirect("caseworks:two_factor_setup")
    form = CodeForm(
        request.POST or None,
        help_text=_("Six digits from your authenticator app, or one of your recovery codes."),
        autofocus=True,
    )
    if request.method == "POST" and form.is_valid():
        try:
            device = twofactor.two_factor_check(user=user, code=form.cleaned_data["code"])
        except twofactor.Throttled:
            form.add_error("code", _("Too many wrong codes. Wait a minute, then try again."))
        else:
            if device is not None:
                _verified(request, device)
                if device.name == twofactor.RECOVERY_DEVICE_NAME:
                    left = twofactor.recovery_codes_left(user)
                    messages.warning(
                        request,
                        _(
                            "You used a recovery code; %(left)s are left. If your phone is "
                            "lost, set up the app again and make new codes."
                        )
                        % {"left": left},
                    )
                return redirect(_next_url(request))
            form.add_error(
                "code",
                _("That code did not work. Check your phone's clock, or use a recovery code."),
            )
    return render(
        request, "caseworks/two_factor_verify.html", {"form": form, "next": _next_url(request)}
    )


@require_http_methods(["GET", "POST"])
def recovery_codes(request):
    """Recovery codes are shown once, right after they are made; POST makes a new set."""
    if request.method == "POST":
        request.session[RECOVERY_CODES_SESSION_KEY] = twofactor.recovery_codes_issue(
            user=request.user
        )
        return redirect("caseworks:recovery_codes")
    codes = request.session.pop(RECOVERY_CODES_SESSION_KEY, None)
    return render(
        request,
        "caseworks/recovery_codes.html",
        {"codes": codes, "left": twofactor.recovery_codes_left(request.user)},
    )


@require_GET
@role_required(Role.COORDINATOR)
def lockouts(request):
    return render(
        request,
        "caseworks/lockout_list.html",
        {
            "lockouts": lockout_list(),
            "cooloff_minutes": int(settings.AXES_COOLOFF_TIME.total_seconds() // 60),
        },
    )


@require_http_methods(["POST"])
@role_required(Role.COORDINATOR)
def lockout_lift_view(request):
    form = LockoutLiftForm(request.POST)
    if form.is_valid() and lockout_lift(
        username=form.cleaned_data["username"],
        ip_address=form.cleaned_data["ip_address"],
        by=request.user,
    ):
        messages.success(request, _("The lockout is lifted; the person can log in again."))
    else:
        messages.info(request, _("There was no lockout to lift."))
    return redirect("caseworks:lockouts")
