from django.conf import settings

from . import access


def navigation(request) -> dict:
    """What the navigation may show, decided by `caseworks.access` (templates never read roles)."""
    user = getattr(request, "user", None)
    if not access.passed_two_factor(user):
        user = None  # no page opens before the second factor, so none is offered
    return {
        "nav": {
            "cases": access.has_role(user, *access.CASE_ROLES),
            "detention": access.has_role(user, *access.CASE_ROLES),
            "deportation": access.has_role(user, *access.FLIGHT_ROLES),
            "admin": access.has_role(user, access.Role.COORDINATOR),
            "register": access.has_role(user, *access.STAFF_ROLES),
            # Linking a person to a removal flight (deportation:removal_create).
            "record_removal": access.has_role(user, *access.REMOVAL_RECORD_ROLES),
            # Lockouts and retention review (caseworks.views_security, cases.views_privacy).
            "security": access.has_role(user, access.Role.COORDINATOR),
        },
        "demo_mode": settings.DEMO_MODE,
        # The banner on every page while two-factor login is switched off.
        "two_factor_off": not settings.TWO_FACTOR_REQUIRED,
    }
