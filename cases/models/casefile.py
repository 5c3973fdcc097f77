"""A requested case-file PDF: the row is the truth, a worker renders it."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from caseworks.access import privileged_cases_q

from .. import enums
from .base import CaseQuerySet
from .people import AsylumSeeker


class CaseFileQuerySet(CaseQuerySet):
    def visible_to(self, user):
        # A lawyer edition carries privileged notes: only the lawyers assigned to the case see
        # it, not even coordinators (caseworks.access.privileged_cases_q).
        return (
            super()
            .visible_to(user)
            .filter(
                ~Q(edition=enums.CaseFileEdition.LAWYER)
                | privileged_cases_q(user, seeker_path=self.seeker_path)
            )
        )

    def pending(self):
        return self.filter(status__in=[enums.CaseFileStatus.QUEUED, enums.CaseFileStatus.RENDERING])

    def with_downloads(self):
        """Annotate download_count, last_download_at and last_download_by from the access log.

        Subqueries, so a list stays one query; they go through the log's seeker_id index.
        """
        from caseworks.models import AccessLog

        downloads = AccessLog.objects.filter(
            action=AccessLog.Action.DOWNLOAD_CASEFILE,
            seeker_id=OuterRef("seeker_id"),
            object_type=CaseFile._meta.label,
            object_id=OuterRef("pk"),
        )
        latest = downloads.order_by("-at", "-pk")
        return self.annotate(
            download_count=Coalesce(
                Subquery(
                    downloads.order_by().values("object_id").annotate(n=Count("pk")).values("n")[:1]
                ),
                0,
            ),
            last_download_at=Subquery(latest.values("at")[:1]),
            last_download_by=Subquery(latest.values("user__username")[:1]),
        )


def casefile_path(instance: CaseFile, filename: str) -> str:
    # Random names: the stored name never tells whose file it is or which edition.
    return f"casefiles/{instance.seeker_id}/{secrets.token_hex(16)}.pdf"


class CaseFile(models.Model):
    """One request for a rendered PDF of a person's case file, and the file once it exists.

    The row is the truth, not the task queue: `cases.services.casefile_render` (run by the
    Celery task `cases.render_casefile`) claims a queued row by a conditional UPDATE, and
    `cases.services.casefile_sweep` (Celery beat) re-enqueues rows whose task was lost and
    re-queues or fails renders whose worker died.
    """

    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="casefiles")
    edition = models.CharField(_("edition"), max_length=20, choices=enums.CaseFileEdition.choices)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=enums.CaseFileStatus.choices,
        default=enums.CaseFileStatus.QUEUED,
    )
    # Stored through the default storage; never under a public URL (cases:casefile_download).
    file = models.FileField(_("file"), upload_to=casefile_path, max_length=200, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    size = models.PositiveBigIntegerField(_("size (bytes)"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    # When the row last entered the queue; the sweep re-enqueues rows queued too long.
    queued_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # Shown to users: a plain reason, never personal data or a traceback.
    error = models.CharField(_("reason"), max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    history = HistoricalRecords()

    objects = CaseFileQuerySet.as_manager()

    class Meta:
        verbose_name = _("case file")
        verbose_name_plural = _("case files")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            models.Index(fields=["seeker", "-requested_at"], name="casefile_seeker_recent"),
            # Read by cases.services.casefile_sweep: the unfinished requests.
            models.Index(
                fields=["status", "queued_at"],
                name="casefile_pending",
                condition=Q(status__in=["queued", "rendering"]),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="ready")
                | (Q(page_count__isnull=False, sha256__regex=r"^[0-9a-f]{64}$") & ~Q(file="")),
                name="casefile_ready_has_file",
                violation_error_message=_("A ready case file needs its file, pages and hash."),
            ),
            models.CheckConstraint(
                condition=~Q(status="rendering") | Q(started_at__isnull=False),
                name="casefile_rendering_has_start",
                violation_error_message=_("A case file being rendered needs its start time."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_edition_display()} — {self.get_status_display()}"

    @property
    def is_pending(self) -> bool:
        return self.status in (enums.CaseFileStatus.QUEUED, enums.CaseFileStatus.RENDERING)

    @property
    def is_ready(self) -> bool:
        return self.status == enums.CaseFileStatus.READY

    @property
    def is_failed(self) -> bool:
        return self.status == enums.CaseFileStatus.FAILED

    @property
    def download_name(self) -> str:
        """The name a browser saves it under: the reference, or the pseudonym when redacted."""
        redacted = self.edition == enums.CaseFileEdition.REDACTED
        ident = self.seeker.pseudonym if redacted else self.seeker.reference
        requested = timezone.localtime(self.requested_at)
        return f"casefile-{ident}-{self.edition}-{requested:%Y%m%d-%H%M}.pdf"
