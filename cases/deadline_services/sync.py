"""Steps 2 and 3: a source's stored deadlines brought in line with its plan."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import translation

from caseworks.models import User
from caseworks.services import record_save

from .. import deadlines
from ..models import Appeal, AsylumSeeker, ClosureDay, Deadline, Hearing
from .derived import lock_people, owner_id, refresh_next_file_by
from .plans import OPEN, Planned, plan_for_appeal, plan_for_hearing, plan_for_seeker

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
    lock_people([owner_id(Hearing, hearing)])
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
    lock_people([owner_id(Appeal, appeal)])
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
