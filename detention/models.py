"""ICE detention locations and the time our people spend in them (DESIGN.md section 3)."""

from __future__ import annotations

from datetime import date

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from cases.models import AsylumSeeker, CaseQuerySet
from caseworks.choices import FastChoiceDisplay

from .enums import StayEndReason


class Facility(models.Model):
    """An ICE detention location, keyed by its ICE location code (e.g. IRADFCA)."""

    code = models.CharField(_("location code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=200)
    address = models.CharField(_("address"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=100, blank=True)
    county = models.CharField(_("county"), max_length=100, blank=True)
    state = models.CharField(_("state"), max_length=2, blank=True, db_index=True)
    zip_code = models.CharField(_("ZIP code"), max_length=10, blank=True)
    circuit = models.PositiveSmallIntegerField(
        _("federal circuit"),
        null=True,
        blank=True,
        help_text=_("Decides the court of appeals for a petition for review."),
    )
    aor = models.CharField(_("ICE area of responsibility"), max_length=10, blank=True)
    type = models.CharField(_("type"), max_length=40, blank=True)
    type_detailed = models.CharField(_("type (detailed)"), max_length=40, blank=True)
    operator = models.CharField(_("operator"), max_length=200, blank=True)
    average_stay_days = models.DecimalField(
        _("average length of stay (days, FY18)"),
        max_digits=7,
        decimal_places=2,
        null=True,
        blank=True,
    )

    class Meta:
        verbose_name = _("facility")
        verbose_name_plural = _("facilities")
        ordering = ["name", "code"]
        constraints = [
            models.CheckConstraint(
                condition=Q(circuit__isnull=True) | Q(circuit__gte=1, circuit__lte=11),
                name="facility_circuit_1_to_11",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("detention:facility_detail", args=[self.code])


class DetentionStayQuerySet(CaseQuerySet):
    def current(self):
        return self.filter(ended_on__isnull=True)


class DetentionStay(FastChoiceDisplay, models.Model):
    """One continuous stay in one facility. A transfer ends one stay and opens the next;
    the current location and days in detention are derived from these rows."""

    seeker = models.ForeignKey(
        AsylumSeeker, on_delete=models.CASCADE, related_name="detention_stays"
    )
    facility = models.ForeignKey(Facility, on_delete=models.PROTECT, related_name="stays")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("until"), null=True, blank=True)
    end_reason = models.CharField(
        _("how it ended"), max_length=20, choices=StayEndReason.choices, blank=True
    )
    # Filled on the stay a transfer opens.
    transfer_reason = models.CharField(_("reason for transfer"), max_length=200, blank=True)
    transfer_notice_given = models.BooleanField(
        _("notice of transfer given"), null=True, blank=True
    )
    history = HistoricalRecords()

    objects = DetentionStayQuerySet.as_manager()

    class Meta:
        verbose_name = _("detention stay")
        verbose_name_plural = _("detention stays")
        ordering = ["started_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True) | Q(ended_on__gte=F("started_on")),
                name="stay_ends_after_start",
                violation_error_message=_("A stay cannot end before it starts."),
            ),
            models.UniqueConstraint(
                fields=["seeker"],
                condition=Q(ended_on__isnull=True),
                name="one_open_stay_per_person",
                violation_error_message=_("This person already has an open detention stay."),
            ),
        ]
        indexes = [
            models.Index(fields=["facility", "ended_on"], name="stay_facility_open"),
            # Where a lawyer's people are held now (the people list's facility choices,
            # cases.filters._facilities): an index-only scan joined to their assignments.
            models.Index(
                fields=["seeker", "facility"],
                condition=Q(ended_on__isnull=True),
                name="stay_open_seeker_facility",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.facility.code} {self.started_on:%Y-%m-%d}"

    def days(self, today: date) -> int:
        """Days held, counting the first day and, for an open stay, today."""
        end = self.ended_on or today
        return (end - self.started_on).days + 1
