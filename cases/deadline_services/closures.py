"""Closure days: adding or deleting one moves the open deadlines it touches."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.db import transaction
from simple_history.utils import bulk_update_with_history

from caseworks.models import User
from caseworks.services import record_save

from ..models import ClosureDay, Deadline
from .derived import lock_people, refresh_next_file_by
from .sync import closure_dates, computed_dates

# --- closure days -------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Move:
    """A deadline a closure day moved, for the page that says so."""

    deadline_id: int
    file_by_before: date
    file_by_after: date
    due_before: date
    due_after: date


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
