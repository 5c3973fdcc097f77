"""Two-factor enforcement: a signed-in user who has not passed the second factor in this
session reaches only the login, logout, language and two-factor pages (caseworks.twofactor).

Runs after AuthenticationMiddleware, OTPMiddleware and LoginRequiredMiddleware, so an
anonymous visitor has already been sent to the login page.
"""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.views import redirect_to_login
from django.http import HttpResponse
from django.urls import reverse
from django.utils.cache import patch_cache_control

from . import access

# Django's own views that an unverified user must still reach (ours use @two_factor_exempt;
# public views marked @login_not_required are exempt too).
EXEMPT_URL_NAMES = frozenset({"logout"})


def two_factor_exempt(view: Callable) -> Callable:
    """Mark a view reachable between the password and the second factor."""
    view.two_factor_exempt = True
    return view


class TwoFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = request.user
        if access.passed_two_factor(user) or _exempt(request, view_func):
            return None
        from .twofactor import has_authenticator

        step = "verify" if has_authenticator(user) else "setup"
        target = reverse(f"caseworks:two_factor_{step}")
        if getattr(request, "htmx", False):
            # An htmx fragment request cannot follow a redirect into a full page.
            response = HttpResponse(status=204)
            response["HX-Redirect"] = target
            return response
        return redirect_to_login(request.get_full_path(), target)


def _exempt(request, view_func) -> bool:
    if getattr(view_func, "two_factor_exempt", False):
        return True
    if getattr(view_func, "login_required", True) is False:  # @login_not_required
        return True
    match = request.resolver_match
    return match is not None and match.view_name in EXEMPT_URL_NAMES


class PrivateCacheMiddleware:
    """Pages shown to a signed-in user hold case data: no browser or proxy may keep them
    (a shared office computer's Back button must not bring a case back after logout)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            patch_cache_control(response, private=True, no_store=True)
        return response
