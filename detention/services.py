"""Detention stays and transfers: one transaction each, so the current location is never lost.

Every function here ends by refreshing `AsylumSeeker.detained_since` (`_sync_detained_since`)
in the same transaction, so the derived column can never disagree with the stays.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from cases.models import AsylumSeeker
from caseworks.models import User
from caseworks.services import record_save

from .enums import StayEndReason
from .models import DetentionStay, Facility
from .periods import detained_since


@dataclass(frozen=True)
class Transfer:
    previous: DetentionStay
    current: DetentionStay

    @property
    def circuit_changed(self) -> bool:
        """A new circuit means a new court of appeals for a petition for review."""
        return self.previous.facility.circuit != self.current.facility.circuit

    @property
    def aor_changed(self) -> bool:
        """A new ICE area of responsibility often cuts off local counsel."""
        return self.previous.facility.aor != self.current.facility.aor


def _lock_person(seeker_id: int) -> None:
    """Lock the person's row first, so changes to one person's stays run one after another
    and each `_sync_detained_since` reads the stays the previous change left."""
    list(AsylumSeeker.objects.select_for_update().filter(pk=seeker_id).values_list("pk"))


def _lock_open_stay(seeker: AsylumSeeker) -> DetentionStay | None:
    _lock_person(seeker.pk)
    return (
        DetentionStay.objects.select_for_update()
        .select_related("facility")
        .filter(seeker=seeker, ended_on__isnull=True)
        .first()
    )


@transaction.atomic
def stay_start(
    *, seeker: AsylumSeeker, facility: Facility, started_on: date, by: User | None
) -> DetentionStay:
    """Open a stay for a person who is not currently held anywhere."""
    if _lock_open_stay(seeker) is not None:
        raise ValidationError(_("This person is already held; record a transfer instead."))
    _check_no_overlap(seeker, started_on)
    stay = record_save(
        DetentionStay(seeker=seeker, facility=facility, started_on=started_on), by=by
    )
    _sync_detained_since(seeker.pk, seeker)
    return stay


def _check_no_overlap(seeker: AsylumSeeker, started_on: date) -> None:
    if DetentionStay.objects.filter(seeker=seeker, ended_on__gt=started_on).exists():
        raise ValidationError(
            _("This date falls inside an earlier detention stay; check the dates.")
        )


@transaction.atomic
def stay_transfer(
    *,
    seeker: AsylumSeeker,
    facility: Facility,
    on: date,
    reason: str = "",
    notice_given: bool | None = None,
    by: User | None,
) -> Transfer:
    """Close the current stay on `on` and open the next one at `facility` the same day."""
    current = _lock_open_stay(seeker)
    if current is None:
        raise ValidationError(_("This person has no open detention stay to transfer from."))
    if current.facility_id == facility.pk:
        raise ValidationError(_("The person is already held at this facility."))
    if on < current.started_on:
        raise ValidationError(_("A transfer cannot be dated before the current stay began."))
    current.ended_on = on
    current.end_reason = StayEndReason.TRANSFERRED
    record_save(current, by=by, update_fields=["ended_on", "end_reason"])
    new = record_save(
        DetentionStay(
            seeker=seeker,
            facility=facility,
            started_on=on,
            transfer_reason=reason,
            transfer_notice_given=notice_given,
        ),
        by=by,
    )
    _sync_detained_since(seeker.pk, seeker)
    return Transfer(previous=current, current=new)


@transaction.atomic
def stay_end(
    *, seeker: AsylumSeeker, on: date, reason: StayEndReason, by: User | None
) -> DetentionStay:
    current = _lock_open_stay(seeker)
    if current is None:
        raise ValidationError(_("This person has no open detention stay."))
    current.ended_on = on
    current.end_reason = reason
    record_save(current, by=by, update_fields=["ended_on", "end_reason"])
    _sync_detained_since(seeker.pk, seeker)
    return current


@transaction.atomic
def stay_update(*, stay: DetentionStay, by: User | None, **fields) -> DetentionStay:
    """Correct a recorded stay (facility, dates, transfer facts) without overlapping another.

    Transfers are recorded with `stay_transfer`; this is for fixing what was typed wrong.
    """
    _lock_person(stay.seeker_id)
    stay = DetentionStay.objects.select_for_update().select_related("facility").get(pk=stay.pk)
    changed = [name for name, value in fields.items() if getattr(stay, name) != value]
    if not changed:
        return stay
    for name in changed:
        setattr(stay, name, fields[name])
    others = DetentionStay.objects.filter(seeker_id=stay.seeker_id).exclude(pk=stay.pk)
    end = stay.ended_on or date.max
    overlapping = others.filter(started_on__lt=end).exclude(ended_on__lte=stay.started_on)
    if overlapping.exists():
        raise ValidationError(_("These dates overlap another detention stay; check the dates."))
    record_save(stay, by=by, update_fields=changed)
    _sync_detained_since(stay.seeker_id)
    return stay


def lock_people(seeker_ids) -> list[int]:
    """Lock these people's rows in id order (the order every writer takes them in)."""
    ids = sorted({pk for pk in seeker_ids if pk is not None})
    for pk in ids:
        _lock_person(pk)
    return ids


