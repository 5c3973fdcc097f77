"""Privacy services: privileged notes, data-subject export, erasure and retention review.

Which rows belong to a case comes from `caseworks.access.case_models()` (every model with a
`seeker` foreign key), so a model added later is exported and erased without a change here:
on erasure its rows are deleted unless ERASURE_KEEP lists it with the text fields to blank.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import tempfile
import zipfile
from datetime import date, timedelta

from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core import serializers
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models, transaction
from django.db.models import Exists, OuterRef, QuerySet
from django.utils import timezone
from django.utils.text import get_valid_filename
from django.utils.translation import gettext as _

from caseworks import access
from caseworks.audit import log_access
from caseworks.models import AccessLog, DataExport, User
from caseworks.queueing import claim, enqueue_on_commit, work_for
from caseworks.services import record_save

from .models import AsylumSeeker, PrivilegedNote

logger = logging.getLogger(__name__)


# --- Privileged notes -------------------------------------------------------------------


@transaction.atomic
def privileged_note_add(*, seeker: AsylumSeeker, by: User, text: str) -> PrivilegedNote:
    return record_save(PrivilegedNote(seeker=seeker, author=by, text=text), by=by)


@transaction.atomic
def privileged_note_update(*, note: PrivilegedNote, by: User, text: str) -> PrivilegedNote:
    note = PrivilegedNote.objects.select_for_update().get(pk=note.pk)
    if note.text == text:
        return note
    note.text = text
    return record_save(note, by=by, update_fields=["text"])


# --- Which rows a person's data lives in ------------------------------------------------


def _exportable_models() -> list[type[models.Model]]:
    """Case models in a data-subject export: all but privileged ones (attorney-client
    privilege: the person asks their lawyer for those)."""
    return [m for m in access.case_models() if m._meta.label_lower not in access.PRIVILEGED_MODELS]


def _rows(model: type[models.Model], seeker: AsylumSeeker) -> QuerySet:
    if model is AsylumSeeker:
        return model._base_manager.filter(pk=seeker.pk)
    return model._base_manager.filter(seeker_id=seeker.pk)


def _history_rows(model: type[models.Model], seeker: AsylumSeeker) -> QuerySet | None:
    """The simple-history rows of `model` for this case, deleted children's included."""
    manager = getattr(model._meta, "simple_history_manager_attribute", None)
    if manager is None:
        return None
    history_model = getattr(model, manager).model
    if model is AsylumSeeker:
        return history_model.objects.filter(id=seeker.pk)
    return history_model.objects.filter(seeker_id=seeker.pk)


def _file_fields(model: type[models.Model]) -> list[models.FileField]:
    return [f for f in model._meta.fields if isinstance(f, models.FileField)]


# --- Data-subject export ----------------------------------------------------------------


@transaction.atomic
def data_export_request(*, seeker: AsylumSeeker, by: User) -> DataExport:
    """Queue a new export of everything about `seeker`; earlier export files are deleted."""
    for old in DataExport.objects.select_for_update().filter(
        seeker_id=seeker.pk, status=DataExport.Status.READY
    ):
        _export_expire(old)
    export = DataExport.objects.create(seeker_id=seeker.pk, requested_by=by)
    log_access(
        user=by, action=AccessLog.Action.EXPORT, seeker_id=seeker.pk, obj=export, detail="requested"
    )
    from .tasks_privacy import data_export_build_task

    enqueue_on_commit(data_export_build_task, export_id=export.pk)
    return export


