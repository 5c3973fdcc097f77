"""The derived column `AsylumSeeker.next_file_by`: its one rule, and the person locks."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.db.models import DateField, OuterRef, Subquery

from ..models import AsylumSeeker, Deadline
from .plans import OPEN

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


def owner_id(model, obj) -> int | None:
    """The id of the person a hearing or appeal belongs to (one query when not loaded)."""
    if obj.seeker_id is not None:
        return obj.seeker_id
    return model.objects.filter(pk=obj.pk).values_list("seeker_id", flat=True).first()
