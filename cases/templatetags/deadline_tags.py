"""What deadlines and alerts say on screens and in email: one wording for both."""

from __future__ import annotations

from datetime import date

from django import template
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from cases.enums import AlertKind

register = template.Library()

CIRCUITS = {
    1: gettext_lazy("First Circuit"),
    2: gettext_lazy("Second Circuit"),
    3: gettext_lazy("Third Circuit"),
    4: gettext_lazy("Fourth Circuit"),
    5: gettext_lazy("Fifth Circuit"),
    6: gettext_lazy("Sixth Circuit"),
    7: gettext_lazy("Seventh Circuit"),
    8: gettext_lazy("Eighth Circuit"),
    9: gettext_lazy("Ninth Circuit"),
    10: gettext_lazy("Tenth Circuit"),
    11: gettext_lazy("Eleventh Circuit"),
}


def _day(value: date | None) -> str:
    return formats.date_format(value, "D j M Y") if value else "?"


@register.filter
def deadline_label(deadline) -> str:
    """The rule's label in the user's language; a manual deadline's own title."""
    rule = deadline.rule_info
    return str(rule.label) if rule else deadline.title


@register.filter
def days_left(day: date | None) -> str:
    if day is None:
        return ""
    n = (day - timezone.localdate()).days
    if n == 0:
        return _("today")
    if n > 0:
        return ngettext("in %(n)d day", "in %(n)d days", n) % {"n": n}
    return ngettext("%(n)d day ago", "%(n)d days ago", -n) % {"n": -n}


@register.filter
def circuit_name(number: int | None) -> str:
    return str(CIRCUITS.get(number, ""))


@register.filter
def alert_message(alert) -> str:
    """One sentence saying what the alert is about, without a name (it is also the email)."""
    kind, n = alert.kind, alert.threshold
    if kind == AlertKind.DEADLINE:
        return ngettext(
            "%(title)s: file by %(date)s, %(n)d day or less left.",
            "%(title)s: file by %(date)s, %(n)d days or less left.",
            n,
        ) % {"title": deadline_label(alert.deadline), "date": _day(alert.due_on), "n": n}
    if kind == AlertKind.DEADLINE_MISSED:
        return _(
            "%(title)s: the legal due date %(due)s has passed and it is not marked as filed. "
            "If it was filed, mark it met; if not, act today."
        ) % {"title": deadline_label(alert.deadline), "due": _day(alert.deadline.due_date)}
    if kind == AlertKind.HEARING_NO_LAWYER:
        return _("Hearing on %(date)s and no lawyer is assigned.") % {"date": _day(alert.due_on)}
    if kind == AlertKind.CHANGED_CIRCUMSTANCES:
        return _(
            "Changed circumstances: a home-country charge learned on %(date)s, after the last "
            "decision, is in no record. Consider a motion to reopen or remand (a motion based "
            "on changed country conditions has no 90-day limit)."
        ) % {"date": _day(alert.due_on)}
    if kind == AlertKind.DETENTION_DAYS:
        return _("%(n)d days in detention (since %(date)s).") % {"n": n, "date": _day(alert.due_on)}
    if kind == AlertKind.CONTACT_GAP:
        return _("No successful contact with the detained client for %(n)d days or more.") % {
            "n": n
        }
    if kind == AlertKind.CONTACT_FAILED:
        return _("%(n)d or more failed attempts in a row to reach the detained client.") % {"n": n}
    if kind == AlertKind.FINAL_ORDER:
        return _(
            "Final order of removal and nothing stays it: removal may be imminent. A petition "
            "for review or a motion does not stop removal by itself; ask for a stay."
        )
    return str(alert.get_kind_display())
