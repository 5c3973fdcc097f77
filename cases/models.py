"""The people we help and their legal process (DESIGN.md section 3, cases/).

Fields, constraints and reusable reads only. Every write goes through `cases.services`.
"""

from __future__ import annotations

import secrets
from datetime import date

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Count, F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from caseworks.access import filter_cases, privileged_cases_q
from caseworks.choices import FastChoiceDisplay

from . import enums
from .deadlines import RULES
from .identifiers import format_a_number, search_key


class CaseQuerySet(models.QuerySet):
    """Rows that belong to one asylum seeker's case; `seeker_path` leads to the seeker."""

    seeker_path = "seeker__"

    def visible_to(self, user):
        return filter_cases(self, user, seeker_path=self.seeker_path)


class AsylumSeekerQuerySet(CaseQuerySet):
    seeker_path = ""


# Columns of AsylumSeeker derived from other rows and written only by the service that keeps
# them (`detained_since`: detention.services; `next_file_by`: cases.deadline_services). A full
# save() of a loaded person leaves them alone (AsylumSeeker.save).
DERIVED_FIELDS = ("detained_since", "next_file_by")


def new_pseudonym() -> str:
    # Stable for the life of the record; no relation to the name or A-number.
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "P-" + "".join(secrets.choice(alphabet) for _ in range(6))


class AsylumSeeker(FastChoiceDisplay, models.Model):
    reference = models.CharField(
        _("case reference"),
        max_length=20,
        unique=True,
        editable=False,
        help_text=_("Internal reference, assigned when the case is registered."),
    )
    pseudonym = models.CharField(
        _("pseudonym"),
        max_length=12,
        unique=True,
        default=new_pseudonym,
        editable=False,
        help_text=_("Shown instead of the name in redacted files and to flight monitors."),
    )
    name_original = models.CharField(
        _("name in original script"),
        max_length=200,
        blank=True,
        help_text=_("As written in the person's own script, e.g. Cyrillic."),
    )
    name_latin = models.CharField(_("name in Latin letters"), max_length=200)
    aliases = models.TextField(
        _("aliases and other spellings"), blank=True, help_text=_("One per line.")
    )
    search_text = models.TextField(editable=False, default="", db_index=False)
    date_of_birth = models.DateField(_("date of birth"), null=True, blank=True)
    nationality = CountryField(_("country of nationality"), blank=True)
    home_region = models.CharField(_("home region"), max_length=120, blank=True)
    home_city = models.CharField(_("home city"), max_length=120, blank=True)
    languages = models.CharField(
        _("languages"), max_length=200, blank=True, help_text=_("E.g. Russian, English (basic).")
    )
    a_number = models.CharField(
        _("A-number"),
        max_length=9,
        null=True,
        blank=True,
        unique=True,
        help_text=_("Alien registration number; stored as 9 digits."),
    )
    entry_date = models.DateField(_("date of last arrival"), null=True, blank=True)
    entry_place = models.CharField(_("port of entry / place"), max_length=120, blank=True)
    entry_method = models.CharField(
        _("how they entered"), max_length=20, choices=enums.EntryMethod.choices, blank=True
    )
    custody_status = models.CharField(
        _("custody status"),
        max_length=20,
        choices=enums.CustodyStatus.choices,
        default=enums.CustodyStatus.DETAINED,
        db_index=True,
    )
    # Meets the one-year deadline (cases.deadline_services.plan_for_seeker).
    asylum_application_filed_on = models.DateField(
        _("asylum application (I-589) filed on"), null=True, blank=True
    )
    caseworkers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="casework_cases",
        blank=True,
        verbose_name=_("caseworkers"),
    )
    lawyers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        related_name="lawyer_cases",
        blank=True,
        verbose_name=_("lawyers"),
    )
    external_counsel = models.CharField(
        _("outside counsel"),
        max_length=200,
        blank=True,
        help_text=_("A lawyer who represents the person but has no account here."),
    )
    notes = models.TextField(_("notes"), blank=True)
    closed_on = models.DateField(_("case closed on"), null=True, blank=True)
    # Derived, never typed: the first day of the current uninterrupted detention (None = not
    # held), by the rule of detention.periods.detained_since. Written only by
    # detention.services, in the transaction that changes a stay; read by the people list
    # (days detained, "longest detained" sort) and the dashboard, through the index below.
    detained_since = models.DateField(_("detained since"), null=True, editable=False)
    # Derived, never typed: the earliest "file by" date of the person's open deadlines (None =
    # none open). Written only by cases.deadline_services.refresh_next_file_by, in the
    # transaction of every write to a deadline; read by the people list's "next deadline"
    # column, sort and "deadline within N days" filter (cases.filters), through the index below.
    next_file_by = models.DateField(_("next file-by date"), null=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # Derived columns have no history of their own: the stays and deadlines they come from have.
    history = HistoricalRecords(excluded_fields=["search_text", *DERIVED_FIELDS])

    objects = AsylumSeekerQuerySet.as_manager()

    class Meta:
        verbose_name = _("asylum seeker")
        verbose_name_plural = _("asylum seekers")
        ordering = ["name_latin", "pk"]
        indexes = [
            # The people list's default order (cases.filters.SORTS["name"]): a page is an
            # index range, not a sort of every case.
            models.Index(fields=["name_latin", "id"], name="seeker_name_order"),
            # "Longest detained": the dashboard section and the list sort (cases.queries). The
            # id makes a lawyer's count of that section an index-only scan joined to their
            # assignments, not a read of every person's whole row.
            models.Index(
                fields=["detained_since", "name_latin", "id"], name="seeker_detained_since"
            ),
            # "Next deadline": the list sort's exact order (cases.filters.SORTS["deadline"]);
            # ascending B-tree order puts NULLs (no open deadline) last, as the sort does.
            models.Index(fields=["next_file_by", "name_latin", "id"], name="seeker_next_file_by"),
            # The nationality filter and its choices (cases.queries.nationalities): a skip-scan
            # for users who see every case; for a lawyer, with the id, an index-only scan
            # joined to their assignments (the planner also counts their list through it).
            models.Index(fields=["nationality", "id"], name="seeker_nationality"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(a_number__isnull=True) | Q(a_number__regex=r"^[0-9]{9}$"),
                name="seeker_a_number_nine_digits",
                violation_error_message=_("An A-number is stored as exactly 9 digits."),
            ),
        ]

    def __str__(self) -> str:
        return self.name_latin

    def __repr__(self) -> str:
        # Reprs end up in logs, tracebacks and debug output: no name there.
        return f"<AsylumSeeker {self.reference or self.pk}>"

    def save(self, *args, **kwargs):
        # The search column is derived from the names, so it can never drift from them.
        self.search_text = search_key(self.name_latin, self.name_original, self.aliases)
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and {"name_latin", "name_original", "aliases"} & set(
            update_fields
        ):
            kwargs["update_fields"] = {*update_fields, "search_text"}
        elif update_fields is None and not self._state.adding and not kwargs.get("force_insert"):
            # A full save of a loaded row (the admin) must not write back a derived column
            # read before a stay or a deadline changed: only their services write them.
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in DERIVED_FIELDS
            ]
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("cases:seeker_detail", args=[self.reference])

    @property
    def a_number_display(self) -> str:
        return format_a_number(self.a_number)

    @property
    def alias_list(self) -> list[str]:
        return [line.strip() for line in self.aliases.splitlines() if line.strip()]

    @property
    def is_represented(self) -> bool:
        """Represented = a lawyer assigned here, or outside counsel recorded.

        Uses the prefetched `lawyers` when a view prefetched them, so lists stay one query.
        """
        return bool(self.external_counsel) or bool(self.lawyers.all())


