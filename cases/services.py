"""Every write to a case goes through a function here: one transaction, validated, audited.

Views, admin actions, importers, the demo seeder and tests call these; none saves a case
row itself (STYLE.md rule 3).
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from caseworks.models import User
from caseworks.services import record_save

from . import deadline_services
from .identifiers import normalize_a_number
from .models import (
    Appeal,
    AsylumSeeker,
    ContactLog,
    ContactPerson,
    Hearing,
    HomeCountryCharge,
)

_REFERENCE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def new_reference() -> str:
    # Random, not sequential: a reference seen on paper reveals nothing about case counts.
    return "CW-" + "".join(secrets.choice(_REFERENCE_ALPHABET) for _ in range(6))


def _apply(obj, fields: dict[str, Any]) -> list[str]:
    """Set the fields that differ; return their names (empty = nothing changed)."""
    changed = []
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed.append(name)
    return changed


@transaction.atomic
def seeker_register(
    *,
    by: User | None,
    name_latin: str,
    caseworkers: Iterable[User] = (),
    lawyers: Iterable[User] = (),
    a_number: str | None = None,
    **fields: Any,
) -> AsylumSeeker:
    """Register a person. The A-number is stored in its normalized 9-digit form."""
    seeker = AsylumSeeker(
        name_latin=name_latin,
        a_number=normalize_a_number(a_number) if a_number else None,
        **fields,
    )
    for _attempt in range(5):
        seeker.reference = new_reference()
        try:
            with transaction.atomic():
                record_save(seeker, by=by)
            break
        except IntegrityError:
            # A reference collision (1 in a billion); anything else re-raises below.
            if AsylumSeeker.objects.filter(reference=seeker.reference).exists():
                seeker.pk = None
                continue
            raise
    seeker.caseworkers.set(caseworkers)
    seeker.lawyers.set(lawyers)
    deadline_services.deadlines_sync_seeker(seeker=seeker, by=by)
    return seeker


@transaction.atomic
def seeker_update(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> AsylumSeeker:
    if "a_number" in fields:
        fields["a_number"] = normalize_a_number(fields["a_number"]) if fields["a_number"] else None
    seeker = AsylumSeeker.objects.select_for_update().get(pk=seeker.pk)
    changed = _apply(seeker, fields)
    if not changed:
        return seeker
    record_save(seeker, by=by, update_fields=[*changed, "updated_at"])
    if {"entry_date", "asylum_application_filed_on"} & set(changed):
        deadline_services.deadlines_sync_seeker(seeker=seeker, by=by)
    return seeker


@transaction.atomic
def seeker_assign(
    *,
    seeker: AsylumSeeker,
    caseworkers: Iterable[User] | None = None,
    lawyers: Iterable[User] | None = None,
) -> AsylumSeeker:
    if caseworkers is not None:
        seeker.caseworkers.set(caseworkers)
    if lawyers is not None:
        seeker.lawyers.set(lawyers)
    return seeker


@transaction.atomic
def contact_person_add(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> ContactPerson:
    return record_save(ContactPerson(seeker=seeker, **fields), by=by)


@transaction.atomic
def hearing_schedule(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> Hearing:
    hearing = record_save(Hearing(seeker=seeker, **fields), by=by)
    if hearing.decision_date:  # a past hearing entered with its decision
        deadline_services.deadlines_sync_hearing(hearing=hearing, by=by)
    return hearing


@transaction.atomic
def hearing_record_decision(
    *, hearing: Hearing, by: User | None, outcome: str, decision_date, **fields: Any
) -> Hearing:
    """Save, change or clear (outcome pending, no date) a judge's decision; its deadlines
    follow (cases.deadline_services.plan_for_hearing)."""
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    changed = _apply(hearing, {"outcome": outcome, "decision_date": decision_date, **fields})
    if not changed:
        return hearing
    record_save(hearing, by=by, update_fields=changed)
    deadline_services.deadlines_sync_hearing(hearing=hearing, by=by)
    return hearing


@transaction.atomic
def appeal_file(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> Appeal:
    """Record an appeal, motion or petition; it meets the deadline of its kind on the decision
    it attacks (cases.deadline_services.deadlines_sync_filing)."""
    appeal = record_save(Appeal(seeker=seeker, **fields), by=by)
    deadline_services.deadlines_sync_filing(appeal=appeal, by=by)
    return appeal


@transaction.atomic
def appeal_record_decision(
    *, appeal: Appeal, by: User | None, outcome: str, decided_on, **fields: Any
) -> Appeal:
    return appeal_update(appeal=appeal, by=by, outcome=outcome, decided_on=decided_on, **fields)


@transaction.atomic
def appeal_update(*, appeal: Appeal, by: User | None, **fields: Any) -> Appeal:
    """Change an appeal (filing date, briefing schedule, decision...); the deadlines of the
    appeal and of the decision it attacks follow, including the old one if it moved."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    old_target = _attacked(appeal)
    changed = _apply(appeal, fields)
    if not changed:
        return appeal
    record_save(appeal, by=by, update_fields=changed)
    deadline_services.deadlines_sync_filing(appeal=appeal, by=by)
    if old_target != _attacked(appeal):
        model, pk = old_target
        if model is Appeal:
            deadline_services.deadlines_sync_appeal(appeal=Appeal(pk=pk), by=by)
        elif model is Hearing:
            deadline_services.deadlines_sync_hearing(hearing=Hearing(pk=pk), by=by)
    return appeal


def _attacked(appeal: Appeal) -> tuple[type | None, int | None]:
    """The decision a filing attacks: its parent appeal, else its hearing."""
    if appeal.parent_id:
        return Appeal, appeal.parent_id
    return (Hearing, appeal.hearing_id) if appeal.hearing_id else (None, None)


@transaction.atomic
def charge_add(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> HomeCountryCharge:
    charge = HomeCountryCharge(seeker=seeker, **fields)
    if charge.statute and not charge.max_penalty:
        charge.max_penalty = charge.statute.max_penalty
    return record_save(charge, by=by)


@transaction.atomic
def contact_log(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> ContactLog:
    return record_save(ContactLog(seeker=seeker, by=by, **fields), by=by)
