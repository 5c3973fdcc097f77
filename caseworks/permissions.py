"""Django REST framework permissions that apply the project's access rules."""

from rest_framework.permissions import IsAuthenticated

from . import access


class SignedInWithSecondFactor(IsAuthenticated):
    """Signed in and past the second factor: the API is not a way around two-factor login
    (caseworks.middleware guards the HTML pages; DRF views manage their own authentication)."""

    def has_permission(self, request, view) -> bool:
        return super().has_permission(request, view) and access.passed_two_factor(request.user)
