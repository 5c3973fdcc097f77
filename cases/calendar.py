"""The private iCalendar feed: hearings and open deadlines of the cases a user may see.

No names anywhere in it (a calendar is synced to phones and third-party servers): events name
the case reference only. Deadlines are all-day events on the "file by" date.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import Deadline, Hearing
from .templatetags.deadline_tags import deadline_label

HEARING_LENGTH = timedelta(hours=1)
ONE_DAY = timedelta(days=1)


def _site() -> tuple[str, str]:
    base = settings.SITE_URL.rstrip("/")
    return base, urlsplit(base).hostname or "caseworks"


def build_calendar(
    *, hearings: Iterable[Hearing], deadlines: Iterable[Deadline], now: datetime
) -> bytes:
    base, domain = _site()
    calendar = Calendar()
    calendar.add("prodid", "-//Caseworks//Hearings and deadlines//EN")
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", _("Caseworks: hearings and deadlines"))
    calendar.add("x-published-ttl", "PT1H")
    for hearing in hearings:
        reference = hearing.seeker.reference
        event = Event()
        event.add("uid", f"hearing-{hearing.pk}@{domain}")
        event.add("dtstamp", now)
        if hearing.time:
            # Floating local time: the court's clock, whatever zone the phone is in.
            start = datetime.combine(hearing.date, hearing.time)
            event.add("dtstart", start)
            event.add("dtend", start + HEARING_LENGTH)
        else:
            event.add("dtstart", hearing.date)
            event.add("dtend", hearing.date + ONE_DAY)
        event.add(
            "summary",
            _("Hearing (%(kind)s): %(reference)s")
            % {"kind": hearing.get_kind_display(), "reference": reference},
        )
        if hearing.court:
            event.add("location", hearing.court)
        link = base + reverse("cases:seeker_detail", args=[reference])
        event.add("description", f"{_('Case')} {reference}\n{link}")
        event.add("url", link)
        calendar.add_component(event)
    for deadline in deadlines:
        reference = deadline.seeker.reference
        rule = deadline.rule_info
        event = Event()
        event.add("uid", f"deadline-{deadline.pk}@{domain}")
        event.add("dtstamp", now)
        event.add("dtstart", deadline.file_by)
        event.add("dtend", deadline.file_by + ONE_DAY)
        event.add("transp", "TRANSPARENT")
        event.add(
            "summary",
            _("File by: %(what)s: %(reference)s")
            % {"what": deadline_label(deadline), "reference": reference},
        )
        lines = [
            f"{_('Case')} {reference}",
            f"{_('Legal due date')}: {deadline.due_date.isoformat()}",
        ]
        if rule:
            lines.append(f"{_('Rule')}: {rule.citation}")
        link = base + reverse("cases:seeker_deadlines", args=[reference])
        event.add("description", "\n".join([*lines, link]))
        event.add("url", link)
        calendar.add_component(event)
    return calendar.to_ical()
