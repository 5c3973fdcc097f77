"""One-click actions on a deadline (met, not applicable, reopen) and manual deadlines."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from caseworks.models import User
from caseworks.services import record_save

from .. import deadlines
from ..models import AsylumSeeker, Deadline
from .derived import lock_people, refresh_next_file_by
from .plans import MET, NOT_APPLICABLE, OPEN
from .sync import closure_dates

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
