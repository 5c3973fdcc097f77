"""The alert sweep (DESIGN.md section 5): a pure function of the database and the clock.

Celery beat runs `sweep()` every 15 minutes (`cases.tasks.sweep_alerts`); so does
`manage.py sweep_alerts`. Each run, in one transaction:

1. For each kind of alert, ONE query selects what is due now and was not alerted before
   (a NOT EXISTS or NOT IN on `Alert`, so a steady-state sweep returns nothing). No Python
   loop over any table, only over what the queries return.
2. ONE more query (a UNION of the two assignment tables) finds who hears
   about each case: its active lawyers and caseworkers, or the active coordinators when
   nobody is assigned. An alert is urgent when the person has no lawyer (none assigned here
   and no outside counsel).
3. Inserts one `Alert` per (kind, subject, threshold, recipient) with ON CONFLICT DO NOTHING
   (`_insert`): the unique constraint `alert_once` is what makes a second or concurrent sweep
   create nothing. Never check-then-insert.
4. Enqueues one send task per alert whose email is still owed and not queued recently,
   after the transaction commits. This also re-sends what a lost Redis message or a killed
   worker left unsent: the database, not the queue, remembers.

The queries of step 1 live in `cases.alert_kinds`, one function per kind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q, Value
from django.utils import timezone

from caseworks.access import case_coordinators
from caseworks.models import User
from caseworks.queueing import enqueue_each

from .alert_kinds import ASSIGNED_CASEWORKERS, ASSIGNED_LAWYERS, KINDS, Due, Sweep
from .alert_services import unsent
from .enums import EmailStatus
from .models import Alert

# An email enqueued this long ago and still unsent is enqueued again.
REQUEUE_AFTER = timedelta(minutes=10)
ENQUEUE_BATCH = 5000
ANALYZE_AFTER = 10_000  # rows created in one sweep (the first one over existing data)
RECIPIENT_IDS = 2000  # at most, listed in the recipients query
_LAWYER, _CASEWORKER = 1, 0


@dataclass(frozen=True)
class SweepReport:
    due: int  # (alert, recipient) pairs due now that no earlier sweep made
    created: int
    enqueued: int


def _recipients(seeker_ids: set[int], coordinators: tuple[int, ...]):
    """Step 2: {seeker id: ({recipient ids}, has a lawyer)} for the cases with alerts due.

    For more than RECIPIENT_IDS cases (the first sweep over existing data: most of them) the
    query reads every assignment rather than list the ids: at 50,000 cases, 23 queries over
    chunks of 2,000 ids (SQLite's limit on parameters) cost ~2 s, the whole tables ~0.2 s."""
    parts = [
        through.objects.filter(user__is_active=True).values_list(
            "asylumseeker_id", "user_id", Value(role)
        )
        for through, role in ((ASSIGNED_LAWYERS, _LAWYER), (ASSIGNED_CASEWORKERS, _CASEWORKER))
    ]
    if len(seeker_ids) <= RECIPIENT_IDS:
        parts = [part.filter(asylumseeker_id__in=seeker_ids) for part in parts]
    found: dict[int, tuple[set[int], bool]] = {}
    for seeker_id, user_id, role in parts[0].union(parts[1]):
        if seeker_id in seeker_ids:
            users, lawyer = found.get(seeker_id, (set(), False))
            users.add(user_id)
            found[seeker_id] = (users, lawyer or role == _LAWYER)
    return {pk: found.get(pk, (set(coordinators), False)) for pk in seeker_ids}


# Every column of a new alert: what `_address` sets, the rest at the model's defaults.
_COLUMNS = [f for f in Alert._meta.concrete_fields if not f.primary_key]
_DEFAULTS = {f.attname: f.get_default() for f in _COLUMNS}


def _address(due: list[Due], state: Sweep) -> list[dict]:
    """Step 2: one alert (as the values of its columns) per recipient; email wanted at creation
    time (the send task checks again before sending)."""
    recipients = _recipients({d.seeker_id for d in due}, state.coordinators)
    user_ids = {pk for users, _lawyer in recipients.values() for pk in users}
    wants = set(
        User.objects.filter(pk__in=user_ids, email_alerts=True, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    alerts = []
    for item in due:
        users, lawyer = recipients[item.seeker_id]
        common = _DEFAULTS | {
            "seeker_id": item.seeker_id,
            "created_at": state.now,
            "urgent": not (lawyer or item.counsel),
            **item.fields,  # column names: the kinds write deadline_id, hearing_id
        }
        alerts += [
            common
            | {
                "recipient_id": pk,
                "email_status": EmailStatus.PENDING if pk in wants else EmailStatus.OFF,
            }
            for pk in sorted(users)
        ]
    return alerts


def _insert(alerts: list[dict], *, now: datetime) -> int:
    """Step 3: insert, leaving out what the unique constraint `alert_once` already holds;
    returns how many rows this run created.

    On PostgreSQL the rows are COPYed into a temporary table and moved over with one INSERT ...
    ON CONFLICT DO NOTHING: `bulk_create` spent ~15 s of the first sweep over 148,000 alerts
    building model instances and quoting 2.6 million parameters in Python. Elsewhere (SQLite:
    `make run`) `bulk_create`, counting the rows stamped with this run's moment."""
    if connection.vendor != "postgresql":
        Alert.objects.bulk_create(
            [Alert(**row) for row in alerts], ignore_conflicts=True, batch_size=1000
        )
        # Rows stamped by this run (a concurrent sweep may have inserted some first).
        return Alert.objects.filter(created_at=now).count()
    table = connection.ops.quote_name(Alert._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in _COLUMNS)
    with connection.cursor() as cursor:
        # The new rows in order (`n`), with the alert table's column types. Names only come
        # from the model (quoted); values travel as parameters or COPY data.
        cursor.execute(
            f"CREATE TEMPORARY TABLE sweep_new ON COMMIT DROP AS "  # noqa: S608  # nosec B608
            f"SELECT 0 AS n, {columns} FROM {table} WITH NO DATA"
        )
        with cursor.cursor.copy(f"COPY sweep_new (n, {columns}) FROM STDIN") as copy:
            for n, row in enumerate(alerts):
                copy.write_row([n, *(row[f.attname] for f in _COLUMNS)])
        cursor.execute(
            f"INSERT INTO {table} ({columns}) SELECT {columns} FROM sweep_new ORDER BY n "  # noqa: S608  # nosec B608
            "ON CONFLICT DO NOTHING"
        )
        created = cursor.rowcount
        cursor.execute("DROP TABLE sweep_new")  # a second sweep in the same transaction
    return created


def enqueue_unsent(*, now: datetime) -> list[int]:
    """Step 3: stamp `queued_at` and enqueue after commit. SKIP LOCKED lets two concurrent
    sweeps split the work instead of both enqueueing it (a duplicate would be harmless: the
    send task's claim admits one)."""
    due = (
        unsent(now)
        .filter(Q(queued_at__isnull=True) | Q(queued_at__lt=now - REQUEUE_AFTER))
        .order_by("pk")
        .select_for_update(skip_locked=True)
    )
    ids = list(due.values_list("pk", flat=True)[:ENQUEUE_BATCH])
    if ids:
        from .tasks import send_alert

        Alert.objects.filter(pk__in=ids).update(queued_at=now)
        transaction.on_commit(lambda: enqueue_each(send_alert, "alert_id", ids))
    return ids


def sweep(*, now: datetime | None = None) -> SweepReport:
    """Steps 1-3 of the module docstring, in one transaction."""
    now = now or timezone.now()
    state = Sweep(
        now=now,
        today=timezone.localdate(now),
        coordinators=tuple(case_coordinators().order_by("pk").values_list("pk", flat=True)),
    )
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # These correlated queries look costly to the planner, which then spends most of a
            # second JIT-compiling what runs in milliseconds.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL jit = off")
        due = [item for kind in KINDS for item in kind(state)]
        alerts = _address(due, state) if due else []
        created = _insert(alerts, now=now) if alerts else 0
        if created > ANALYZE_AFTER and connection.vendor == "postgresql":
            # Fresh statistics before the next sweep's NOT EXISTS plans (autovacuum may lag).
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {Alert._meta.db_table}")
        enqueued = enqueue_unsent(now=now)
    return SweepReport(due=len(alerts), created=created, enqueued=len(enqueued))
