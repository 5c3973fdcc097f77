"""Before the judge and the Board: hearings, appeals, motions and petitions."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from caseworks.choices import FastChoiceDisplay

from .. import enums
from .base import CaseQuerySet
from .people import AsylumSeeker


class Hearing(FastChoiceDisplay, models.Model):
    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="hearings")
    kind = models.CharField(_("kind"), max_length=20, choices=enums.HearingKind.choices)
    court = models.CharField(_("immigration court"), max_length=120, blank=True)
    judge = models.CharField(_("immigration judge"), max_length=120, blank=True)
    # Court dates are dates in the court's calendar; the time is local to the court.
    date = models.DateField(_("hearing date"), db_index=True)
    time = models.TimeField(_("time"), null=True, blank=True)
    interpreter_language = models.CharField(_("interpreter language"), max_length=60, blank=True)
    represented = models.BooleanField(_("represented at this hearing"), default=False)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=enums.HearingOutcome.choices,
        default=enums.HearingOutcome.PENDING,
    )
    decision_date = models.DateField(_("decision date"), null=True, blank=True)
    service_method = models.CharField(
        _("decision served"), max_length=20, choices=enums.ServiceMethod.choices, blank=True
    )
    served_on = models.DateField(
        _("served / mailed on"),
        null=True,
        blank=True,
        help_text=_("For a written decision: the date it was mailed or served electronically."),
    )
    credibility = models.CharField(
        _("credibility finding"), max_length=20, choices=enums.Credibility.choices, blank=True
    )
    # A grant starts the voluntary-departure deadline from the decision date
    # (cases.deadline_services.plan_for_hearing); empty = not granted.
    voluntary_departure_days = models.PositiveSmallIntegerField(
        _("voluntary departure granted (days)"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(120)],
        help_text=_(
            "Empty if not granted. Up to 120 days before the end of proceedings, 60 at the end."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("hearing")
        verbose_name_plural = _("hearings")
        ordering = ["date", "time", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decision_date__isnull=True) | Q(decision_date__gte=F("date")),
                name="hearing_decision_not_before_hearing",
                violation_error_message=_("The decision date cannot be before the hearing."),
            ),
            models.CheckConstraint(
                condition=Q(served_on__isnull=True)
                | Q(decision_date__isnull=False, served_on__gte=F("decision_date")),
                name="hearing_served_not_before_decision",
                violation_error_message=_("A decision cannot be served before it is made."),
            ),
            models.CheckConstraint(
                condition=Q(voluntary_departure_days__isnull=True)
                | Q(decision_date__isnull=False, voluntary_departure_days__range=(1, 120)),
                name="hearing_voluntary_departure_granted",
                violation_error_message=_(
                    "Voluntary departure needs the decision date and a period of 1 to 120 days."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.date:%Y-%m-%d}"

    def get_absolute_url(self) -> str:
        return f"{self.seeker.get_absolute_url()}#hearing-{self.pk}"


class Appeal(FastChoiceDisplay, models.Model):
    """An appeal, motion, petition for review or stay request."""

    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="appeals")
    kind = models.CharField(_("kind"), max_length=20, choices=enums.AppealKind.choices)
    hearing = models.ForeignKey(
        Hearing,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="appeals",
        verbose_name=_("decision attacked (hearing)"),
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("decision attacked (appeal or motion)"),
    )
    filed_on = models.DateField(_("filed on"), null=True, blank=True)
    court = models.CharField(_("court / board"), max_length=120, blank=True)
    circuit = models.PositiveSmallIntegerField(
        _("federal circuit"),
        null=True,
        blank=True,
        help_text=_(
            "For a petition for review: the circuit where the judge completed proceedings."
        ),
    )
    briefing_schedule_on = models.DateField(_("briefing schedule issued"), null=True, blank=True)
    brief_extension_days = models.PositiveSmallIntegerField(
        _("briefing extension granted (days)"),
        default=0,
        validators=[MaxValueValidator(90)],
        help_text=_("Days the Board added to the briefing schedule; 0 if none."),
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    served_on = models.DateField(_("decision mailed / served on"), null=True, blank=True)
    outcome = models.CharField(
        _("outcome"),
        max_length=20,
        choices=enums.AppealOutcome.choices,
        default=enums.AppealOutcome.PENDING,
    )
    changed_circumstances = models.BooleanField(
        _("based on changed country conditions"),
        default=False,
        help_text=_(
            "A motion to reopen on new, previously unavailable evidence has no 90-day limit."
        ),
    )
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("appeal or motion")
        verbose_name_plural = _("appeals and motions")
        ordering = ["filed_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(decided_on__isnull=True)
                | Q(filed_on__isnull=True)
                | Q(decided_on__gte=F("filed_on")),
                name="appeal_decided_not_before_filed",
                violation_error_message=_("An appeal cannot be decided before it was filed."),
            ),
            models.CheckConstraint(
                condition=Q(circuit__isnull=True) | Q(circuit__gte=1, circuit__lte=11),
                name="appeal_circuit_1_to_11",
                violation_error_message=_("The immigration circuits are numbered 1 to 11."),
            ),
        ]
        indexes = [
            # What stays removal (cases.alert_kinds.final_order_alerts asks for every open
            # case): without it the sweep read all appeals through the seeker index.
            models.Index(
                fields=["seeker"],
                condition=Q(kind=enums.AppealKind.BIA_APPEAL, outcome=enums.AppealOutcome.PENDING)
                | Q(kind=enums.AppealKind.STAY, outcome=enums.AppealOutcome.GRANTED),
                name="appeal_stays_removal",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.get_outcome_display()})"

    def get_absolute_url(self) -> str:
        return f"{self.seeker.get_absolute_url()}#appeal-{self.pk}"
