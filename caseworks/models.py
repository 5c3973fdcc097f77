from __future__ import annotations

import secrets

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .enums import Role


class User(AbstractUser):
    """A staff member, volunteer, lawyer or flight monitor.

    `role` is the single source of truth for access (read only by `caseworks.access`);
    the matching auth Group carries the model permissions the admin needs and is kept in
    step by `caseworks.services.user_set_role`.
    """

    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.CASEWORKER)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    # Read by the alert sweep (cases.alerts) and the send task; in-app alerts are always on.
    email_alerts = models.BooleanField(_("email me alerts"), default=True)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    @property
    def display_name(self) -> str:
        return str(self)


class AccessLog(models.Model):
    """Who looked at what: every case view, document download and case-file download.

    Append-only: written by `caseworks.audit.log_access`, never edited through the app
    (the admin shows it read-only to coordinators).
    """

    class Action(models.TextChoices):
        VIEW_CASE = "view_case", _("Viewed case")
        DOWNLOAD_DOCUMENT = "download_document", _("Downloaded document")
        DOWNLOAD_CASEFILE = "download_casefile", _("Downloaded case file")
        EXPORT = "export", _("Exported data")
        ERASE = "erase", _("Erased or anonymized")

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    user = models.ForeignKey(
        "caseworks.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    # The case it concerns; kept as plain ids so erasing a person keeps the trail.
    seeker_id = models.BigIntegerField(_("case id"), null=True, blank=True, db_index=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)
    object_id = models.BigIntegerField(_("object id"), null=True, blank=True)
    detail = models.CharField(_("detail"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("access log entry")
        verbose_name_plural = _("access log")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.user_id} {self.action}"


def data_export_path(instance: DataExport, filename: str) -> str:
    # A random name: the file holds everything about one person.
    return f"exports/{secrets.token_hex(16)}.zip"


class DataExport(models.Model):
    """A data-subject export: everything about one person in a zip (cases.privacy).

    Built by a Celery task, downloaded by a coordinator (each download is an EXPORT row in
    the access log), deleted after settings.DATA_EXPORT_KEEP_DAYS and on erasure.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        BUILDING = "building", _("Being built")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")
        EXPIRED = "expired", _("Deleted")

    # A plain id like AccessLog.seeker_id; cases.privacy.seeker_erase deletes these rows.
    seeker_id = models.BigIntegerField(_("case id"), db_index=True)
    requested_by = models.ForeignKey(
        "caseworks.User", on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    file = models.FileField(_("file"), upload_to=data_export_path, max_length=200, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    # When the build task was last sent; caseworks.queueing.requeue_lost sends it again when
    # the row is still queued long after (the broker lost the message).
    queued_at = models.DateTimeField(default=timezone.now)
    # Stamped by the task's claim (queued -> building); caseworks.queueing.recover_stalled
    # queues a row still building DATA_EXPORT_TIMEOUT later again (its worker died), and
    # fails it after QUEUED_WORK_MAX_ATTEMPTS starts with the reason in `error`.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Shown on the export page: a plain reason, never personal data.
    error = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("data-subject export")
        verbose_name_plural = _("data-subject exports")
        ordering = ["-requested_at", "-pk"]
        indexes = [
            # caseworks.queueing.requeue_lost, each minute: only the few waiting rows.
            models.Index(
                fields=["queued_at"], condition=Q(status="queued"), name="dataexport_waiting"
            ),
            # caseworks.queueing.recover_stalled, each minute: only the few building rows.
            models.Index(
                fields=["started_at"], condition=Q(status="building"), name="dataexport_building"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.requested_at:%Y-%m-%d %H:%M} {self.get_status_display()}"
