"""Deadlines that follow from the record: computed, kept in step, closed in one click.

The services in `cases.services` call the `deadlines_sync_*` functions after every write that
can change a deadline (a decision, a filing, a briefing schedule, an arrival date), so the
deadlines appear by themselves (DESIGN.md section 4).

Sync, the one procedure behind all of them:

1. `plan_for_*` turns the source row (a hearing, an appeal or a person) into the set of
   deadlines it implies: rule, trigger date, and whether a filing already met it or made it
   not applicable. Pure: no queries, no clock.
2. The source's existing computed deadlines are locked and compared with the plan:
   a missing one is created; an open one whose dates changed is updated; an open one the
   source no longer implies (the decision was changed or cleared) is **deleted** — it was
   never a real deadline, and the history table keeps the deleted row with its author.
   A deadline the record closed (`closed_by_record`: a filing met it, a decision made it not
   applicable) follows the record the same way: it opens again when the record stops
   closing it (the filing date cleared, the filing moved or deleted, the decision undone).
3. A deadline a person closed (met, not applicable) is never touched again: what a person
   recorded wins over what the code recomputes.

Running a sync twice changes nothing the second time (no write, no history row).

Every function here that writes a deadline locks the person's row first and, in the same
transaction, refreshes the derived column `AsylumSeeker.next_file_by` through
`refresh_next_file_by` (the one place its rule lives), as detention.services does for
`detained_since`. The person's lock comes before any lock on a hearing, appeal or deadline of
theirs, in every writer (cases.services too), so two writers never wait on each other in a circle.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import DateField, OuterRef, Subquery
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_update_with_history

from caseworks.models import User
from caseworks.services import record_save

from . import deadlines
from .enums import AppealKind, AppealOutcome, DeadlineStatus, HearingOutcome, ServiceMethod
from .models import Appeal, AsylumSeeker, ClosureDay, Deadline, Hearing

OPEN = DeadlineStatus.OPEN
MET = DeadlineStatus.MET
NOT_APPLICABLE = DeadlineStatus.NOT_APPLICABLE

# Immigration-judge outcomes that end a merits case against the person (asylum denied):
# appeal, reconsider and reopen all run from them.
ADVERSE_MERITS = frozenset({HearingOutcome.DENIED_REMOVAL, HearingOutcome.WITHHOLDING_CAT})
# A bond denial can be appealed to the Board too (8 CFR 1003.19(f), 1003.38(b)).
BIA_APPEALABLE = ADVERSE_MERITS | {HearingOutcome.BOND_DENIED}
# Board outcomes that leave the removal order standing: the final order for a petition.
ADVERSE_BIA = frozenset({AppealOutcome.DISMISSED, AppealOutcome.DENIED})
WRITTEN_SERVICE = frozenset({ServiceMethod.MAILED, ServiceMethod.ELECTRONIC})
# Filings whose Appeal.kind is the key of the deadline rule they meet.
MOTIONS = frozenset({AppealKind.MOTION_RECONSIDER, AppealKind.MOTION_REOPEN})
FILING_MEETS_RULE = frozenset(
    {
        AppealKind.BIA_APPEAL,
        AppealKind.PFR,
        AppealKind.MOTION_RECONSIDER,
        AppealKind.MOTION_REOPEN,
    }
)

CHANGED_CONDITIONS_NOTE = gettext_lazy(
    "Not applicable: the motion to reopen is based on changed country conditions with new, "
    "previously unavailable evidence, which has no time limit (8 CFR 1003.2(c)(3)(ii), "
    "1003.23(b)(4)(i))."
)
FILED_NOTE = gettext_lazy("Met: filed on {date}.")
BIA_APPEAL_FILED_NOTE = gettext_lazy(
    "Not applicable: a BIA appeal was filed, so the Board has the case; new evidence goes to "
    "the Board as a motion to remand."
)
APPEAL_DECIDED_NOTE = gettext_lazy("Not applicable: the Board decided the appeal.")
ASYLUM_FILED_NOTE = gettext_lazy("Met: the asylum application was filed on {date}.")


@dataclass(frozen=True, slots=True)
class Planned:
    """One deadline a source implies (step 1 of the module docstring)."""

    rule: str
    trigger: date
    period_days: int | None = None
    extension_days: int = 0
    status: str = OPEN
    completed_on: date | None = None
    note: str = ""


@dataclass(frozen=True, slots=True)
class Move:
    """A deadline a closure day moved, for the page that says so."""

    deadline_id: int
    file_by_before: date
    file_by_after: date
    due_before: date
    due_after: date


# --- step 1: plans (pure) ----------------------------------------------------------------------


def _close(plans: list[Planned], rule: str, status: str, completed_on, note) -> list[Planned]:
    return [
        Planned(p.rule, p.trigger, p.period_days, p.extension_days, status, completed_on, str(note))
        if p.rule == rule and p.status == OPEN
        else p
        for p in plans
    ]


def _answer(plans: list[Planned], filings: Iterable[Appeal]) -> list[Planned]:
    """Close the planned deadlines that appeals and motions against the decision answer.

    A filing with a date meets the deadline of its kind; a motion to reopen on changed country
    conditions makes the 90-day limit not applicable, filed or not.
    """
    for filing in filings:
        if filing.kind == AppealKind.MOTION_REOPEN and filing.changed_circumstances:
            plans = _close(plans, "motion_reopen", NOT_APPLICABLE, None, CHANGED_CONDITIONS_NOTE)
        elif filing.filed_on and filing.kind in FILING_MEETS_RULE:
            note = str(FILED_NOTE).format(date=filing.filed_on.isoformat())
            plans = _close(plans, filing.kind, MET, filing.filed_on, note)
    return plans


def plan_for_hearing(hearing: Hearing, filings: Sequence[Appeal] = ()) -> list[Planned]:
    """Deadlines from an immigration judge's decision. `filings`: appeals and motions against
    this decision (`Appeal.hearing` = it, no parent)."""
    decided = hearing.decision_date
    if decided is None:
        return []
    plans = []
    if hearing.outcome in BIA_APPEALABLE:
        # 8 CFR 1003.38(c): oral = the day it is given; written = mailed/served. Without a
        # served date we count from the decision: earlier, so never late.
        written = hearing.service_method in WRITTEN_SERVICE and hearing.served_on
        plans.append(Planned("bia_appeal", hearing.served_on if written else decided))
    if hearing.outcome in ADVERSE_MERITS:
        plans += [Planned("motion_reconsider", decided), Planned("motion_reopen", decided)]
    if hearing.voluntary_departure_days:
        plans.append(
            Planned("voluntary_departure", decided, period_days=hearing.voluntary_departure_days)
        )
    plans = _answer(plans, filings)
    if any(f.kind == AppealKind.BIA_APPEAL and f.filed_on for f in filings):
        for rule in ("motion_reconsider", "motion_reopen"):
            plans = _close(plans, rule, NOT_APPLICABLE, None, BIA_APPEAL_FILED_NOTE)
    return plans


def plan_for_appeal(appeal: Appeal, filings: Sequence[Appeal] = ()) -> list[Planned]:
    """Deadlines from a BIA appeal (its brief, and those its adverse decision starts) or from
    the denial of a motion. `filings`: petitions, appeals and motions against this decision
    (`Appeal.parent` = it)."""
    if appeal.kind == AppealKind.BIA_APPEAL:
        return _answer(_plan_for_bia_appeal(appeal), filings)
    if appeal.kind in MOTIONS and appeal.outcome in ADVERSE_BIA and appeal.decided_on:
        return _answer(_plan_for_denied_motion(appeal), filings)
    return []


def _plan_for_bia_appeal(appeal: Appeal) -> list[Planned]:
    plans = []
    if appeal.briefing_schedule_on:
        brief = Planned(
            "bia_brief_detained",
            appeal.briefing_schedule_on,
            extension_days=appeal.brief_extension_days,
        )
        if appeal.outcome != AppealOutcome.PENDING:
            brief = _close([brief], brief.rule, NOT_APPLICABLE, None, APPEAL_DECIDED_NOTE)[0]
        plans.append(brief)
    if appeal.outcome in ADVERSE_BIA and appeal.decided_on:
        decided = appeal.decided_on
        plans += [
            # 8 U.S.C. 1252(b)(1): the date of the final order, not of its receipt.
            Planned("pfr", decided),
            # 8 CFR 1003.2(b)(2): the date the decision was mailed (or, unknown, decided).
            Planned("motion_reconsider", appeal.served_on or decided),
            Planned("motion_reopen", decided),
        ]
    return plans


def _plan_for_denied_motion(motion: Appeal) -> list[Planned]:
    """A denied motion is a decision of its own, reviewable on its own clock (the motion did
    not extend the first one: Stone v. INS, 514 U.S. 386 (1995)).

    The Board's denial (the motion attacks a BIA decision) is a final order: a petition for
    review within 30 days of it (8 U.S.C. 1252(b)(1); Kucana v. Holder, 558 U.S. 233 (2010)).
    A judge's denial (the motion attacks the judge's decision) can be appealed to the Board
    within 30 days (8 CFR 1003.38(b)), counted from service when written; without a served
    date, from the decision: earlier, so never late. A further motion is numerically barred
    (8 CFR 1003.2(b)(2), (c)(2)), so none is planned.
    """
    decided = motion.decided_on
    if motion.parent_id:
        if motion.parent.kind == AppealKind.BIA_APPEAL:
            return [Planned("pfr", decided)]
        return []
    if motion.hearing_id:
        return [Planned("bia_appeal", motion.served_on or decided)]
    return []


def plan_for_seeker(seeker: AsylumSeeker) -> list[Planned]:
    """The asylum one-year deadline from the last arrival; met once the I-589 is filed."""
    if seeker.entry_date is None:
        return []
    filed = seeker.asylum_application_filed_on
    if filed:
        note = str(ASYLUM_FILED_NOTE).format(date=filed.isoformat())
        return [
            Planned("asylum_one_year", seeker.entry_date, status=MET, completed_on=filed, note=note)
        ]
    return [Planned("asylum_one_year", seeker.entry_date)]


# --- the derived column AsylumSeeker.next_file_by ----------------------------------------------


def next_file_by_rule() -> Subquery:
    """The earliest "file by" date of the person's (OuterRef("pk")) open deadlines; NULL if
    none: one probe of the deadline_open_seeker index. The rule of `next_file_by`, for
    `refresh_next_file_by` and bench/seed.py (migration cases/0009 has its own copy: a migration
    must not import code that may change; tests/cases/test_next_file_by.py checks they agree)."""
    return Subquery(
        Deadline.objects.filter(seeker=OuterRef("pk"), status=OPEN)
        .order_by("file_by")
        .values("file_by")[:1],
        output_field=DateField(),
    )


def lock_people(seeker_ids: Iterable[int | None]) -> list[int]:
    """Lock the people's rows, in id order, and return their ids.

    Taken first by every writer of deadlines (see the module docstring), so that each
    `refresh_next_file_by` reads the deadlines the previous writer left.
    """
    ids = sorted({pk for pk in seeker_ids if pk is not None})
    if ids:
        list(
            AsylumSeeker.objects.select_for_update()
            .filter(pk__in=ids)
            .order_by("pk")
            .values_list("pk", flat=True)
        )
    return ids


@transaction.atomic(savepoint=False)  # its own transaction when called outside one
def refresh_next_file_by(seeker_ids: Iterable[int | None]) -> None:
    """Store `next_file_by` of these people from their deadlines as they are now.

    A derived column, not a fact anyone typed: one UPDATE, no history row (the deadline change
    that caused it has its own), `updated_at` untouched. The rows are locked first and the
    rule runs in a statement of its own, so it sees what a writer that held the lock before
    committed. Call it in the transaction that wrote the deadlines, after writing them.
    """
    ids = lock_people(seeker_ids)
    if ids:
        AsylumSeeker.objects.filter(pk__in=ids).update(next_file_by=next_file_by_rule())


def _owner(model, obj) -> int | None:
    """The id of the person a hearing or appeal belongs to (one query when not loaded)."""
    if obj.seeker_id is not None:
        return obj.seeker_id
    return model.objects.filter(pk=obj.pk).values_list("seeker_id", flat=True).first()


# --- step 2: sync -----------------------------------------------------------------------------


def closure_dates() -> frozenset[date]:
    """Every coordinator-entered closure day (a small table, read whole)."""
    return frozenset(ClosureDay.objects.values_list("date", flat=True))


def rule_title(rule: str) -> str:
    # Stored in English for admin and exports; screens show the translated rule label.
    with translation.override("en"):
        return str(deadlines.RULES[rule].label)


def computed_dates(
    rule: str,
    trigger: date,
    closures: frozenset[date],
    *,
    period_days: int | None = None,
    extension_days: int = 0,
) -> dict[str, date]:
    kwargs = {"period_days": period_days, "extension_days": extension_days}
    return {
        "due_date": deadlines.due_date(rule, trigger, closures, **kwargs),
        "file_by": deadlines.file_by(rule, trigger, closures, **kwargs),
    }


def _sync(*, seeker_id: int, source: dict, plans: list[Planned], by: User | None) -> list[Deadline]:
    """Steps 2 and 3 of the module docstring for one source; returns the rows it wrote."""
    existing = {
        d.rule: d for d in Deadline.objects.select_for_update().filter(**source).exclude(rule="")
    }
    if not plans and not existing:
        return []
    closures = closure_dates() if plans else frozenset()
    written, deleted = [], False
    for plan in plans:
        values = {
            "title": rule_title(plan.rule),
            "trigger_date": plan.trigger,
            **computed_dates(
                plan.rule,
                plan.trigger,
                closures,
                period_days=plan.period_days,
                extension_days=plan.extension_days,
            ),
        }
        if plan.status != OPEN:
            values |= {"status": plan.status, "completed_on": plan.completed_on, "note": plan.note}
            values["closed_by_record"] = True
        row = existing.pop(plan.rule, None)
        if row is None:
            row = Deadline(seeker_id=seeker_id, rule=plan.rule, **source, **values)
            written.append(record_save(row, by=by))
        elif row.status == OPEN or row.closed_by_record:
            if plan.status == OPEN and row.status != OPEN:  # the record no longer closes it
                values |= {"status": OPEN, "completed_on": None, "note": ""}
                values["closed_by_record"] = False
            changed = [name for name, value in values.items() if getattr(row, name) != value]
            if changed:
                for name in changed:
                    setattr(row, name, values[name])
                written.append(record_save(row, by=by, update_fields=changed))
    for row in existing.values():
        if row.status == OPEN or row.closed_by_record:
            row._history_user = by
            row.delete()
            deleted = True
    if written or deleted:
        refresh_next_file_by([seeker_id])
    return written


def _filings(**lookup) -> list[Appeal]:
    return list(Appeal.objects.filter(**lookup).only("kind", "filed_on", "changed_circumstances"))


# The sync functions re-read their source under a row lock: they compute from what is stored
# (never from a caller's stale copy), and two people saving one case sync one after the other.


@transaction.atomic
def deadlines_sync_hearing(*, hearing: Hearing, by: User | None) -> list[Deadline]:
    lock_people([_owner(Hearing, hearing)])
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    filings = _filings(hearing=hearing, parent__isnull=True)
    return _sync(
        seeker_id=hearing.seeker_id,
        source={"hearing": hearing, "appeal": None},
        plans=plan_for_hearing(hearing, filings),
        by=by,
    )


@transaction.atomic
def deadlines_sync_appeal(*, appeal: Appeal, by: User | None) -> list[Deadline]:
    lock_people([_owner(Appeal, appeal)])
    # The parent's kind decides where a denied motion goes next; only the appeal row is locked.
    appeal = (
        Appeal.objects.select_for_update(of=("self",)).select_related("parent").get(pk=appeal.pk)
    )
    return _sync(
        seeker_id=appeal.seeker_id,
        source={"appeal": appeal},
        plans=plan_for_appeal(appeal, _filings(parent=appeal)),
        by=by,
    )


@transaction.atomic
def deadlines_sync_filing(*, appeal: Appeal, by: User | None) -> list[Deadline]:
    """A filing (appeal, motion, petition) may answer the deadlines of the decision it attacks,
    and may start its own (a BIA appeal's brief and decision)."""
    written = deadlines_sync_appeal(appeal=appeal, by=by)
    if appeal.parent_id:
        written += deadlines_sync_appeal(appeal=Appeal(pk=appeal.parent_id), by=by)
    elif appeal.hearing_id:
        written += deadlines_sync_hearing(hearing=Hearing(pk=appeal.hearing_id), by=by)
    return written


@transaction.atomic
def deadlines_sync_seeker(*, seeker: AsylumSeeker, by: User | None) -> list[Deadline]:
    seeker = AsylumSeeker.objects.select_for_update().get(pk=seeker.pk)
    return _sync(
        seeker_id=seeker.pk,
        source={"seeker": seeker, "hearing": None, "appeal": None},
        plans=plan_for_seeker(seeker),
        by=by,
    )


# --- one-click actions and manual deadlines ---------------------------------------------------


def _lock(deadline: Deadline) -> Deadline:
    lock_people([deadline.seeker_id])
    return Deadline.objects.select_for_update().get(pk=deadline.pk)


def _save_status(deadline: Deadline, *, by: User | None, update_fields: list[str]) -> Deadline:
    """Save a status change of a locked deadline and the person's next_file_by with it."""
    record_save(deadline, by=by, update_fields=update_fields)
    refresh_next_file_by([deadline.seeker_id])
    return deadline


@transaction.atomic
def deadline_mark_met(*, deadline: Deadline, by: User | None, completed_on: date) -> Deadline:
    """Record that it was filed (received) on `completed_on`."""
    if completed_on > timezone.localdate():
        raise ValidationError({"completed_on": _("The filing date cannot be in the future.")})
    deadline = _lock(deadline)
    if deadline.status == MET and deadline.completed_on == completed_on:
        return deadline
    deadline.status = MET
    deadline.completed_on = completed_on
    deadline.closed_by_record = False  # a person's word: no recomputation reopens it
    return _save_status(
        deadline, by=by, update_fields=["status", "completed_on", "closed_by_record"]
    )


@transaction.atomic
def deadline_mark_not_applicable(
    *, deadline: Deadline, by: User | None, note: str = ""
) -> Deadline:
    deadline = _lock(deadline)
    if deadline.status == NOT_APPLICABLE and not note:
        return deadline
    deadline.status = NOT_APPLICABLE
    deadline.completed_on = timezone.localdate()
    deadline.closed_by_record = False
    fields = ["status", "completed_on", "closed_by_record"]
    if note:
        deadline.note = note
        fields.append("note")
    return _save_status(deadline, by=by, update_fields=fields)


@transaction.atomic
def deadline_reopen(*, deadline: Deadline, by: User | None) -> Deadline:
    """Undo "met" or "not applicable" clicked by mistake."""
    deadline = _lock(deadline)
    if deadline.status == OPEN:
        return deadline
    deadline.status = OPEN
    deadline.completed_on = None
    deadline.closed_by_record = False
    return _save_status(
        deadline, by=by, update_fields=["status", "completed_on", "closed_by_record"]
    )


def last_business_day(day: date, closures: frozenset[date]) -> date:
    """`day` or the nearest business day before it: the "file by" of a manual deadline."""
    while not deadlines.is_business_day(day, closures):
        day = date.fromordinal(day.toordinal() - 1)
    return day


@transaction.atomic
def deadline_add_manual(
    *,
    seeker: AsylumSeeker,
    by: User | None,
    title: str,
    due_date: date,
    file_by: date | None = None,
    note: str = "",
) -> Deadline:
    """A deadline no rule computes (e.g. a date the judge set). "File by" defaults to the last
    business day on or before the due date."""
    lock_people([seeker.pk])
    deadline = record_save(
        Deadline(
            seeker=seeker,
            rule="",
            title=title,
            due_date=due_date,
            file_by=file_by or last_business_day(due_date, closure_dates()),
            note=note,
        ),
        by=by,
    )
    refresh_next_file_by([seeker.pk])
    return deadline


# --- closure days -------------------------------------------------------------------------------


def _move_open_deadlines_around(day: date, *, by: User | None) -> list[Move]:
    """Recompute the open computed deadlines whose dates a closure on `day` can move.

    "File by" is the last business day on or before the unextended last day L, the due date
    the first on or after it. Closing or reopening `day` changes either only when
    file_by <= day <= due_date (the dates as they stand before the change), so one indexed
    query finds them all; one bulk update with history writes them: a web request stays fast.
    """
    candidates = (
        Deadline.objects.open()
        .exclude(rule="")
        .filter(file_by__lte=day, due_date__gte=day, trigger_date__isnull=False)
    )
    # The people first (the module docstring's lock order), then their deadlines, read again
    # under the lock: a decision corrected meanwhile must not be overwritten with old dates.
    locked = lock_people(candidates.values_list("seeker_id", flat=True))
    affected = list(
        candidates.filter(seeker_id__in=locked)
        .select_related("hearing", "appeal")
        .select_for_update(of=("self",))
    )
    closures = closure_dates()
    moves, changed = [], []
    for row in affected:
        period = row.hearing.voluntary_departure_days if row.rule == "voluntary_departure" else None
        extension = (
            row.appeal.brief_extension_days
            if row.rule == "bia_brief_detained" and row.appeal
            else 0
        )
        dates = computed_dates(
            row.rule, row.trigger_date, closures, period_days=period, extension_days=extension
        )
        if (dates["file_by"], dates["due_date"]) == (row.file_by, row.due_date):
            continue
        moves.append(Move(row.pk, row.file_by, dates["file_by"], row.due_date, dates["due_date"]))
        row.file_by, row.due_date = dates["file_by"], dates["due_date"]
        changed.append(row)
    if changed:
        people = {row.seeker_id for row in changed}
        bulk_update_with_history(
            changed,
            Deadline,
            ["file_by", "due_date"],
            default_user=by,
            default_change_reason="closure day",
        )
        refresh_next_file_by(people)
    return moves


@transaction.atomic
def closure_day_add(*, day: date, reason: str, by: User | None) -> tuple[ClosureDay, list[Move]]:
    closure = record_save(ClosureDay(date=day, reason=reason, added_by=by), by=by)
    return closure, _move_open_deadlines_around(day, by=by)


@transaction.atomic
def closure_day_delete(*, closure: ClosureDay, by: User | None) -> list[Move]:
    day = closure.date
    closure._history_user = by
    closure.delete()
    return _move_open_deadlines_around(day, by=by)