def refresh_detained_since(seeker_ids) -> None:
    """`_sync_detained_since` for each of these people (for writers that bypass the services
    above: the admin)."""
    for pk in lock_people(seeker_ids):
        _sync_detained_since(pk)


def _sync_detained_since(seeker_id: int, seeker: AsylumSeeker | None = None) -> None:
    """Store when the person's current detention began, from their stays as they are now.

    A derived column, not a fact anyone typed: written with one UPDATE and no history row (the
    stay change that caused it has its own). The caller's `seeker` is updated in memory too.
    """
    stays = DetentionStay.objects.filter(seeker_id=seeker_id).only(
        "started_on", "ended_on", "end_reason"
    )
    since = detained_since(stays)
    AsylumSeeker.objects.filter(pk=seeker_id).update(detained_since=since)
    if seeker is not None:
        seeker.detained_since = since


@transaction.atomic
def stay_delete(*, stay: DetentionStay, by: User | None) -> DetentionStay | None:
    """Delete a detention stay typed by mistake; return the stay it reopened, if any.

    1. Lock the person, then the stay (as every change to stays does).
    2. Delete the stay, its history row attributed to `by`.
    3. If it was the open stay a transfer started (the stay before it ended "transferred" the
       day it began), the transfer is undone: that earlier stay is open again. Otherwise the
       person would look released by a transfer that never happened.
    4. Recount `AsylumSeeker.detained_since` from the stays left (`_sync_detained_since`).
    """
    _lock_person(stay.seeker_id)
    stay = DetentionStay.objects.select_for_update().get(pk=stay.pk)
    previous = transfer_undone_by_deleting(stay, lock=True)
    stay._history_user = by
    stay.delete()
    if previous is not None:
        previous.ended_on, previous.end_reason = None, ""
        record_save(previous, by=by, update_fields=["ended_on", "end_reason"])
    _sync_detained_since(stay.seeker_id)
    return previous


def transfer_undone_by_deleting(stay: DetentionStay, *, lock: bool = False) -> DetentionStay | None:
    """The stay that deleting `stay` opens again (step 3 of `stay_delete`), or None: the stay
    before an open one that ended "transferred" the day `stay` began. Also read by the
    confirmation page, which says so before anyone presses the button."""
    if stay.ended_on is not None:
        return None
    previous = (
        DetentionStay.objects.filter(
            seeker_id=stay.seeker_id,
            ended_on=stay.started_on,
            end_reason=StayEndReason.TRANSFERRED,
        )
        .exclude(pk=stay.pk)
        .order_by("-started_on", "-pk")
    )
    # Locked without its facility: a join would lock the facility row too.
    previous = previous.select_for_update() if lock else previous.select_related("facility")
    return previous.first()
