"""Case-file PDFs (DESIGN.md section 6): request, render, retry, and the sweep that recovers.

The request row is the truth; the Celery task `cases.render_casefile` only carries its id.
Nothing here logs personal data: ids, counts and exception class names only. Re-exported by
`cases.services`, where every write to a case is found.
"""

from __future__ import annotations

import hashlib
import logging
import traceback

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from caseworks import access
from caseworks.models import User
from caseworks.queueing import WorkSweep, claim, enqueue_on_commit, sweep_work, work_for
from caseworks.services import apply_changes as _apply
from caseworks.services import record_save

from ..enums import CaseFileEdition, CaseFileStatus
from ..models import (
    AsylumSeeker,
    CaseFile,
    casefile_path,
)

logger = logging.getLogger(__name__)
CASEFILE_WORK = work_for("cases.CaseFile")


def _check_edition(*, seeker: AsylumSeeker, edition: str, by: User | None) -> None:
    # `by` None is the operator's management command, which runs with the server's rights.
    if (
        edition == CaseFileEdition.LAWYER
        and by is not None
        and not access.may_read_privileged(by, seeker)
    ):
        raise PermissionDenied


def _enqueue_render(casefile_id: int) -> None:
    from ..tasks import render_casefile  # the tasks module imports this one

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
    started = claim(CASEFILE_WORK, casefile_id)
    if started is None:
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
    from . import casefile_data, redaction_leaks
    from .pdf import render_casefile_pdf

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
