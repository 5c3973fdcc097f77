from django.contrib.auth.models import AbstractUser
from django.db import models
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
