"""What the benchmark measures: pages (with their admin and raw-SQL counterparts), the alert
sweep and the 300-event case-file PDF."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count
from django.urls import reverse

from bench.seed import SHOWCASE_REFERENCE


@dataclass
class Page:
    name: str
    url: Callable[[], str]
    user: str = "bench-caseworker"
    admin_url: Callable[[], str] | None = None
    raw_sql: Callable[[], tuple[str, list]] | None = None
    # A page another branch adds: skipped, and said so in the report, while its URL name
    # does not resolve in this build (bench/run.py).
    optional: bool = False


def _people(**params) -> Callable[[], str]:
    return lambda: reverse("cases:seeker_list") + ("?" + urlencode(params) if params else "")


def _admin_people(q: str) -> Callable[[], str]:
    return lambda: reverse("admin:cases_asylumseeker_changelist") + "?" + urlencode({"q": q})


def _raw_people(where: str = "", params: list | None = None) -> Callable[[], tuple[str, list]]:
    sql = (
        "SELECT id, reference, name_latin, name_original, a_number, custody_status "
        "FROM cases_asylumseeker "
        + (f"WHERE {where} " if where else "")
        + "ORDER BY name_latin, id LIMIT 50"
    )
    return lambda: (sql, params or [])


def _person(reference: str | None = None, *, lawyer: str | None = None) -> str:
    from cases.models import AsylumSeeker

    if lawyer:
        # The lawyer's case with the most contacts: the longest page they can open.
        reference = (
            AsylumSeeker.objects.filter(lawyers__username=lawyer)
            .annotate(n=Count("contacts"))
            .order_by("-n", "pk")
            .values_list("reference", flat=True)
            .first()
        )
    return reverse("cases:seeker_detail", args=[reference])


def _busiest_facility() -> str:
    from detention.models import Facility

    busiest = (
        Facility.objects.annotate(n=Count("stays"))
        .order_by("-n")
        .values_list("code", flat=True)
        .first()
    )
    return reverse("detention:facility_detail", args=[busiest])


PAGES: list[Page] = [
    Page("dashboard (caseworker)", lambda: reverse("dashboard")),
    Page("dashboard (lawyer)", lambda: reverse("dashboard"), user="bench-lawyer"),
    Page(
        "people list",
        _people(),
        admin_url=lambda: reverse("admin:cases_asylumseeker_changelist"),
        raw_sql=_raw_people(),
    ),
    Page(
        "people search 'Orlov'",
        _people(q="Orlov"),
        admin_url=_admin_people("orlov"),
        raw_sql=_raw_people("search_text LIKE %s", ["%orlov%"]),
    ),
    Page(
        "people search 'Орлов'",
        _people(q="Орлов"),
        admin_url=_admin_people("Орлов"),
        raw_sql=_raw_people("search_text LIKE %s", ["%orlov%"]),
    ),
    Page(
        "people search A-number",
        _people(q="A-100-000-123"),
        admin_url=_admin_people("100000123"),
        raw_sql=_raw_people("a_number = %s", ["100000123"]),
    ),
    Page(
        "people two filters",
        _people(custody_status="detained", nationality="RU"),
        admin_url=lambda: (
            reverse("admin:cases_asylumseeker_changelist")
            + "?custody_status__exact=detained&nationality__exact=RU"
        ),
        raw_sql=_raw_people("custody_status = %s AND nationality = %s", ["detained", "RU"]),
    ),
    # The two lists the dashboard links to ("All people by next deadline", "longest first").
    Page("people by next deadline", _people(sort="deadline")),
    Page("people detained, longest first", _people(custody_status="detained", sort="detained")),
    Page("people list (lawyer)", _people(), user="bench-lawyer"),
    Page("person page (300 events)", lambda: _person(SHOWCASE_REFERENCE)),
    Page("person page (lawyer)", lambda: _person(lawyer="bench-lawyer"), user="bench-lawyer"),
    Page(
        "person history (300 events)",
        lambda: reverse("cases:seeker_history", args=[SHOWCASE_REFERENCE]),
    ),
    Page("facility page (busiest)", _busiest_facility),
    Page("facility page (busiest, lawyer)", _busiest_facility, user="bench-lawyer"),
    Page(
        "flight list",
        lambda: reverse("deportation:flight_list"),
        user="bench-monitor",
        admin_url=lambda: reverse("admin:deportation_flight_changelist"),
        raw_sql=lambda: (
            "SELECT id, date, flight_number, tail_number, operator, kind FROM deportation_flight "
            "ORDER BY date DESC, id LIMIT 50",
            [],
        ),
    ),
    Page("deportation dashboard", lambda: reverse("deportation:dashboard"), user="bench-monitor"),
    Page("notifications (alerts)", lambda: reverse("notifications:list")),
]


def measure_sweep() -> dict:
    """Time the alert sweep (the function Celery beat runs every 15 minutes) over the data set.

    Runs before the pages are measured, so they see the alerts a live system has. Like
    tests/perf/sweep_100k.py: the emails it enqueues go to an in-memory broker, and between
    runs every alert is marked sent, as the workers would have done; the second run is the
    steady state (nothing new). On a data set swept before, both runs are steady state.

    The steady state is measured twice: at once after marking 148,000 alerts sent
    (`repeat_sweep_unvacuumed_s`: every index entry of the alerts then has a dead twin to
    check in the table), and after the VACUUM ANALYZE autovacuum runs within a minute of that
    many updates (`repeat_sweep_s`: what beat's next run, 15 minutes later, meets; the bench
    server runs with autovacuum off, so it is done here, untimed).
    """
    try:
        from cases.alerts import sweep
    except ImportError:
        return {"error": "no alert sweep in this build"}
    from celery import current_app
    from django.utils import timezone

    from cases.models import Alert, Deadline

    current_app.conf.task_always_eager = False
    current_app.conf.broker_url = "memory://"
    open_deadlines = Deadline.objects.open().count()
    from django.db import connection

    def vacuum() -> None:
        if connection.vendor == "postgresql":
            # What autovacuum does after that many inserts or updates (not timed): queries
            # then read the alerts' indexes without visiting the table.
            with connection.cursor() as cursor:
                cursor.execute(f"VACUUM ANALYZE {Alert._meta.db_table}")

    runs = {}
    for label in ("first_sweep", "repeat_sweep_unvacuumed", "repeat_sweep"):
        if label == "repeat_sweep":
            vacuum()
        start = time.perf_counter()
        report = sweep()
        runs[f"{label}_s"] = round(time.perf_counter() - start, 3)
        runs[f"{label}_created"] = report.created
        Alert.objects.filter(sent_at__isnull=True).update(
            email_status="sent", sent_at=timezone.now()
        )
    vacuum()
    return {"open_deadlines": open_deadlines, "alerts": Alert.objects.count(), **runs}


def render_showcase_pdf() -> int:
    """Render the showcase case file (full edition) as the worker does; returns its pages."""
    from django.utils import timezone

    from cases.casefile import casefile_data
    from cases.casefile.pdf import render_casefile_pdf
    from cases.models import AsylumSeeker

    seeker = AsylumSeeker.objects.get(reference=SHOWCASE_REFERENCE)
    data = casefile_data(seeker, edition="full", today=timezone.localdate())
    return render_casefile_pdf(data).page_count
