"""Every write to a case goes through a function here: one transaction, validated, audited.

Views, admin actions, importers, the demo seeder and tests call these; none saves a case
row itself (STYLE.md rule 3).
"""

from __future__ import annotations

import hashlib
import logging
import os
import secrets
import traceback
from collections.abc import Iterable
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from caseworks import access
from caseworks.models import User
from caseworks.queueing import QUEUED_WORK, WorkSweep, enqueue_on_commit, sweep_work
from caseworks.services import apply_changes as _apply
from caseworks.services import record_save

from . import deadline_services
from .enums import AssignmentRole, CaseFileEdition, CaseFileStatus
from .identifiers import normalize_a_number
from .models import (
    Appeal,
    AssignmentChange,
    AsylumSeeker,
    CaseFile,
    ContactLog,
    ContactPerson,
    Document,
    Hearing,
    HomeCountryCharge,
    casefile_path,
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


# --- Case-file PDFs (DESIGN.md section 6) --------------------------------------------------
# The request row is the truth; the Celery task `cases.render_casefile` only carries its id.
# Nothing here logs personal data: ids, counts and exception class names only.


def _check_edition(*, seeker: AsylumSeeker, edition: str, by: User | None) -> None:
    # `by` None is the operator's management command, which runs with the server's rights.
    if (
        edition == CaseFileEdition.LAWYER
        and by is not None
        and not access.may_read_privileged(by, seeker)
    ):
        raise PermissionDenied


def _enqueue_render(casefile_id: int) -> None:
    from .tasks import render_casefile  # the tasks module imports this one

    # A broker outage is logged, not raised: casefile_sweep re-enqueues the queued row.
    enqueue_on_commit(render_casefile, casefile_id=casefile_id)


@transaction.atomic
def casefile_request(
    *, seeker: AsylumSeeker, edition: str, by: User | None, enqueue: bool = True
) -> CaseFile:
    """Ask for a PDF of `seeker`'s case file; a worker renders it after the commit.

    A lawyer edition needs a lawyer assigned to the case (PermissionDenied otherwise). While a
    request for the same edition is still waiting, that one is returned instead of a second
    (a double click makes one file). `enqueue=False` leaves the rendering to the caller
    (the render_casefile command renders in-process).
    """
    edition = CaseFileEdition(edition)
    _check_edition(seeker=seeker, edition=edition, by=by)
    # Serializes requests for one person, so two clicks cannot both see "nothing pending".
    AsylumSeeker.objects.select_for_update().filter(pk=seeker.pk).values_list("pk").first()
    waiting = CaseFile.objects.pending().filter(seeker=seeker, edition=edition).first()
    if waiting is not None:
        return waiting
    casefile = record_save(CaseFile(seeker=seeker, edition=edition, requested_by=by), by=by)
    if enqueue:
        _enqueue_render(casefile.pk)
    return casefile


@transaction.atomic
def casefile_retry(*, casefile: CaseFile, by: User | None) -> CaseFile:
    """Queue a failed case file again (the retry button). Anything not failed stays as it is."""
    casefile = CaseFile.objects.select_for_update().select_related("seeker").get(pk=casefile.pk)
    if casefile.status != CaseFileStatus.FAILED:
        return casefile
    _check_edition(seeker=casefile.seeker, edition=casefile.edition, by=by)
    changed = _apply(
        casefile,
        {
            "status": CaseFileStatus.QUEUED,
            "queued_at": timezone.now(),
            "started_at": None,
            "finished_at": None,
            "error": "",
            # A person asked again: the worker-death budget of the sweep starts afresh.
            "attempts": 0,
        },
    )
    record_save(casefile, by=by, update_fields=changed)
    _enqueue_render(casefile.pk)
    return casefile


class _RenderRefused(Exception):
    """A render that must not produce a file; `reason` is fit to show."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


def casefile_render(*, casefile_id: int) -> CaseFile | None:
    """Render one requested case file. Safe to run twice, or on two workers at once.

    1. Claim the row by a conditional UPDATE queued -> rendering. Nothing claimed means the
       request is being rendered elsewhere, is done, or is gone (a retried or duplicate task):
       return None and change nothing.
    2. Copy the case (`cases.casefile.casefile_data`) and lay out the PDF, outside any
       transaction: this is the slow part. A redacted copy is checked against the person's
       identifiers first.
    3. Store the bytes through the default storage under a random name.
    4. Finish under a row lock: if the row is still ours (rendering, same start), it becomes
       ready. If the sweep gave it to another worker meanwhile, delete our file: one file per
       request.
    Any error marks the row failed with a reason fit to show (never data, never a traceback).
    """
    started = timezone.now()
    claimed = CaseFile.objects.filter(pk=casefile_id, status=CaseFileStatus.QUEUED).update(
        status=CaseFileStatus.RENDERING,
        started_at=started,
        finished_at=None,
        error="",
        attempts=F("attempts") + 1,
    )
    if not claimed:
        return None
    with translation.override(settings.LANGUAGE_CODE):
        try:
            casefile = CaseFile.objects.select_related("seeker", "requested_by").get(pk=casefile_id)
            pdf = _render_pdf(casefile)
        except _RenderRefused as exc:
            return _casefile_fail(casefile_id=casefile_id, started=started, reason=exc.reason)
        except SoftTimeLimitExceeded:
            minutes = settings.CASEFILE_RENDER_TIMEOUT // 60
            reason = _("Rendering took longer than %(minutes)s minutes.") % {"minutes": minutes}
            return _casefile_fail(casefile_id=casefile_id, started=started, reason=reason)
        except Exception as exc:
            _log_failure(casefile_id, "render", exc)
            reason = _(
                "The PDF could not be produced. Try again; if it fails again, tell the "
                "coordinator (case file no. %(id)s)."
            ) % {"id": casefile_id}
            return _casefile_fail(casefile_id=casefile_id, started=started, reason=reason)
        try:
            return _casefile_finish(casefile=casefile, started=started, pdf=pdf)
        except Exception as exc:
            _log_failure(casefile_id, "store", exc)
            reason = _("The PDF was produced but could not be stored. Try again.")
            return _casefile_fail(casefile_id=casefile_id, started=started, reason=reason)


def _render_pdf(casefile: CaseFile):
    from .casefile import casefile_data, redaction_leaks
    from .casefile.pdf import render_casefile_pdf

    seeker = casefile.seeker
    data = casefile_data(
        seeker,
        edition=casefile.edition,
        today=timezone.localdate(),
        prepared_by=str(casefile.requested_by) if casefile.requested_by else "",
    )
    if casefile.edition == CaseFileEdition.REDACTED:
        leaks = redaction_leaks(data, seeker)
        if leaks:
            raise _RenderRefused(
                _(
                    "Stopped: the redacted file would have shown the person's %(what)s in a "
                    "field it keeps (judge, court, facility, place of entry). Correct the record "
                    "and try again."
                )
                % {"what": ", ".join(leaks)}
            )
    return render_casefile_pdf(data)


def _casefile_finish(*, casefile: CaseFile, started, pdf) -> CaseFile:
    storage = casefile.file.storage
    name = storage.save(casefile_path(casefile, "casefile.pdf"), ContentFile(pdf.content))
    try:
        with transaction.atomic():
            row = CaseFile.objects.select_for_update().get(pk=casefile.pk)
            if row.status != CaseFileStatus.RENDERING or row.started_at != started:
                # The sweep re-queued or failed it while we worked; the other run owns it now.
                storage.delete(name)
                return row
            row.file.name = name
            changed = _apply(
                row,
                {
                    "status": CaseFileStatus.READY,
                    "page_count": pdf.page_count,
                    "size": len(pdf.content),
                    "sha256": hashlib.sha256(pdf.content).hexdigest(),
                    "finished_at": timezone.now(),
                    "error": "",
                },
            )
            return record_save(row, update_fields=[*changed, "file"])
    except BaseException:
        storage.delete(name)
        raise


@transaction.atomic
def _casefile_fail(*, casefile_id: int, started, reason: str) -> CaseFile | None:
    row = CaseFile.objects.select_for_update().filter(pk=casefile_id).first()
    if row is None or row.status != CaseFileStatus.RENDERING or row.started_at != started:
        return row
    changed = _apply(
        row,
        {
            "status": CaseFileStatus.FAILED,
            "error": reason[: CaseFile._meta.get_field("error").max_length],
            "finished_at": timezone.now(),
        },
    )
    return record_save(row, update_fields=changed)


def _log_failure(casefile_id: int, step: str, exc: BaseException) -> None:
    # The exception's message may quote data from the case, so only its class and the code
    # location where it was raised are logged.
    frames = traceback.extract_tb(exc.__traceback__)
    where = f"{frames[-1].filename}:{frames[-1].lineno}" if frames else "?"
    logger.error(
        "case file %s failed at %s: %s at %s", casefile_id, step, type(exc).__name__, where
    )


# requeued: stale renders queued again; failed: stale renders that used up their attempts;
# reenqueued: queued rows whose task was lost.
CaseFileSweep = WorkSweep
CASEFILE_WORK = next(work for work in QUEUED_WORK if work.model == "cases.CaseFile")


@transaction.atomic
def casefile_sweep(*, now=None) -> CaseFileSweep:
    """Recover the requests a lost task or a dead worker left behind (Celery beat each minute,
    and `manage.py sweep_casefiles`). Both steps are the rules every kind of queued work
    shares (caseworks.queueing.QUEUED_WORK):

    1. "rendering" for longer than CASEFILE_RENDER_TIMEOUT: its worker died, or the task's hard
       time limit killed it. Queued again and enqueued, unless it has started
       CASEFILE_MAX_ATTEMPTS times already: then failed, with the reason shown
       (`caseworks.queueing.recover_stalled`). Each row changes by a conditional UPDATE on
       the state the sweep read, so a worker that finishes at the same moment wins cleanly.
    2. "queued" for longer than CASEFILE_REQUEUE_AFTER: its message is gone (the broker keeps
       nothing on disk). Enqueued again by `caseworks.queueing.requeue_lost`, which moves its
       queued_at to now so the next sweep waits again. A duplicate message costs nothing:
       only one claim succeeds.
    Tasks are sent after the commit.
    """
    report = sweep_work(CASEFILE_WORK, now=now or timezone.now())
    if report.requeued or report.failed or report.reenqueued:
        logger.info(
            "case-file sweep: %s re-queued, %s failed, %s re-enqueued",
            report.requeued,
            report.failed,
            report.reenqueued,
        )
    return report