def data_export_build(*, export_id: int) -> DataExport | None:
    """Build the zip of one export (run by a Celery task; safe to run twice).

    1. Claim the row by a conditional UPDATE queued -> building (stamping started_at and
       counting the attempt); another worker gets 0 rows.
    2. Write person.json (every record and every history row) and the uploaded files into
       a temporary file, never into memory as a whole.
    3. Store it through the storage API and mark the export ready (or failed) only if the
       row is still ours: a worker that dies mid-build leaves it building, and
       caseworks.queueing.recover_stalled queues it again after DATA_EXPORT_TIMEOUT. If that
       happened while we were only slow, the new build owns the row and our file is deleted.
    """
    started = claim(work_for("caseworks.DataExport"), export_id)
    if started is None:
        return None
    ours = DataExport.objects.filter(
        pk=export_id, status=DataExport.Status.BUILDING, started_at=started
    )
    export = DataExport.objects.get(pk=export_id)
    seeker = AsylumSeeker.objects.filter(pk=export.seeker_id).first()
    if seeker is None:
        ours.update(
            status=DataExport.Status.FAILED,
            finished_at=timezone.now(),
            error=_("The case no longer exists."),
        )
        return None
    try:
        with tempfile.TemporaryFile() as handle:
            _write_zip(handle, seeker)
            handle.seek(0)
            digest = hashlib.sha256()
            for chunk in iter(lambda: handle.read(1 << 20), b""):
                digest.update(chunk)
            size = handle.tell()
            handle.seek(0)
            export.file.save(f"{export.pk}.zip", File(handle), save=False)
    except Exception:
        # Only the id: the exception text could quote personal data.
        logger.exception("Data export %s failed", export_id)
        reason = _(
            "The export could not be built. Prepare a new one; if it fails again, tell the "
            "administrator (export no. %(id)s)."
        ) % {"id": export_id}
        ours.update(status=DataExport.Status.FAILED, finished_at=timezone.now(), error=reason)
        raise
    export.size = size
    export.sha256 = digest.hexdigest()
    export.status = DataExport.Status.READY
    export.finished_at = timezone.now()
    if not ours.update(
        file=export.file.name,
        size=export.size,
        sha256=export.sha256,
        status=export.status,
        finished_at=export.finished_at,
    ):
        # The sweep gave the row to another build, or the person was erased meanwhile.
        export.file.storage.delete(export.file.name)
        return None
    return export


