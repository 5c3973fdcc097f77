from functools import cached_property

from caseworks import access

from .models import Alert

# The badge says "99+" beyond this: counting every unread alert on every page cost 16-30 ms
# for a caseworker with 110,000 of them (bench/NOTES.md); counting up to 100 costs 0.1 ms.
BADGE_MAX = 99


class AlertsNav:
    """The unread-alert badge and the closure-days link of the navigation (base.html).

    `unread` is one COUNT on the `alert_unread` partial index, of at most BADGE_MAX + 1 rows,
    run only if a template shows it, and at most once per request.
    """

    def __init__(self, user):
        self.user = user
        self.closure_days = access.has_role(user, access.Role.COORDINATOR)

    @cached_property
    def unread(self) -> int:
        """The number of unread alerts, or BADGE_MAX + 1 when there are more than BADGE_MAX."""
        return Alert.objects.for_user(self.user).unread().order_by()[: BADGE_MAX + 1].count()

    @property
    def shown(self) -> str:
        """What the badge says: the number, or "99+"."""
        return f"{BADGE_MAX}+" if self.unread > BADGE_MAX else str(self.unread)


def alerts(request) -> dict:
    user = getattr(request, "user", None)
    if not access.passed_two_factor(user) or not access.has_role(user, *access.CASE_ROLES):
        return {}  # flight monitors have no cases, hence no alerts
    return {"alerts_nav": AlertsNav(user)}
