from functools import cached_property

from caseworks import access

from .models import Alert


class AlertsNav:
    """The unread-alert badge and the closure-days link of the navigation (base.html).

    `unread` is one COUNT on the `alert_unread` partial index, run only if a template shows
    it, and at most once per request.
    """

    def __init__(self, user):
        self.user = user
        self.closure_days = access.has_role(user, access.Role.COORDINATOR)

    @cached_property
    def unread(self) -> int:
        return Alert.objects.for_user(self.user).unread().count()


def alerts(request) -> dict:
    user = getattr(request, "user", None)
    if not access.passed_two_factor(user) or not access.has_role(user, *access.CASE_ROLES):
        return {}  # flight monitors have no cases, hence no alerts
    return {"alerts_nav": AlertsNav(user)}