def _write_zip(handle, seeker: AsylumSeeker) -> None:
    records: dict[str, list] = {}
    history: dict[str, list] = {}
    files = []
    with zipfile.ZipFile(handle, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for model in _exportable_models():
            label = model._meta.label_lower
            rows = list(_rows(model, seeker).order_by("pk"))
            records[label] = serializers.serialize("python", rows)
            history_rows = _history_rows(model, seeker)
            if history_rows is not None:
                history[label] = serializers.serialize("python", history_rows.order_by("pk"))
            for field in _file_fields(model):
                for row in rows:
                    stored = getattr(row, field.name)
                    if not stored:
                        continue
                    name = get_valid_filename(
                        getattr(row, "original_name", "") or os.path.basename(stored.name)
                    )
                    path = f"files/{label}/{row.pk}-{name}"
                    with stored.open("rb") as source, archive.open(path, "w") as target:
                        for chunk in iter(lambda source=source: source.read(1 << 20), b""):
                            target.write(chunk)
                    files.append({"record": label, "pk": row.pk, "path": path})
        access_log = serializers.serialize(
            "python", AccessLog.objects.filter(seeker_id=seeker.pk).order_by("pk")
        )
        document = {
            "case_reference": seeker.reference,
            "generated_at": timezone.now(),
            "about": (
                "Every record Caseworks holds about this person, the full change history of "
                "each, the access log of the case and the uploaded files (in files/). "
                "Attorney-client privileged notes are not part of this export; the person's "
                "lawyer holds them."
            ),
            "records": records,
            "history": history,
            "access_log": access_log,
            "files": files,
        }
        payload = json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
        archive.writestr("person.json", payload.encode("utf-8"))


def _export_expire(export: DataExport) -> None:
    """Mark an export deleted; its file goes once the transaction commits."""
    name = export.file.name
    export.file = ""
    export.status = DataExport.Status.EXPIRED
    export.save(update_fields=["file", "status"])
    if name:
        transaction.on_commit(lambda: _delete_files([name]))


@transaction.atomic
def data_export_purge_expired(*, now=None) -> int:
    """Delete export files older than DATA_EXPORT_KEEP_DAYS (run hourly by Celery beat)."""
    cutoff = (now or timezone.now()) - timedelta(days=settings.DATA_EXPORT_KEEP_DAYS)
    expired = list(
        DataExport.objects.select_for_update(skip_locked=True).filter(
            status=DataExport.Status.READY, requested_at__lt=cutoff
        )
    )
    for export in expired:
        _export_expire(export)
    return len(expired)


# --- Erasure ----------------------------------------------------------------------------

# The person's own row: what is blanked. The name becomes the pseudonym, so every screen
# and statistic still has something to show and nothing that identifies anyone.
SEEKER_ERASED_FIELDS = {
    "name_original": "",
    "aliases": "",
    "a_number": None,
    "date_of_birth": None,
    "home_region": "",
    "home_city": "",
    "notes": "",
    "external_counsel": "",
}

# Case models whose rows survive an erasure, with the free-text fields blanked (free text
# can name anyone). Removals stay for the flight statistics; hearings, appeals, deadlines,
# stays and contact attempts stay as dated facts without words. Rows of every other case
# model (contact persons, documents, privileged notes, and any model added later) are deleted.
ERASURE_KEEP: dict[str, dict[str, str]] = {
    "cases.hearing": {"notes": ""},
    "cases.appeal": {"notes": ""},
    "cases.homecountrycharge": {"description": "", "learned_from": ""},
    "cases.contactlog": {"notes": ""},
    "cases.deadline": {"note": ""},
    "detention.detentionstay": {"transfer_reason": ""},
    "deportation.removal": {"notes": ""},
}


def is_erased(seeker: AsylumSeeker) -> bool:
    return AccessLog.objects.filter(seeker_id=seeker.pk, action=AccessLog.Action.ERASE).exists()


@transaction.atomic
def seeker_erase(*, seeker: AsylumSeeker, by: User) -> AsylumSeeker:
    """Erase everything that identifies `seeker`, in one transaction.

    1. Lock the person's row.
    2. Delete the rows of case models not in ERASURE_KEEP (contact persons, documents,
       privileged notes, ...), their stored files after commit, and the person's exports.
    3. Blank the free text of the kept rows and the person's identifying fields; the Latin
       name becomes the pseudonym.
    4. Purge the django-simple-history rows of the person and of every case model (the old
       versions still hold the names), and the names in the admin's change log.
    5. Write an ERASE row in the access log: who erased which case id, and when.
    """
    seeker = AsylumSeeker.objects.select_for_update().get(pk=seeker.pk)
    files_to_delete: list[str] = []
    admin_log_targets: list[tuple[type[models.Model], list[int]]] = [(AsylumSeeker, [seeker.pk])]

    for model in access.case_models():
        if model is AsylumSeeker:
            continue
        rows = _rows(model, seeker)
        admin_log_targets.append((model, list(rows.values_list("pk", flat=True))))
        keep = ERASURE_KEEP.get(model._meta.label_lower)
        if keep is not None:
            rows.update(**keep)
            continue
        for field in _file_fields(model):
            files_to_delete += [n for n in rows.values_list(field.name, flat=True) if n]
        rows.delete()

    for export in DataExport.objects.filter(seeker_id=seeker.pk):
        if export.file:
            files_to_delete.append(export.file.name)
    DataExport.objects.filter(seeker_id=seeker.pk).delete()

    for name, value in {**SEEKER_ERASED_FIELDS, "name_latin": seeker.pseudonym}.items():
        setattr(seeker, name, value)
    record_save(seeker, by=by, update_fields=[*SEEKER_ERASED_FIELDS, "name_latin", "updated_at"])

    for model in access.case_models():
        history_rows = _history_rows(model, seeker)
        if history_rows is not None:
            history_rows.delete()
    _scrub_admin_log(admin_log_targets)

    log_access(user=by, action=AccessLog.Action.ERASE, seeker_id=seeker.pk)
    # Files go only once the database change is final; a rollback keeps them.
    transaction.on_commit(lambda: _delete_files(files_to_delete))
    return seeker


def _scrub_admin_log(targets: list[tuple[type[models.Model], list[int]]]) -> None:
    """The admin's change log keeps str(obj) of every edited row: a name, for people."""
    for model, pks in targets:
        if not pks:
            continue
        content_type = ContentType.objects.get_for_model(model)
        LogEntry.objects.filter(
            content_type=content_type, object_id__in=[str(pk) for pk in pks]
        ).update(object_repr="[erased]", change_message="")


def _delete_files(names: list[str]) -> None:
    for name in names:
        default_storage.delete(name)


# --- Retention --------------------------------------------------------------------------


def retention_cutoff(today: date) -> date:
    """The day RETENTION_YEARS before `today` (28 February for a 29 February)."""
    years = settings.RETENTION_YEARS
    try:
        return today.replace(year=today.year - years)
    except ValueError:
        return today.replace(year=today.year - years, day=28)


def seeker_retention_due(*, today: date) -> QuerySet:
    """Cases closed more than RETENTION_YEARS ago, oldest first, with `erased` annotated."""
    erased = AccessLog.objects.filter(seeker_id=OuterRef("pk"), action=AccessLog.Action.ERASE)
    return (
        AsylumSeeker.objects.filter(closed_on__lt=retention_cutoff(today))
        .annotate(erased=Exists(erased))
        .order_by("closed_on", "pk")
    )
