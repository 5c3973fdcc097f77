"""What the case file holds: charges at home, contacts, documents, privileged notes."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from caseworks.choices import FastChoiceDisplay

from .. import enums
from .base import CaseQuerySet
from .people import AsylumSeeker
from .proceedings import Appeal, Hearing


class Statute(models.Model):
    """Reference list of home-country provisions used against activists."""

    country = CountryField(_("country"))
    code = models.CharField(_("code"), max_length=40, unique=True)
    title = models.CharField(_("title"), max_length=200)
    max_penalty = models.CharField(_("maximum penalty"), max_length=120, blank=True)

    class Meta:
        verbose_name = _("statute")
        verbose_name_plural = _("statutes")
        ordering = ["country", "code"]

    def __str__(self) -> str:
        return f"{self.code} — {self.title}"


class HomeCountryChargeQuerySet(CaseQuerySet):
    def not_in_record(self):
        return self.filter(in_record_hearing__isnull=True, in_record_appeal__isnull=True)


class HomeCountryCharge(FastChoiceDisplay, models.Model):
    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="charges")
    country = CountryField(_("country"))
    statute = models.ForeignKey(
        Statute, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("statute")
    )
    statute_text = models.CharField(_("statute (if not in the list)"), max_length=200, blank=True)
    description = models.TextField(_("description"), blank=True)
    opened_on = models.DateField(_("opened on"), null=True, blank=True)
    learned_on = models.DateField(_("we learned of it on"))
    learned_from = models.CharField(_("learned from"), max_length=200, blank=True)
    max_penalty = models.CharField(_("maximum penalty"), max_length=120, blank=True)
    status = models.CharField(
        _("status"),
        max_length=30,
        choices=enums.ChargeStatus.choices,
        default=enums.ChargeStatus.OPENED,
    )
    # Which record it was put before; both empty = the judges never saw it.
    in_record_hearing = models.ForeignKey(
        Hearing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="charges_in_record",
        verbose_name=_("in the record of hearing"),
    )
    in_record_appeal = models.ForeignKey(
        Appeal,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="charges_in_record",
        verbose_name=_("in the record of appeal"),
    )
    history = HistoricalRecords()

    objects = HomeCountryChargeQuerySet.as_manager()

    class Meta:
        verbose_name = _("home-country charge")
        verbose_name_plural = _("home-country charges")
        ordering = ["learned_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(opened_on__isnull=True) | Q(learned_on__gte=F("opened_on")),
                name="charge_learned_not_before_opened",
                violation_error_message=_("We cannot learn of a charge before it was opened."),
            ),
        ]

    def __str__(self) -> str:
        return str(self.statute or self.statute_text or self.get_status_display())

    @property
    def in_record(self) -> bool:
        return bool(self.in_record_hearing_id or self.in_record_appeal_id)


class ContactLog(FastChoiceDisplay, models.Model):
    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="contacts")
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("logged by"),
    )
    party = models.CharField(_("with"), max_length=20, choices=enums.ContactParty.choices)
    channel = models.CharField(_("how"), max_length=20, choices=enums.ContactChannel.choices)
    occurred_at = models.DateTimeField(_("when"), db_index=True)
    outcome = models.CharField(_("outcome"), max_length=20, choices=enums.ContactOutcome.choices)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact")
        verbose_name_plural = _("contact log")
        ordering = ["-occurred_at", "-pk"]
        indexes = [
            models.Index(fields=["seeker", "-occurred_at"], name="contact_seeker_recent"),
            # Read by the alert sweep once per detained person (cases.alert_kinds): the last
            # successful contact with the client, and the latest failed attempts. Partial, so
            # each is a probe of one to three index entries, not a filter over all contacts.
            models.Index(
                fields=["seeker", "-occurred_at", "-id"],
                condition=Q(party="client", outcome="reached"),
                name="contact_client_reached",
            ),
            models.Index(
                fields=["seeker", "-occurred_at"],
                condition=Q(party="client") & ~Q(outcome="reached"),
                name="contact_client_failed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_channel_display()} — {self.get_outcome_display()}"

    @property
    def successful(self) -> bool:
        return self.outcome == enums.ContactOutcome.REACHED


def document_path(instance: Document, filename: str) -> str:
    # Random names: the original name (which may hold a person's name) is kept in the row only.
    return f"documents/{instance.seeker_id}/{secrets.token_hex(16)}"


class Document(FastChoiceDisplay, models.Model):
    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="documents")
    file = models.FileField(_("file"), upload_to=document_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(max_length=100, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=enums.DocumentKind.choices)
    language = models.CharField(_("language"), max_length=60, blank=True)
    document_date = models.DateField(_("date of the document"), null=True, blank=True)
    translation_status = models.CharField(
        _("translation"),
        max_length=20,
        choices=enums.TranslationStatus.choices,
        default=enums.TranslationStatus.NOT_NEEDED,
    )
    include_in_casefile = models.BooleanField(_("include in the case file"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-uploaded_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class PrivilegedNote(models.Model):
    """Attorney-client privileged notes: only lawyers assigned to the case read them."""

    seeker = models.ForeignKey(
        AsylumSeeker, on_delete=models.CASCADE, related_name="privileged_notes"
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    text = models.TextField(_("note"))
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("privileged note")
        verbose_name_plural = _("privileged notes")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return str(_("Privileged note"))
