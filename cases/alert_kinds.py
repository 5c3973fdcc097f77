"""What is due for each kind of alert: one query per kind (DESIGN.md section 5).

`cases.alerts.sweep` calls every function in `KINDS` with the moment of the sweep, addresses
what they return and inserts it. Each function selects, in one query, what is due now and has
no alert yet for the same subject and threshold; no Python loop over any table.

A new kind of alert: add an `AlertKind`, a function here that passes its query to
`Sweep.due`, add it to `KINDS`, and a message in `cases.templatetags.deadline_tags`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from django.conf import settings
from django.db.models import (
    Case,
    CharField,
    Exists,
    Expression,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Cast, Coalesce, Concat, Greatest
from django.db.models.lookups import GreaterThan, In, LessThanOrEqual

from detention.models import DetentionStay

from .deadline_services import ADVERSE_BIA
from .enums import (
    AlertKind,
    AppealKind,
    AppealOutcome,
    ContactOutcome,
    ContactParty,
    CustodyStatus,
    DeadlineStatus,
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
MERITS_DECISIONS = (
    HearingOutcome.DENIED_REMOVAL,
    HearingOutcome.WITHHOLDING_CAT,
    HearingOutcome.GRANTED,
    HearingOutcome.TERMINATED,
)
_FLOOR = datetime(1900, 1, 1, tzinfo=UTC)
ASSIGNED_LAWYERS = AsylumSeeker.lawyers.through
ASSIGNED_CASEWORKERS = AsylumSeeker.caseworkers.through


def _assigned(through, seeker_ref: str) -> Exists:
    return Exists(
        through.objects.filter(asylumseeker_id=OuterRef(seeker_ref), user__is_active=True)
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


def _subject(*parts) -> Concat:
    """The SQL for a subject string built from text and integer columns (never dates: their
    text form differs between databases), matching the f-string the sweep stores."""
    return Concat(
        *(Value(p) if isinstance(p, str) else Cast(p, CharField()) for p in parts),
        output_field=CharField(),
    )


@dataclass(frozen=True)
class Sweep:
    now: datetime
    today: date
    coordinators: tuple[int, ...]

    def days(self, n: int) -> date:
        return self.today + timedelta(days=n)

    def due(
        self,
        rows: QuerySet,
        *,
        seeker: str,
        seen: Q | None,
        build: Callable[[dict], dict],
        **columns,
    ) -> list[Due]:
        """Step 1 for one kind: `rows` not yet alerted, each turned into a `Due`.

        `seeker` is the path from the rows' model to AsylumSeeker ("" for the person itself);
        `seen` matches (with OuterRefs) an Alert already made for the same subject and
        threshold; those rows are left out in SQL (a speed-up only: the unique constraint still
        decides; someone assigned after an alert went out gets the next threshold, not that
        one). `columns` are the values `build` reads (named x_*: annotations must not shadow
        fields).
        """
        path = f"{seeker}__" if seeker else ""
        if seen is not None:
            rows = rows.exclude(Exists(Alert.objects.filter(seen)))
        rows = rows.order_by()
        values = rows.values(
            **columns,
            x_seeker=F(f"{seeker}_id" if seeker else "pk"),
            x_counsel=F(f"{path}external_counsel"),
        )
        return [
            Due(seeker_id=row["x_seeker"], counsel=bool(row["x_counsel"]), fields=build(row))
            for row in values
        ]


@dataclass(frozen=True)
class Due:
    """An alert due for one case, before it is addressed to anyone."""

    seeker_id: int
    counsel: bool  # outside counsel recorded
    fields: dict


# --- one function per kind: one query each ----------------------------------------------------


def _open_deadlines() -> QuerySet:
    return Deadline.objects.open().filter(seeker__closed_on__isnull=True)


def _about_deadlines(s: Sweep, rows: QuerySet, kind: str, threshold) -> list[Due]:
    return s.due(
        rows.alias(x_threshold=threshold),
        seeker="seeker",
        seen=Q(
            kind=kind,
            deadline=OuterRef("pk"),
            due_on=OuterRef("file_by"),
            threshold=OuterRef("x_threshold"),
        ),
        build=lambda r: {
            "kind": kind,
            "subject": f"deadline:{r['x_id']}:{r['x_date'].isoformat()}",
            "threshold": r["x_threshold"],
            "deadline_id": r["x_id"],
            "due_on": r["x_date"],
        },
        x_id=F("pk"),
        x_date=F("file_by"),
        x_threshold=F("x_threshold"),
    )


def deadline_alerts(s: Sweep) -> list[Due]:
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


def missed_deadline_alerts(s: Sweep) -> list[Due]:
    """Open after the legal due date (not only after "file by"): it was missed, or it was
    filed and nobody marked it; either way someone must look."""
    rows = _open_deadlines().filter(
        file_by__gte=s.today - MISSED_LOOKBACK - ROLL_SPAN,
        file_by__lt=s.today,
        due_date__lt=s.today,
        due_date__gte=s.today - MISSED_LOOKBACK,
    )
    return _about_deadlines(s, rows, AlertKind.DEADLINE_MISSED, Value(0))


def hearing_alerts(s: Sweep) -> list[Due]:
    """A hearing within 14 days and no lawyer: the caseworkers must find one."""
    rows = Hearing.objects.filter(
        date__gte=s.today,
        date__lte=s.days(HEARING_WINDOW_DAYS),
        outcome=HearingOutcome.PENDING,
        seeker__closed_on__isnull=True,
        seeker__external_counsel="",
    ).exclude(_assigned(ASSIGNED_LAWYERS, "seeker_id"))
    return s.due(
        rows,
        seeker="seeker",
        seen=Q(kind=AlertKind.HEARING_NO_LAWYER, hearing=OuterRef("pk"), due_on=OuterRef("date")),
        build=lambda r: {
            "kind": AlertKind.HEARING_NO_LAWYER,
            "subject": f"hearing:{r['x_id']}:{r['x_date'].isoformat()}",
            "threshold": HEARING_WINDOW_DAYS,
            "hearing_id": r["x_id"],
            "due_on": r["x_date"],
        },
        x_id=F("pk"),
        x_date=F("date"),
    )


CHARGE_SUBJECT = "charge:"


def charge_subject(charge_id: int) -> str:
    """What a changed-circumstances alert is about (also how a deleted charge finds its alerts)."""
    return f"{CHARGE_SUBJECT}{charge_id}"


def changed_circumstances_alerts(s: Sweep) -> list[Due]:
    """A home-country charge learned after the last decision and put before no judge."""
    rows = (
        HomeCountryCharge.objects.not_in_record()
        .filter(seeker__closed_on__isnull=True)
        .alias(x_last=_last_decision("seeker_id"))
        .filter(learned_on__gt=F("x_last"))
    )
    return s.due(
        rows,
        seeker="seeker",
        seen=Q(
            kind=AlertKind.CHANGED_CIRCUMSTANCES, subject=_subject(CHARGE_SUBJECT, OuterRef("pk"))
        ),
        build=lambda r: {
            "kind": AlertKind.CHANGED_CIRCUMSTANCES,
            "subject": charge_subject(r["x_id"]),
            "due_on": r["x_date"],
        },
        x_id=F("pk"),
        x_date=F("learned_on"),
    )


def detention_alerts(s: Sweep) -> list[Due]:
    """Days in the current detention passing 42, 180 and 365 (the highest one reached).

    The detention began on `AsylumSeeker.detained_since`: the one rule
    (`detention.periods.detained_since`, a chain of transfers is one detention), stored by
    `detention.services` with every stay change, so the alert counts the days the person page
    shows. Once per detention and threshold: the alert's `due_on` is that first day.
    """
    # Day n of detention = began + n - 1.
    reached = [(t, s.days(1 - t)) for t in sorted(DETENTION_THRESHOLDS, reverse=True)]
    threshold = Case(
        *(When(detained_since__lte=day, then=Value(t)) for t, day in reached[:-1]),
        default=Value(reached[-1][0]),
    )
    rows = AsylumSeeker.objects.filter(
        closed_on__isnull=True, detained_since__lte=reached[-1][1]
    ).alias(x_threshold=threshold)
    return s.due(
        rows,
        seeker="",
        seen=Q(
            kind=AlertKind.DETENTION_DAYS,
            seeker=OuterRef("pk"),
            due_on=OuterRef("detained_since"),
            threshold=OuterRef("x_threshold"),
        ),
        build=lambda r: {
            "kind": AlertKind.DETENTION_DAYS,
            "subject": f"seeker:{r['x_seeker']}:detained:{r['x_date'].isoformat()}",
            "threshold": r["x_threshold"],
            "due_on": r["x_date"],
        },
        x_date=F("detained_since"),
        x_threshold=F("x_threshold"),
    )


def _about_contact(
    s: Sweep,
    *,
    kind: str,
    tag: str,
    threshold: int,
    due: Callable[[Expression, str], Expression],
    never: Expression,
) -> list[Due]:
    """Once per stretch without success with a detained client: the subject names the last
    successful contact (0 when there never was one).

    `due(start, seeker)` says whether the stretch that began at `start` deserves an alert
    (`seeker` names the person's id on the row it is asked on); `never` is the start of the
    stretch when there never was a success (asked on the current stay's row). One subquery
    per detained person reads the last success and answers in one go: its id when an alert
    is due and none names it yet, -1 when not, NULL when there is no success; then the same
    is asked of the stretch since `never`. (Reading the last success for the condition and
    again for the NOT EXISTS of `Sweep.due`, two to four index probes per detained person,
    cost 0.2-0.45 s per kind at 30,000 detained; now ~0.1 s.)
    """

    def unseen(seeker: str, contact) -> Q:
        # NOT IN: PostgreSQL hashes the kind's subjects once per sweep (a hashed SubPlan)
        # rather than probe the alert index once per detained person.
        subject = _subject("seeker:", F(seeker), f":{tag}:", contact)
        return ~Q(In(subject, Alert.objects.filter(kind=kind).order_by().values("subject")))

    last_ok = (
        ContactLog.objects.filter(
            seeker=OuterRef("seeker_id"), party=ContactParty.CLIENT, outcome=ContactOutcome.REACHED
        )
        .order_by("-occurred_at", "-pk")
        .annotate(
            x_due=Case(
                When(due(F("occurred_at"), "seeker") & unseen("seeker", F("pk")), then="pk"),
                default=Value(-1),
            )
        )
    )
    # From the current stays (one per detained person): the planner then asks only about
    # the detained, not about every case before it checks detention.
    rows = (
        DetentionStay.objects.current()
        .filter(seeker__closed_on__isnull=True)
        .alias(
            x_ok_id=Coalesce(
                Subquery(last_ok.values("x_due")[:1]),
                Case(
                    When(due(never, "seeker_id") & unseen("seeker_id", "0"), then=Value(0)),
                    default=Value(-1),
                ),
            )
        )
        .filter(x_ok_id__gte=0)
    )
    return s.due(
        rows,
        seeker="seeker",
        seen=None,  # in the subquery
        build=lambda r: {
            "kind": kind,
            "subject": f"seeker:{r['x_seeker']}:{tag}:{r['x_ok']}",
            "threshold": threshold,
        },
        x_ok=F("x_ok_id"),
    )


def contact_gap_alerts(s: Sweep) -> list[Due]:
    """No successful contact with a detained client for CONTACT_GAP_DAYS (counted from the
    registration when there never was one)."""
    gap = settings.CONTACT_GAP_DAYS
    cutoff = s.now - timedelta(days=gap)
    return _about_contact(
        s,
        kind=AlertKind.CONTACT_GAP,
        tag="contact-gap",
        threshold=gap,
        due=lambda start, _seeker: LessThanOrEqual(start, Value(cutoff)),
        never=F("seeker__created_at"),
    )


def contact_failed_alerts(s: Sweep) -> list[Due]:
    """FAILED_ATTEMPTS or more failed attempts to reach a detained client since the last
    success: the FAILED_ATTEMPTS-th latest failure came after it. (The same as counting the
    failures since the success, but it reads FAILED_ATTEMPTS index entries, not all of them.)"""

    def nth_latest_failure_after(start: Expression, seeker: str) -> GreaterThan:
        failures = (
            ContactLog.objects.filter(seeker=OuterRef(seeker), party=ContactParty.CLIENT)
            .exclude(outcome=ContactOutcome.REACHED)
            .order_by("-occurred_at")
            .values("occurred_at")[FAILED_ATTEMPTS - 1 : FAILED_ATTEMPTS]
        )
        return GreaterThan(Subquery(failures), start)

    return _about_contact(
        s,
        kind=AlertKind.CONTACT_FAILED,
        tag="contact-failed",
        threshold=FAILED_ATTEMPTS,
        due=nth_latest_failure_after,
        never=Value(_FLOOR),
    )


def final_order_alerts(s: Sweep) -> list[Due]:
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
        .alias(x_last=_last_decision("pk"))
    )
    return s.due(
        rows,
        seeker="",
        seen=Q(kind=AlertKind.FINAL_ORDER, seeker=OuterRef("pk"), due_on=OuterRef("x_last")),
        build=lambda r: {
            "kind": AlertKind.FINAL_ORDER,
            "subject": f"seeker:{r['x_seeker']}:final-order:{r['x_date']}",
            "due_on": r["x_date"],
        },
        x_date=F("x_last"),
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