class ContactPerson(FastChoiceDisplay, models.Model):
    """Family and other contact persons: never shown in redacted editions or to monitors."""

    seeker = models.ForeignKey(
        AsylumSeeker, on_delete=models.CASCADE, related_name="contact_persons"
    )
    name = models.CharField(_("name"), max_length=200)
    relationship = models.CharField(
        _("relationship"), max_length=20, choices=enums.Relationship.choices
    )
    phone = models.CharField(_("phone"), max_length=60, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("contact person")
        verbose_name_plural = _("contact persons")
        ordering = ["name", "pk"]

    def __str__(self) -> str:
        return self.name


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


class DeadlineQuerySet(CaseQuerySet):
    def open(self):
        return self.filter(status=enums.DeadlineStatus.OPEN)

    def due_before(self, day: date):
        return self.filter(due_date__lte=day)


class Deadline(FastChoiceDisplay, models.Model):
    """A legal deadline. Computed ones come from `cases.deadlines` via a service; the rule,
    trigger and dates are copied onto the row so that a later rule change never silently
    moves a deadline someone already planned around."""

    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="deadlines")
    rule = models.CharField(_("rule"), max_length=40, blank=True, help_text=_("Empty = manual."))
    title = models.CharField(_("title"), max_length=200)
    trigger_date = models.DateField(_("trigger date"), null=True, blank=True)
    due_date = models.DateField(_("legal due date"))
    file_by = models.DateField(_("file by"))
    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    appeal = models.ForeignKey(
        Appeal, on_delete=models.CASCADE, null=True, blank=True, related_name="deadlines"
    )
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=enums.DeadlineStatus.choices,
        default=enums.DeadlineStatus.OPEN,
    )
    completed_on = models.DateField(_("filed / closed on"), null=True, blank=True)
    note = models.TextField(_("note"), blank=True)
    history = HistoricalRecords()

    objects = DeadlineQuerySet.as_manager()

    class Meta:
        verbose_name = _("deadline")
        verbose_name_plural = _("deadlines")
        ordering = ["file_by", "pk"]
        indexes = [
            # Read by the dashboard and the alert sweep: open deadlines by date (the id
            # completes the dashboard's order: a day has a thousand deadlines at 50,000 cases).
            models.Index(
                fields=["file_by", "id"],
                name="deadline_open_file_by",
                condition=Q(status="open"),
            ),
            # A person's next open deadline: the people list's column, its "next deadline"
            # sort and its "deadline within N days" filter (cases.queries, cases.filters).
            models.Index(
                fields=["seeker", "file_by"],
                name="deadline_open_seeker",
                condition=Q(status="open"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(file_by__lte=F("due_date")),
                name="deadline_file_by_not_after_due",
                violation_error_message=_("'File by' cannot be after the legal due date."),
            ),
            # At most one computed deadline per source and rule: the sync in
            # cases.deadline_services updates that row instead of adding another.
            models.UniqueConstraint(
                fields=["hearing", "rule"],
                condition=Q(hearing__isnull=False, appeal__isnull=True) & ~Q(rule=""),
                name="deadline_one_per_hearing_rule",
            ),
            models.UniqueConstraint(
                fields=["appeal", "rule"],
                condition=Q(appeal__isnull=False) & ~Q(rule=""),
                name="deadline_one_per_appeal_rule",
            ),
            models.UniqueConstraint(
                fields=["seeker", "rule"],
                condition=Q(hearing__isnull=True, appeal__isnull=True) & ~Q(rule=""),
                name="deadline_one_per_seeker_rule",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.title} — {self.file_by:%Y-%m-%d}"

    @property
    def rule_info(self):
        """The rule (label, citation, notes) of a computed deadline; None for a manual one."""
        return RULES.get(self.rule)

    @property
    def is_open(self) -> bool:
        return self.status == enums.DeadlineStatus.OPEN


class ClosureDay(models.Model):
    """A day the court or the Board was closed (weather, emergency) on top of legal holidays.

    The deadline engine treats it like a holiday; `cases.deadline_services.closure_day_add`
    moves the open deadlines it affects.
    """

    date = models.DateField(_("date"), unique=True)
    reason = models.CharField(_("reason"), max_length=200)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("closure day")
        verbose_name_plural = _("closure days")
        ordering = ["-date"]

    def __str__(self) -> str:
        return f"{self.date:%Y-%m-%d} {self.reason}"


class AlertQuerySet(CaseQuerySet):
    def for_user(self, user):
        """A user's own alerts about cases they may still see (an unassigned lawyer's old
        alerts disappear with the case)."""
        return self.filter(recipient=user).visible_to(user)

    def unread(self):
        return self.filter(read_at__isnull=True)


class Alert(models.Model):
    """One alert for one recipient, created by the sweep (`cases.alerts.sweep`).

    Exactly once: the sweep inserts with ON CONFLICT DO NOTHING against `alert_once`, and the
    send task (`cases.alert_services.alert_send`) claims the row by a conditional UPDATE and
    stamps `sent_at` only after the mail server accepted the message.
    """

    kind = models.CharField(_("kind"), max_length=30, choices=enums.AlertKind.choices)
    # What it is about, as "<type>:<id>[:<detail>]", e.g. "deadline:12:2025-07-31". The date in
    # a deadline subject makes a moved deadline alert again at its new thresholds.
    subject = models.CharField(_("subject"), max_length=80)
    threshold = models.SmallIntegerField(_("threshold"), default=0)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alerts"
    )
    seeker = models.ForeignKey(AsylumSeeker, on_delete=models.CASCADE, related_name="alerts")
    deadline = models.ForeignKey(
        Deadline, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    hearing = models.ForeignKey(
        Hearing, on_delete=models.CASCADE, null=True, blank=True, related_name="alerts"
    )
    due_on = models.DateField(_("date concerned"), null=True, blank=True)
    urgent = models.BooleanField(_("urgent"), default=False)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    email_status = models.CharField(
        _("email"),
        max_length=20,
        choices=enums.EmailStatus.choices,
        default=enums.EmailStatus.PENDING,
    )
    # Delivery bookkeeping, read by cases.alerts._enqueue_unsent and alert_send.
    queued_at = models.DateTimeField(null=True, blank=True)
    sending_since = models.DateTimeField(null=True, blank=True)
    claim_token = models.CharField(max_length=32, blank=True)
    sent_at = models.DateTimeField(_("emailed"), null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    last_error = models.CharField(max_length=200, blank=True)

    objects = AlertQuerySet.as_manager()

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "subject", "threshold", "recipient"], name="alert_once"
            ),
        ]
        indexes = [
            # The notification list, newest first. With the id: one sweep stamps all its alerts
            # with one created_at, so without it the page was a sort of all the user's alerts.
            models.Index(fields=["recipient", "-created_at", "-id"], name="alert_recipient_recent"),
            # The unread badge on every page: one COUNT on this index.
            models.Index(
                fields=["recipient"], condition=Q(read_at__isnull=True), name="alert_unread"
            ),
            # The sweep's re-enqueue of unsent email.
            models.Index(
                fields=["queued_at"],
                condition=Q(email_status="pending"),
                name="alert_email_pending",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.subject} {self.threshold}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarFeed(models.Model):
    """A user's private iCalendar feed; the token in its URL is the only credential.

    Regenerating the token (`cases.alert_services.calendar_feed_regenerate`) revokes the old URL.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    token = models.CharField(max_length=64, unique=True, default=new_calendar_token)
    issued_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")

    def __str__(self) -> str:
        return str(self.user)


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
