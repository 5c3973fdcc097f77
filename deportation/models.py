"""Removal flights, their legs, and removals of individual people (DESIGN.md section 3)."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from cases.models import AsylumSeeker, CaseQuerySet, Hearing
from caseworks.access import filter_removals

from . import enums
from .routes import ARROW


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
    # A second source some logs carry (the City Passenger Report of the observation logs).
    reported_boarded = models.PositiveIntegerField(
        _("boarding, official passenger report"), null=True, blank=True
    )
    reported_deplaned = models.PositiveIntegerField(
        _("leaving the plane, official passenger report"), null=True, blank=True
    )
    source = models.CharField(_("source"), max_length=20, choices=enums.Source.choices)
    confidence = models.CharField(
        _("confidence"),
        max_length=20,
        choices=enums.Confidence.choices,
        default=enums.Confidence.UNVERIFIED,
    )
    notes = models.TextField(_("notes"), blank=True)
    # The observers' own words from an imported log; kept apart from `notes` so that a newer
    # export of the log never overwrites what a monitor wrote (deportation.importers).
    observations = models.TextField(_("observations in the source log"), blank=True)
    link = models.URLField(_("link"), max_length=500, blank=True)
    # Derived from the legs by services.flight_set_legs, never typed (see deportation.routes);
    # stored so the list filter and the dashboard group in SQL.
    origin_country = CountryField(_("origin country"), blank=True, editable=False)
    destination_country = CountryField(
        _("destination country"), blank=True, editable=False, db_index=True
    )
    route = models.CharField(_("route"), max_length=200, blank=True, editable=False)
    # "EG,TR": counted per country by deportation.queries (grouped in SQL, split per group).
    transit_countries = models.CharField(
        _("transit countries"), max_length=100, blank=True, editable=False
    )
    # Identity of an imported observation: "<date>|<flight number>" (Observation.identity_key);
    # unique when set so a re-import finds the same flight. The export date says which export
    # the imported fields come from: only a newer export may change them (importers.py).
    import_key = models.CharField(
        max_length=200, null=True, blank=True, unique=True, editable=False
    )
    import_export_date = models.DateField(
        _("imported from the export of"), null=True, editable=False
    )
    imported_from = models.CharField(_("imported from"), max_length=200, blank=True, editable=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("flight")
        verbose_name_plural = _("flights")
        ordering = ["-date", "pk"]
        indexes = [
            # The flight list's operator filter and the dashboard's operator chart.
            models.Index(fields=["operator", "date"], name="flight_operator_date"),
        ]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.flight_number or self.tail_number}".strip()

    def get_absolute_url(self) -> str:
        return reverse("deportation:flight_detail", args=[self.pk])

    # Read from prefetched legs (legs__origin, legs__destination), so lists stay constant.
    @property
    def airport_route(self) -> str:
        legs = list(self.legs.all())
        if not legs:
            return ""
        return ARROW.join([legs[0].origin.icao] + [leg.destination.icao for leg in legs])

    @property
    def transit_country_list(self) -> list[str]:
        return [code for code in self.transit_countries.split(",") if code]


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


class RemovalQuerySet(CaseQuerySet):
    def visible_in_flight_area(self, user):
        """What the flight area may list for `user` (it shows pseudonyms only)."""
        return filter_removals(self, user)


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

    objects = RemovalQuerySet.as_manager()

    class Meta:
        verbose_name = _("removal")
        verbose_name_plural = _("removals")
        ordering = ["-removal_date", "pk"]
        indexes = [models.Index(fields=["removal_date"], name="removal_date")]

    def __str__(self) -> str:
        return f"{self.seeker.pseudonym} {self.removal_date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return reverse("deportation:removal_detail", args=[self.pk])

    def clean(self):
        if self.final_order_id and self.final_order.seeker_id != self.seeker_id:
            raise ValidationError(
                {"final_order": _("The final order must be a hearing of the same person.")}
            )


class RemovalFollowUp(models.Model):
    """What was learned about a removed person later (flight monitors write these too)."""

    removal = models.ForeignKey(Removal, on_delete=models.CASCADE, related_name="follow_ups")
    date = models.DateField(_("date"))
    status = models.CharField(_("status"), max_length=20, choices=enums.FollowUpStatus.choices)
    note = models.TextField(
        _("note"),
        blank=True,
        help_text=_("Flight monitors read this: no names, phone numbers or places of hiding."),
    )
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("follow-up")
        verbose_name_plural = _("follow-ups")
        ordering = ["-date", "-pk"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.get_status_display()}"


def import_upload_path(instance: FlightImport, filename: str) -> str:
    # A random name: the uploaded file's own name is kept in the row only.
    return f"flight-imports/{secrets.token_hex(16)}.csv"


class FlightImport(models.Model):
    """One uploaded observation log and its import run (the report the page shows).

    Written by the upload view (queued), then by the task `deportation.import_flight_log`
    (running -> done / rejected / failed). The file stays in private storage.
    """

    file = models.FileField(_("file"), upload_to=import_upload_path, max_length=200)
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(max_length=64, blank=True)
    observed_at = models.CharField(
        _("airport where the flights were observed"),
        max_length=4,
        help_text=_("ICAO code, e.g. KYKM for Yakima."),
    )
    export_date = models.DateField(_("export date"), null=True, blank=True)
    dry_run = models.BooleanField(_("preview only"), default=False)
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=enums.ImportStatus.choices,
        default=enums.ImportStatus.QUEUED,
    )
    report = models.JSONField(_("report"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,  # a command or the demo seeder imports without a user
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # When the import task was last sent; caseworks.queueing.requeue_lost sends it again when
    # the row is still queued long after (the broker lost the message).
    queued_at = models.DateTimeField(default=timezone.now)
    # Stamped by the task's claim (queued -> running); caseworks.queueing.recover_stalled
    # queues a row still running FLIGHT_IMPORT_TIMEOUT later again (its worker died), and
    # fails it after QUEUED_WORK_MAX_ATTEMPTS starts with the reason in `error`.
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    # Shown on the import's page: a plain reason, never the file's content.
    error = models.CharField(_("reason"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("flight log import")
        verbose_name_plural = _("flight log imports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            # caseworks.queueing.requeue_lost, each minute: only the few waiting rows.
            models.Index(
                fields=["queued_at"], condition=Q(status="queued"), name="flightimport_waiting"
            ),
            # caseworks.queueing.recover_stalled, each minute: only the few running rows.
            models.Index(
                fields=["started_at"], condition=Q(status="running"), name="flightimport_running"
            ),
        ]

    def __str__(self) -> str:
        return self.original_name

    def get_absolute_url(self) -> str:
        return reverse("deportation:import_detail", args=[self.pk])

    @property
    def finished(self) -> bool:
        return self.status not in (enums.ImportStatus.QUEUED, enums.ImportStatus.RUNNING)
