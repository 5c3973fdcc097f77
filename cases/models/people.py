"""The person we help and the people around them."""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django_countries.fields import CountryField
from simple_history.models import HistoricalRecords

from caseworks.choices import FastChoiceDisplay

from .. import enums
from ..identifiers import format_a_number, search_key
from .base import CaseQuerySet


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


class AssignmentChange(models.Model):
    """Who was put on or taken off a case's caseworkers or lawyers: one row per change and
    role, never edited. Assignments decide who sees a case (caseworks.access), so each change
    is audited like a record: its history row holds the author and the time, and the case's
    History page (cases.history) and the dashboard's recent changes read it with the others.
    Written only by cases.services.seeker_assign / seeker_register. User ids, not names: the
    page names them as they are now (a renamed colleague is still recognised)."""

    seeker = models.ForeignKey(
        AsylumSeeker, on_delete=models.CASCADE, related_name="assignment_changes"
    )
    role = models.CharField(_("role"), max_length=20, choices=enums.AssignmentRole.choices)
    added = models.JSONField(_("added"), default=list, blank=True)  # user ids
    removed = models.JSONField(_("removed"), default=list, blank=True)  # user ids
    history = HistoricalRecords()

    objects = CaseQuerySet.as_manager()

    class Meta:
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"{self.role} +{self.added} -{self.removed}"


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
