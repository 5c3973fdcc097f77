from django.conf import settings

from . import access


def navigation(request) -> dict:
    """What the navigation may show, decided by `caseworks.access` (templates never read roles)."""
    user = getattr(request, "user", None)
    return {
        "nav": {
            "cases": access.has_role(user, *access.CASE_ROLES),
            "detention": access.has_role(user, *access.CASE_ROLES),
            "deportation": access.has_role(user, *access.FLIGHT_ROLES),
            "admin": access.has_role(user, access.Role.COORDINATOR),
            "register": access.has_role(user, *access.STAFF_ROLES),
        },
        "demo_mode": settings.DEMO_MODE,
    }
