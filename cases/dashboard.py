"""The dashboard ("This week"): what needs attention now, in a fixed number of queries.

Each section is its first rows and a count (the count only when the rows fill the page);
`cases.queries` supplies the case facts and `cases.history` the recent changes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

from django.db.models import QuerySet

from . import enums
from .history import recent_changes
from .models import AsylumSeeker, Deadline, Hearing
from .queries import LONG_DETENTION_DAYS, days_since, has_lawyer_shown, with_case_facts

HEARING_HORIZON_DAYS = 14
DASHBOARD_ROWS = 50


@dataclass
class Section:
    rows: list
    total: int


@dataclass
class Dashboard:
    today: date
    deadlines: Section
    hearings: Section
    long_detained: Section
    unknown: Section
    changes: list = field(default_factory=list)


def _section(queryset: QuerySet, limit: int = DASHBOARD_ROWS, *, facts: bool = False) -> Section:
    """The first `limit` rows and how many there are; `facts` adds `with_case_facts` to the
    fetched rows only (the count stays a plain indexed count)."""
    rows = list((with_case_facts(queryset) if facts else queryset)[:limit])
    total = len(rows) if len(rows) < limit else queryset.count()
    return Section(rows, total)


def dashboard(user, today: date, *, mine: bool = False) -> Dashboard:
    """What needs attention now, for the cases `user` may see (lawyers: their own); `mine`
    narrows the sections to the cases `user` is assigned to."""

    def scoped(manager) -> QuerySet:
        queryset = manager.visible_to(user)
        return queryset.assigned_to(user) if mine else queryset

    seekers = scoped(AsylumSeeker.objects)
    deadlines = scoped(Deadline.objects).open().select_related("seeker").order_by("file_by", "pk")
    hearings = has_lawyer_shown(
        scoped(Hearing.objects)
        .filter(date__gte=today, date__lte=today + timedelta(days=HEARING_HORIZON_DAYS))
        .select_related("seeker"),
        "seeker_id",
    ).order_by("date", "time", "pk")
    long_detained = seekers.filter(
        detained_since__lte=today - timedelta(days=LONG_DETENTION_DAYS)
    ).order_by("detained_since", "pk")
    unknown = seekers.filter(custody_status=enums.CustodyStatus.UNKNOWN).order_by("name_latin")
    long_section = _section(long_detained, facts=True)
    for seeker in long_section.rows:
        seeker.days_detained = days_since(seeker.detained_since, today)

    return Dashboard(
        today=today,
        deadlines=_section(deadlines),
        hearings=_section(hearings),
        long_detained=long_section,
        unknown=_section(unknown),
        changes=recent_changes(user, mine=mine),
    )
