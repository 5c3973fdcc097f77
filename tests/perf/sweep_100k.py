"""How long the alert sweep takes over 100,000 open deadlines (a measurement, not a test).

    createdb -h 127.0.0.1 -U postgres cw_deadlines_bench
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/cw_deadlines_bench \\
    REDIS_URL=redis://127.0.0.1:6379/2 DEBUG=true \\
      .venv/bin/python -m tests.perf.sweep_100k

Refuses any database whose name does not end in "_bench". Seeds invented rows in bulk (not
through the services: this measures the sweep, not the seeding), then runs the sweep three
times: first (creates the alerts), 15 minutes later (nothing new), and a day later (new
thresholds); between runs every alert is marked sent, as the workers would have done. Prints
the database time (sum of query durations) and the wall time of each. Emails are enqueued on
a throwaway Redis queue, purged at the end.
"""

from __future__ import annotations

import os
import random
import time
from contextlib import contextmanager
from datetime import timedelta

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "caseworks.settings")
django.setup()

from celery import current_app  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.utils import timezone  # noqa: E402

from cases.alerts import sweep  # noqa: E402
from cases.deadline_services import next_file_by_rule  # noqa: E402
from cases.models import Alert, AsylumSeeker, ContactLog, Deadline, Hearing  # noqa: E402
from caseworks.enums import Role  # noqa: E402
from caseworks.models import User  # noqa: E402
from detention.models import DetentionStay, Facility  # noqa: E402

SEEKERS, DEADLINES, STAFF = 20_000, 100_000, 250
QUEUE = "caseworks-bench-sweep"


@contextmanager
def db_time():
    spent = {"db": 0.0, "queries": 0}

    def timed(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            spent["db"] += time.perf_counter() - start
            spent["queries"] += 1

    wall = time.perf_counter()
    with connection.execute_wrapper(timed):
        yield spent
    spent["wall"] = time.perf_counter() - wall


def seed(rng: random.Random) -> None:
    today = timezone.localdate()
    staff = User.objects.bulk_create(
        User(
            username=f"bench{i}",
            role=Role.LAWYER if i % 2 else Role.CASEWORKER,
            email=f"bench{i}@example.org",
        )
        for i in range(STAFF)
    )
    lawyers = [u for u in staff if u.role == Role.LAWYER]
    caseworkers = [u for u in staff if u.role == Role.CASEWORKER]
    seekers = AsylumSeeker.objects.bulk_create(
        (
            AsylumSeeker(reference=f"CW-B{i:06d}", pseudonym=f"P-B{i:06d}", name_latin=f"Bench {i}")
            for i in range(SEEKERS)
        ),
        batch_size=5000,
    )
    AsylumSeeker.lawyers.through.objects.bulk_create(
        (
            AsylumSeeker.lawyers.through(asylumseeker_id=s.pk, user_id=rng.choice(lawyers).pk)
            for s in seekers
            if rng.random() < 0.7
        ),
        batch_size=5000,
    )
    AsylumSeeker.caseworkers.through.objects.bulk_create(
        (
            AsylumSeeker.caseworkers.through(
                asylumseeker_id=s.pk, user_id=rng.choice(caseworkers).pk
            )
            for s in seekers
        ),
        batch_size=5000,
    )
    deadlines = []
    for i in range(DEADLINES):
        file_by = today + timedelta(days=rng.randint(-60, 365))
        deadlines.append(
            Deadline(seeker=seekers[i % SEEKERS], title="Bench", due_date=file_by, file_by=file_by)
        )
    Deadline.objects.bulk_create(deadlines, batch_size=5000)
    # Bulk inserts bypass the services: the derived column by their rule, in one UPDATE.
    AsylumSeeker.objects.update(next_file_by=next_file_by_rule())
    facility = Facility.objects.create(code="BENCH01", name="Bench facility", circuit=9)
    DetentionStay.objects.bulk_create(
        (
            DetentionStay(
                seeker=s, facility=facility, started_on=today - timedelta(days=rng.randint(1, 500))
            )
            for s in seekers[: SEEKERS // 2]
        ),
        batch_size=5000,
    )
    Hearing.objects.bulk_create(
        (
            Hearing(seeker=s, kind="master", date=today + timedelta(days=rng.randint(-30, 60)))
            for s in seekers
        ),
        batch_size=5000,
    )
    now = timezone.now()
    ContactLog.objects.bulk_create(
        (
            ContactLog(
                seeker=s,
                party="client",
                channel="call",
                occurred_at=now - timedelta(days=rng.randint(0, 40)),
                outcome=rng.choice(["reached", "no_answer", "refused"]),
            )
            for s in seekers[: SEEKERS // 2]
            for _ in range(3)
        ),
        batch_size=5000,
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def main() -> None:
    name = connection.settings_dict["NAME"]
    if connection.vendor != "postgresql" or not name.endswith("_bench"):
        raise SystemExit("Use a PostgreSQL database whose name ends in _bench.")
    call_command("migrate", verbosity=0)
    if not Deadline.objects.exists():
        print("seeding ...", flush=True)
        seed(random.Random(4))  # noqa: S311 (invented data)
    Alert.objects.all().delete()
    current_app.conf.task_always_eager = False
    current_app.conf.task_default_queue = QUEUE
    print(
        f"open deadlines: {Deadline.objects.open().count():,}; people: "
        f"{AsylumSeeker.objects.count():,}"
    )
    now = timezone.now()
    runs = [("first", now), ("15 min", now + timedelta(minutes=15))]
    runs.append(("next day", now + timedelta(days=1)))
    for label, at in runs:
        with db_time() as spent:
            report = sweep(now=at)
        # What the workers would do meanwhile: send them all (not measured).
        Alert.objects.filter(sent_at__isnull=True).update(email_status="sent", sent_at=at)
        print(
            f"{label:>8}: {report.due:,} due, {report.created:,} new, "
            f"{report.enqueued:,} enqueued; DB {spent['db'] * 1000:.0f} ms in "
            f"{spent['queries']} queries; wall {spent['wall'] * 1000:.0f} ms"
        )
    with current_app.connection_for_write() as conn:
        conn.default_channel.queue_purge(QUEUE)


if __name__ == "__main__":
    main()
