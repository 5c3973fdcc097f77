"""Every write to a case goes through a function here: one transaction, validated, audited.

Views, admin actions, importers, the demo seeder and tests call these; none saves a case
row itself (STYLE.md rule 3).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
from collections.abc import Iterable
from typing import Any

from django.db import IntegrityError, transaction

from caseworks.models import User
from caseworks.services import apply_changes as _apply
from caseworks.services import record_save

from . import deadline_services

# Case-file PDFs live in cases/casefile/services.py; re-exported so every write to a case is
# still found here.
from .casefile.services import (  # noqa: F401
    CaseFileSweep,
    casefile_render,
    casefile_request,
    casefile_retry,
    casefile_sweep,
)
from .enums import AssignmentRole
from .identifiers import normalize_a_number
from .models import (
    Appeal,
    AssignmentChange,
    AsylumSeeker,
    ContactLog,
    ContactPerson,
    Document,
    Hearing,
    HomeCountryCharge,
)
from .uploads import check_upload

logger = logging.getLogger(__name__)

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
    _assign(seeker=seeker, role=AssignmentRole.CASEWORKERS, people=caseworkers, by=by)
    _assign(seeker=seeker, role=AssignmentRole.LAWYERS, people=lawyers, by=by)
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
    by: User | None,
    caseworkers: Iterable[User] | None = None,
    lawyers: Iterable[User] | None = None,
) -> AsylumSeeker:
    """Put exactly these people on the case (None: leave that role as it is).

    Assignments decide who sees the case (caseworks.access), so every change is audited: one
    AssignmentChange per role that changed, by `by`. The same people again write nothing.
    """
    # Locked, so two editors at once each log the change they really made.
    seeker = AsylumSeeker.objects.select_for_update().get(pk=seeker.pk)
    if caseworkers is not None:
        _assign(seeker=seeker, role=AssignmentRole.CASEWORKERS, people=caseworkers, by=by)
    if lawyers is not None:
        _assign(seeker=seeker, role=AssignmentRole.LAWYERS, people=lawyers, by=by)
    return seeker


def _assign(
    *, seeker: AsylumSeeker, role: AssignmentRole, people: Iterable[User], by: User | None
) -> None:
    relation = getattr(seeker, role.value)  # seeker.caseworkers or seeker.lawyers
    wanted = {user.pk for user in people}
    current = set(relation.values_list("pk", flat=True))
    added, removed = sorted(wanted - current), sorted(current - wanted)
    if not added and not removed:
        return
    relation.remove(*removed)
    relation.add(*added)
    record_save(AssignmentChange(seeker=seeker, role=role, added=added, removed=removed), by=by)


@transaction.atomic
def contact_person_add(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> ContactPerson:
    return record_save(ContactPerson(seeker=seeker, **fields), by=by)


@transaction.atomic
def hearing_schedule(*, seeker: AsylumSeeker, by: User | None, **fields: Any) -> Hearing:
    # The person first, as every writer of deadlines (cases.deadline_services docstring).
    deadline_services.lock_people([seeker.pk])
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
    deadline_services.lock_people([hearing.seeker_id])
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
    deadline_services.lock_people([seeker.pk])
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
    deadline_services.lock_people([appeal.seeker_id])
    appeal = Appeal.objects.select_for_update().get(pk=appeal.pk)
    old_target = _attacked(appeal)
    changed = _apply(appeal, fields)
    if not changed:
        return appeal
    record_save(appeal, by=by, update_fields=changed)
    deadline_services.deadlines_sync_filing(appeal=appeal, by=by)
    if "kind" in changed:
        # Where a denied motion against this decision goes next depends on its kind.
        for child in Appeal.objects.filter(parent=appeal).only("pk"):
            deadline_services.deadlines_sync_appeal(appeal=child, by=by)
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
