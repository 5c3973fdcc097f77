"""Removal flights, their legs, and removals of individual people (DESIGN.md section 3)."""

from __future__ import annotations

from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.models import AsylumSeeker, CaseQuerySet, Hearing

from . import enums


class Airport(models.Model):
    icao = models.CharField(_("ICAO code"), max_length=4, unique=True)
    iata = models.CharField(_("IATA code"), max_length=3, blank=True, db_index=True)
    name = models.CharField(_("name"), max_length=200, blank=True)
    city = models.CharField(_("city"), max_length=120, blank=True)
    region = models.CharField(_("region"), max_length=120, blank=True)
    country = CountryField(_("country"), blank=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)

    class Meta:
        verbose_name = _("airport")
        verbose_name_plural = _("airports")
        ordering = ["icao"]

    def __str__(self) -> str:
        return f"{self.icao} {self.city}".strip()


class Flight(models.Model):
    date = models.DateField(_("date"), db_index=True)
    flight_number = models.CharField(_("flight number / call sign"), max_length=20, blank=True)
    tail_number = models.CharField(_("tail number"), max_length=20, blank=True)
    operator = models.CharField(_("operator"), max_length=120, blank=True)
    owner = models.CharField(_("owner"), max_length=120, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=enums.FlightKind.choices, default=enums.FlightKind.UNKNOWN
    )
    boarded = models.PositiveIntegerField(_("people seen boarding"), null=True, blank=True)
    deplaned = models.PositiveIntegerField(
        _("people seen leaving the plane"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=enums.Source.choices)
    confidence = models.CharField(
        _("confidence"),
        max_length=20,
        choices=enums.Confidence.choices,
        default=enums.Confidence.UNVERIFIED,
    )
    notes = models.TextField(_("notes"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    # Identity of an imported observation (see deportation.observations); unique when set so a
    # re-import finds the same flight.
    import_key = models.CharField(
        max_length=200, null=True, blank=True, unique=True, editable=False
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("flight")
        verbose_name_plural = _("flights")
        ordering = ["-date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.flight_number or self.tail_number}".strip()

    def get_absolute_url(self) -> str:
        return reverse("deportation:flight_detail", args=[self.pk])


class FlightLeg(models.Model):
    flight = models.ForeignKey(Flight, on_delete=models.CASCADE, related_name="legs")
    order = models.PositiveSmallIntegerField(_("order"))
    origin = models.ForeignKey(
        Airport, on_delete=models.PROTECT, related_name="departures", verbose_name=_("from")
    )
    destination = models.ForeignKey(
        Airport, on_delete=models.PROTECT, related_name="arrivals", verbose_name=_("to")
    )
    departs_at = models.DateTimeField(_("departure"), null=True, blank=True)
    arrives_at = models.DateTimeField(_("arrival"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("flight leg")
        verbose_name_plural = _("flight legs")
        ordering = ["flight", "order"]
        constraints = [
            models.UniqueConstraint(fields=["flight", "order"], name="leg_order_unique"),
            models.CheckConstraint(
                condition=~Q(origin=F("destination")),
                name="leg_goes_somewhere",
                violation_error_message=_("A leg must go to another airport."),
            ),
            models.CheckConstraint(
                condition=Q(arrives_at__isnull=True)
                | Q(departs_at__isnull=True)
                | Q(arrives_at__gte=F("departs_at")),
                name="leg_arrives_after_departure",
                violation_error_message=_("A leg cannot arrive before it departs."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.origin.icao} → {self.destination.icao}"


class Removal(models.Model):
    """A person's removal. Flight monitors see it only under the seeker's pseudonym."""

    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="removals")
    final_order = models.ForeignKey(
        Hearing,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("final order executed"),
    )
    flight = models.ForeignKey(
        Flight, on_delete=models.SET_NULL, null=True, blank=True, related_name="removals"
    )
    removal_date = models.DateField(_("removal date"))
    destination_country = CountryField(_("destination country"), blank=True)
    route_summary = models.CharField(_("route"), max_length=200, blank=True)
    outcome = models.CharField(
        _("outcome on arrival"),
        max_length=30,
        choices=enums.ArrivalOutcome.choices,
        default=enums.ArrivalOutcome.UNKNOWN,
    )
    last_contact_on = models.DateField(_("last contact"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("removal")
        verbose_name_plural = _("removals")
        ordering = ["-removal_date", "pk"]

    def __str__(self) -> str:
        return f"{self.seeker.pseudonym} {self.removal_date:%Y-%m-%d}"
