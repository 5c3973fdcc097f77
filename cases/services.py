"""Every write to a case goes through a function here: one transaction, validated, audited.

Views, admin actions, importers, the demo seeder and tests call these; none saves a case
row itself (STYLE.md rule 3).
"""

from __future__ import annotations

import hashlib
import os
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from caseworks.models import User
from caseworks.services import record_save

from .identifiers import normalize_a_number
from .models import (
    Appeal,
    AsylumSeeker,
    ContactLog,
    ContactPerson,
    Document,
    Hearing,
    HomeCountryCharge,
)
from .uploads import check_upload

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


def _update(obj, *, by: User | None, fields: dict[str, Any]):
    """Lock the row, set what differs, save only that; nothing changed = no write, no history."""
    obj = type(obj).objects.select_for_update().get(pk=obj.pk)
    changed = _apply(obj, fields)
    if not changed:
        return obj
    return record_save(obj, by=by, update_fields=changed)


@transaction.atomic
def contact_person_update(
    *, contact_person: ContactPerson, by: User | None, **fields: Any
) -> ContactPerson:
    return _update(contact_person, by=by, fields=fields)


@transaction.atomic
def hearing_update(*, hearing: Hearing, by: User | None, **fields: Any) -> Hearing:
    """Change a hearing's scheduling facts; its decision goes through `hearing_record_decision`."""
    return _update(hearing, by=by, fields=fields)


@transaction.atomic
def appeal_update(*, appeal: Appeal, by: User | None, **fields: Any) -> Appeal:
    """Edit an appeal; a new outcome or decision date goes through `appeal_record_decision`."""
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    outcome = fields.pop("outcome", appeal.outcome)
    decided_on = fields.pop("decided_on", appeal.decided_on)
    if outcome != appeal.outcome or decided_on != appeal.decided_on:
        return appeal_record_decision(
            appeal=appeal, by=by, outcome=outcome, decided_on=decided_on, **fields
        )
    return _update(appeal, by=by, fields=fields)


@transaction.atomic
def charge_update(
    *, charge: HomeCountryCharge, by: User | None, **fields: Any
) -> HomeCountryCharge:
    return _update(charge, by=by, fields=fields)


@transaction.atomic
def contact_log_update(*, contact: ContactLog, by: User | None, **fields: Any) -> ContactLog:
    return _update(contact, by=by, fields=fields)


@transaction.atomic
def document_upload(*, seeker: AsylumSeeker, by: User | None, file, **fields: Any) -> Document:
    """Store one piece of evidence under a random name (`cases.models.document_path`).

    The type is decided by the file's content (`cases.uploads.check_upload`), never by its
    name or the browser's claim; the original name is kept on the row only, for downloads.
    """
    content_type = check_upload(file)
    digest = hashlib.sha256()
    for chunk in file.chunks():
        digest.update(chunk)
    file.seek(0)
    document = Document(
        seeker=seeker,
        file=file,
        original_name=os.path.basename(file.name or "")[:255] or "document",
        content_type=content_type,
        size=file.size,
        sha256=digest.hexdigest(),
        uploaded_by=by,
        **fields,
    )
    return record_save(document, by=by)


@transaction.atomic
def document_update(*, document: Document, by: User | None, **fields: Any) -> Document:
    """Change a document's description; the stored file itself never changes."""
    return _update(document, by=by, fields=fields)
