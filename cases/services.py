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
from caseworks.services import apply_changes as _apply
from caseworks.services import record_save

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
    return seeker


@transaction.atomic
def seeker_update(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> AsylumSeeker:
    if "a_number" in fields:
        fields["a_number"] = normalize_a_number(fields["a_number"]) if fields["a_number"] else None
    seeker = AsylumSeeker.objects.select_for_update().get(pk=seeker.pk)
    changed = _apply(seeker, fields)
    if not changed:
        return seeker
    return record_save(seeker, by=by, update_fields=[*changed, "updated_at"])


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
    return record_save(Hearing(seeker=seeker, **fields), by=by)


@transaction.atomic
def hearing_record_decision(
    *, hearing: Hearing, by: User | None, outcome: str, decision_date, **fields: Any
) -> Hearing:
    """Save a judge's decision on a hearing."""
    hearing = Hearing.objects.select_for_update().get(pk=hearing.pk)
    changed = _apply(hearing, {"outcome": outcome, "decision_date": decision_date, **fields})
    if not changed:
        return hearing
    return record_save(hearing, by=by, update_fields=changed)


@transaction.atomic
def appeal_file(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> Appeal:
    return record_save(Appeal(seeker=seeker, **fields), by=by)


@transaction.atomic
def appeal_record_decision(
    *, appeal: Appeal, by: User | None, outcome: str, decided_on, **fields: Any
) -> Appeal:
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    changed = _apply(appeal, {"outcome": outcome, "decided_on": decided_on, **fields})
    if not changed:
        return appeal
    return record_save(appeal, by=by, update_fields=changed)


@transaction.atomic
def charge_add(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> HomeCountryCharge:
    charge = HomeCountryCharge(seeker=seeker, **fields)
    if charge.statute and not charge.max_penalty:
        charge.max_penalty = charge.statute.max_penalty
    return record_save(charge, by=by)


@transaction.atomic
def contact_log(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> ContactLog:
    return record_save(ContactLog(seeker=seeker, by=by, **fields), by=by)
