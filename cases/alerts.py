"""The alert sweep (DESIGN.md section 5): a pure function of the database and the clock.

Celery beat runs `sweep()` every 15 minutes (`cases.tasks.sweep_alerts`); so does
`manage.py sweep_alerts`. Each run:

1. For each kind of alert, ONE query selects what is due now, already joined to its
   recipients: the case's active lawyers and caseworkers, or the coordinators when nobody is
   assigned (a UNION of those joins). No Python loop over any table, only over its result.
   Every alert is marked urgent when the person has no lawyer (none here, no outside counsel).
2. Inserts one `Alert` per (kind, subject, threshold, recipient) with
   `bulk_create(ignore_conflicts=True)`: the unique constraint `alert_once` is what makes a
   second or concurrent sweep create nothing. Never check-then-insert.
3. Enqueues one send task per alert whose email is still owed and not queued recently,
   after the transaction commits. This also re-sends what a lost Redis message or a killed
   worker left unsent: the database, not the queue, remembers.

A new kind of alert: add an `AlertKind`, a function here returning `Alert`s built by
`_Sweep.alerts`, add it to `KINDS`, and a message in `cases.templatetags.deadline_tags`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest
from django.utils import timezone

from caseworks.access import case_coordinators
from caseworks.models import User
from caseworks.queueing import enqueue_each
from detention.enums import StayEndReason
from detention.models import DetentionStay

from .alert_services import unsent
from .deadline_services import ADVERSE_BIA
from .enums import (
    AlertKind,
    AppealKind,
    AppealOutcome,
    ContactOutcome,
    ContactParty,
    CustodyStatus,
    DeadlineStatus,
    EmailStatus,
    HearingOutcome,
)
from .models import Alert, Appeal, AsylumSeeker, ContactLog, Deadline, Hearing, HomeCountryCharge

DEADLINE_THRESHOLDS = (14, 7, 3, 1)  # days before "file by"
DETENTION_THRESHOLDS = (42, 180, 365)  # days in detention, the first day counted
HEARING_WINDOW_DAYS = 14
FAILED_ATTEMPTS = 3
# A missed deadline is reported for this long after its due date (older ones were reported
# when they happened; the bound keeps the query on a narrow index range).
MISSED_LOOKBACK = timedelta(days=30)
# "File by" is never more than this before the due date (weekends, holidays, closure runs).
ROLL_SPAN = timedelta(days=31)
# An email enqueued this long ago and still unsent is enqueued again.
REQUEUE_AFTER = timedelta(minutes=10)
ENQUEUE_BATCH = 5000
MERITS_DECISIONS = (
    HearingOutcome.DENIED_REMOVAL,
    HearingOutcome.WITHHOLDING_CAT,
    HearingOutcome.GRANTED,
    HearingOutcome.TERMINATED,
)
_FLOOR = datetime(1900, 1, 1, tzinfo=UTC)
_LAWYERS = AsylumSeeker.lawyers.through
_CASEWORKERS = AsylumSeeker.caseworkers.through


def _assigned(through, seeker_ref: str) -> Exists:
    return Exists(
        through.objects.filter(asylumseeker_id=OuterRef(seeker_ref), user__is_active=True)
    )


def _alone(path: str, seeker_ref: str) -> Case:
    """True when the person has no lawyer here and no outside counsel: louder alerts."""
    return Case(
        When(
            ~_assigned(_LAWYERS, seeker_ref) & Q(**{f"{path}external_counsel": ""}),
            then=Value(True),
        ),
        default=Value(False),
        output_field=BooleanField(),
    )


def _last_decision(seeker_ref: str) -> Greatest:
    """The latest merits decision of a case: the judge's or any appeal's (NULL if none)."""
    judge = Subquery(
        Hearing.objects.filter(
            seeker=OuterRef(seeker_ref),
            outcome__in=MERITS_DECISIONS,
            decision_date__isnull=False,
        )
        .order_by("-decision_date")
        .values("decision_date")[:1]
    )
    board = Subquery(
        Appeal.objects.filter(seeker=OuterRef(seeker_ref), decided_on__isnull=False)
        .order_by("-decided_on")
        .values("decided_on")[:1]
    )
    # SQLite's MAX() of a NULL is NULL, PostgreSQL's GREATEST skips it: coalesce first.
    return Greatest(Coalesce(judge, board), Coalesce(board, judge))


@dataclass(frozen=True)
class _Sweep:
    now: datetime
    today: date
    coordinators: tuple[int, ...]

    def days(self, n: int) -> date:
        return self.today + timedelta(days=n)

    def alerts(
        self,
        rows: QuerySet,
        *,
        seeker: str,
        build: Callable[[dict], dict],
        **columns,
    ) -> list[Alert]:
        """Step 1: `rows` x recipients in one UNION query, each result turned into an Alert.

        `seeker` is the path from the rows' model to AsylumSeeker ("" for the person itself);
        `columns` are the values `build` reads (named x_*: annotations must not shadow fields).
        """
        rows = rows.order_by()  # no model ordering: SQLite refuses it inside a UNION
        path = f"{seeker}__" if seeker else ""
        seeker_ref = f"{seeker}_id" if seeker else "pk"
        columns["x_seeker"] = F(seeker_ref)
        parts = [
            rows.filter(**{f"{path}{role}__is_active": True}).values(
                **columns, x_recipient=F(f"{path}{role}")
            )
            for role in ("lawyers", "caseworkers")
        ]
        orphans = rows.exclude(_assigned(_LAWYERS, seeker_ref)).exclude(
            _assigned(_CASEWORKERS, seeker_ref)
        )
        parts += [
            orphans.values(**columns, x_recipient=Value(pk, output_field=BigIntegerField()))
            for pk in self.coordinators
        ]
        return [
            Alert(
                seeker_id=row["x_seeker"],
                recipient_id=row["x_recipient"],
                created_at=self.now,
                **build(row),
            )
            for row in parts[0].union(*parts[1:])
        ]


# --- one function per kind: one query each ----------------------------------------------------


def _open_deadlines() -> QuerySet:
    return Deadline.objects.open().filter(seeker__closed_on__isnull=True)


def _about_deadlines(s: _Sweep, rows: QuerySet, kind: str, threshold) -> list[Alert]:
    return s.alerts(
        rows,
        seeker="seeker",
        build=lambda r: {
            "kind": kind,
            "subject": f"deadline:{r['x_id']}:{r['x_date'].isoformat()}",
            "threshold": r["x_threshold"],
            "deadline_id": r["x_id"],
            "due_on": r["x_date"],
            "urgent": bool(r["x_alone"]),
        },
        x_id=F("pk"),
        x_date=F("file_by"),
        x_threshold=threshold,
        x_alone=_alone("seeker__", "seeker_id"),
    )


def deadline_alerts(s: _Sweep) -> list[Alert]:
    """14, 7, 3 and 1 days before "file by": only the nearest threshold crossed, so a deadline
    entered 2 days out alerts once, not four times. The last band runs to the due date."""
    rows = _open_deadlines().filter(
        file_by__gte=s.today - ROLL_SPAN,
        file_by__lte=s.days(DEADLINE_THRESHOLDS[0]),
        due_date__gte=s.today,
    )
    bands = zip(DEADLINE_THRESHOLDS, DEADLINE_THRESHOLDS[1:], strict=False)
    threshold = Case(
        *(When(file_by__gt=s.days(below), then=Value(t)) for t, below in bands),
        default=Value(DEADLINE_THRESHOLDS[-1]),
    )
    return _about_deadlines(s, rows, AlertKind.DEADLINE, threshold)


def missed_deadline_alerts(s: _Sweep) -> list[Alert]:
    """Open after the legal due date (not only after "file by"): it was missed, or it was
    filed and nobody marked it; either way someone must look."""
    rows = _open_deadlines().filter(
        file_by__gte=s.today - MISSED_LOOKBACK - ROLL_SPAN,
        file_by__lt=s.today,
        due_date__lt=s.today,
        due_date__gte=s.today - MISSED_LOOKBACK,
    )
    return _about_deadlines(s, rows, AlertKind.DEADLINE_MISSED, Value(0))


def hearing_alerts(s: _Sweep) -> list[Alert]:
    """A hearing within 14 days and no lawyer: the caseworkers must find one."""
    rows = Hearing.objects.filter(
        date__gte=s.today,
        date__lte=s.days(HEARING_WINDOW_DAYS),
        outcome=HearingOutcome.PENDING,
        seeker__closed_on__isnull=True,
        seeker__external_counsel="",
    ).exclude(_assigned(_LAWYERS, "seeker_id"))
    return s.alerts(
        rows,
        seeker="seeker",
        build=lambda r: {
            "kind": AlertKind.HEARING_NO_LAWYER,
            "subject": f"hearing:{r['x_id']}:{r['x_date'].isoformat()}",
            "threshold": HEARING_WINDOW_DAYS,
            "hearing_id": r["x_id"],
            "due_on": r["x_date"],
            "urgent": True,
        },
        x_id=F("pk"),
        x_date=F("date"),
    )


def changed_circumstances_alerts(s: _Sweep) -> list[Alert]:
    """A home-country charge learned after the last decision and put before no judge."""
    rows = (
        HomeCountryCharge.objects.not_in_record()
        .filter(seeker__closed_on__isnull=True)
        .alias(x_last=_last_decision("seeker_id"))
        .filter(learned_on__gt=F("x_last"))
    )
    return s.alerts(
        rows,
        seeker="seeker",
        build=lambda r: {
            "kind": AlertKind.CHANGED_CIRCUMSTANCES,
            "subject": f"charge:{r['x_id']}",
            "due_on": r["x_date"],
            "urgent": bool(r["x_alone"]),
        },
        x_id=F("pk"),
        x_date=F("learned_on"),
        x_alone=_alone("seeker__", "seeker_id"),
    )


def detention_alerts(s: _Sweep) -> list[Alert]:
    """Days in the current detention passing 42, 180 and 365 (the highest one reached).

    The detention began with the latest stay that does not continue a transfer (a transfer
    closes a stay as "transferred" on the day the next one starts)."""
    continues = DetentionStay.objects.filter(
        seeker=OuterRef("seeker"),
        ended_on=OuterRef("started_on"),
        end_reason=StayEndReason.TRANSFERRED,
    )
    began = (
        DetentionStay.objects.filter(seeker=OuterRef("seeker"))
        .exclude(Exists(continues))
        .order_by("-started_on")
        .values("started_on")[:1]
    )
    # Day n of detention = began + n - 1.
    reached = [(t, s.days(1 - t)) for t in sorted(DETENTION_THRESHOLDS, reverse=True)]
    rows = (
        DetentionStay.objects.current()
        .filter(seeker__closed_on__isnull=True)
        .alias(x_began=Subquery(began))
        .filter(x_began__lte=reached[-1][1])
    )
    threshold = Case(
        *(When(x_began__lte=day, then=Value(t)) for t, day in reached[:-1]),
        default=Value(reached[-1][0]),
    )
    return s.alerts(
        rows,
        seeker="seeker",
        build=lambda r: {
            "kind": AlertKind.DETENTION_DAYS,
            "subject": f"seeker:{r['x_seeker']}:detained:{r['x_date'].isoformat()}",
            "threshold": r["x_threshold"],
            "due_on": r["x_date"],
            "urgent": bool(r["x_alone"]),
        },
        x_date=F("x_began"),
        x_threshold=threshold,
        x_alone=_alone("seeker__", "seeker_id"),
    )


def _detained_with_last_contact() -> QuerySet:
    reached = ContactLog.objects.filter(
        seeker=OuterRef("pk"), party=ContactParty.CLIENT, outcome=ContactOutcome.REACHED
    ).order_by("-occurred_at", "-pk")
    return (
        AsylumSeeker.objects.filter(closed_on__isnull=True)
        .filter(Exists(DetentionStay.objects.current().filter(seeker=OuterRef("pk"))))
        .alias(
            x_ok_at=Subquery(reached.values("occurred_at")[:1]),
            x_ok_id=Coalesce(Subquery(reached.values("pk")[:1]), Value(0)),
        )
    )


def contact_gap_alerts(s: _Sweep) -> list[Alert]:
    """No successful contact with a detained client for CONTACT_GAP_DAYS (counted from the
    registration when there never was one). Once per gap: the subject names the last success."""
    gap = settings.CONTACT_GAP_DAYS
    cutoff = s.now - timedelta(days=gap)
    rows = _detained_with_last_contact().filter(
        Q(x_ok_at__lte=cutoff) | Q(x_ok_at__isnull=True, created_at__lte=cutoff)
    )
    return s.alerts(
        rows,
        seeker="",
        build=lambda r: {
            "kind": AlertKind.CONTACT_GAP,
            "subject": f"seeker:{r['x_seeker']}:contact-gap:{r['x_ok']}",
            "threshold": gap,
            "urgent": bool(r["x_alone"]),
        },
        x_ok=F("x_ok_id"),
        x_alone=_alone("", "pk"),
    )


def contact_failed_alerts(s: _Sweep) -> list[Alert]:
    """FAILED_ATTEMPTS or more failed attempts to reach a detained client since the last
    success."""
    failed = (
        ContactLog.objects.filter(
            seeker=OuterRef("pk"),
            party=ContactParty.CLIENT,
            occurred_at__gt=OuterRef("x_ok_floor"),
        )
        .exclude(outcome=ContactOutcome.REACHED)
        .values("seeker")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        _detained_with_last_contact()
        .alias(x_ok_floor=Coalesce("x_ok_at", Value(_FLOOR)))
        .alias(x_failed=Subquery(failed))
        .filter(x_failed__gte=FAILED_ATTEMPTS)
    )
    return s.alerts(
        rows,
        seeker="",
        build=lambda r: {
            "kind": AlertKind.CONTACT_FAILED,
            "subject": f"seeker:{r['x_seeker']}:contact-failed:{r['x_ok']}",
            "threshold": FAILED_ATTEMPTS,
            "urgent": bool(r["x_alone"]),
        },
        x_ok=F("x_ok_id"),
        x_alone=_alone("", "pk"),
    )


def final_order_alerts(s: _Sweep) -> list[Alert]:
    """A removal order that is final (the Board dismissed the appeal, or no appeal was filed
    in time) and nothing that stays removal: no pending BIA appeal (8 CFR 1003.6(a)) and no
    granted stay. A pending petition for review or motion does not stop removal by itself, so
    it does not silence this alert. Once per decision: the subject names the latest one."""
    denied = HearingOutcome.DENIED_REMOVAL
    dismissed = Appeal.objects.filter(
        seeker=OuterRef("pk"),
        kind=AppealKind.BIA_APPEAL,
        outcome__in=ADVERSE_BIA,
        hearing__outcome=denied,
    )
    not_appealed = (
        Deadline.objects.filter(
            seeker=OuterRef("pk"),
            rule="bia_appeal",
            hearing__outcome=denied,
            due_date__lt=s.today,
        )
        .exclude(status=DeadlineStatus.MET)
        .exclude(
            Exists(Appeal.objects.filter(hearing=OuterRef("hearing"), kind=AppealKind.BIA_APPEAL))
        )
    )
    stayed = Appeal.objects.filter(seeker=OuterRef("pk")).filter(
        Q(kind=AppealKind.BIA_APPEAL, outcome=AppealOutcome.PENDING)
        | Q(kind=AppealKind.STAY, outcome=AppealOutcome.GRANTED)
    )
    rows = (
        AsylumSeeker.objects.filter(closed_on__isnull=True)
        .exclude(custody_status__in=[CustodyStatus.REMOVED, CustodyStatus.GRANTED])
        .filter(Exists(dismissed) | Exists(not_appealed))
        .exclude(Exists(stayed))
    )
    return s.alerts(
        rows,
        seeker="",
        build=lambda r: {
            "kind": AlertKind.FINAL_ORDER,
            "subject": f"seeker:{r['x_seeker']}:final-order:{r['x_date']}",
            "due_on": r["x_date"],
            "urgent": bool(r["x_alone"]),
        },
        x_date=_last_decision("pk"),
        x_alone=_alone("", "pk"),
    )


KINDS = (
    deadline_alerts,
    missed_deadline_alerts,
    hearing_alerts,
    changed_circumstances_alerts,
    detention_alerts,
    contact_gap_alerts,
    contact_failed_alerts,
    final_order_alerts,
)


# --- the sweep ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SweepReport:
    due: int  # (alert, recipient) pairs due now, new or not
    created: int
    enqueued: int


def _email_status(alerts: list[Alert]) -> None:
    """Email wanted at creation time (the send task checks again before sending)."""
    ids = {a.recipient_id for a in alerts}
    wants = set(
        User.objects.filter(pk__in=ids, email_alerts=True, is_active=True)
        .exclude(email="")
        .values_list("pk", flat=True)
    )
    for alert in alerts:
        alert.email_status = EmailStatus.PENDING if alert.recipient_id in wants else EmailStatus.OFF


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
    state = _Sweep(
        now=now,
        today=timezone.localdate(now),
        coordinators=tuple(case_coordinators().order_by("pk").values_list("pk", flat=True)),
    )
    with transaction.atomic():
        alerts = [alert for kind in KINDS for alert in kind(state)]
        _email_status(alerts)
        Alert.objects.bulk_create(alerts, ignore_conflicts=True, batch_size=1000)
        created = Alert.objects.filter(created_at=now).count()
        enqueued = enqueue_unsent(now=now)
    return SweepReport(due=len(alerts), created=created, enqueued=len(enqueued))
