"""The people list's search, filters and sorting (django-filter); all state lives in the URL.

Every choice offered is scoped to the cases the user may see: a lawyer's facility, nationality,
caseworker and lawyer lists name only what is on their own cases.
"""

from __future__ import annotations

from datetime import timedelta

import django_filters
from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Exists, F, OuterRef, QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from caseworks.access import CaseScope, case_scope, filter_cases
from caseworks.skipscan import in_distinct_values
from caseworks.widgets import FastSelect
from detention.models import DetentionStay, Facility

from . import enums
from .models import AsylumSeeker
from .queries import has_lawyer, nationalities, seeker_search

SORTS = {
    "name": (_("Name"), [F("name_latin").asc(), F("pk").asc()]),
    "reference": (_("Case reference"), [F("reference").asc()]),
    "detained": (
        _("Longest detained"),
        [F("detained_since").asc(nulls_last=True), F("name_latin").asc()],
    ),
    "entry": (_("Most recent arrival"), [F("entry_date").desc(nulls_last=True), F("pk").asc()]),
    # The order of the seeker_next_file_by index: a page is an index range.
    "deadline": (
        _("Next deadline"),
        [F("next_file_by").asc(nulls_last=True), F("name_latin").asc(), F("pk").asc()],
    ),
}


def _visible(request):
    return AsylumSeeker.objects.visible_to(request.user)


def _facilities(request):
    held = DetentionStay.objects.visible_to(request.user).filter(ended_on__isnull=True)
    return Facility.objects.filter(pk__in=held.values("facility_id")).order_by("name")


def _assigned(through, request) -> QuerySet:
    """Users assigned through `through` (a seeker<->user M2M table) to a case the user sees.

    For users who see every case: one probe of the table's user index per assigned user
    (caseworks.skipscan), as a subquery. Otherwise EXISTS over their cases' assignments.
    Never a DISTINCT over the join of users and every assignment.
    """
    users = get_user_model().objects
    if case_scope(request.user) is CaseScope.ALL:
        return users.filter(pk__in=in_distinct_values(through, "user"))
    assignments = filter_cases(
        through.objects.filter(user=OuterRef("pk")), request.user, seeker_path="asylumseeker__"
    )
    return users.filter(Exists(assignments))


def _caseworkers(request):
    return _assigned(AsylumSeeker.caseworkers.through, request)


def _lawyers(request):
    return _assigned(AsylumSeeker.lawyers.through, request)


class _FacilityOptions(django_filters.fields.ModelChoiceIterator):
    """The facility filter's ~1,500 options as (id, label) straight from `values_list`: no
    Facility object per option. The label is Facility.__str__'s, "name (code)"."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, name, code in self.queryset.values_list("pk", "name", "code"):
            yield (pk, f"{name} ({code})")


class _FacilityField(django_filters.fields.ModelChoiceField):
    iterator = _FacilityOptions


class _FacilityFilter(django_filters.ModelChoiceFilter):
    field_class = _FacilityField


class SeekerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Name, alias, A-number or reference"), method="filter_q")
    custody_status = django_filters.ChoiceFilter(
        label=_("Custody"), choices=enums.CustodyStatus.choices, empty_label=_("Any")
    )
    facility = _FacilityFilter(
        label=_("Held now at"),
        queryset=_facilities,
        method="filter_facility",
        empty_label=_("Any facility"),
        # ~1,500 options: rendered in one pass, not one template per option.
        widget=FastSelect,
    )
    nationality = django_filters.ChoiceFilter(label=_("Nationality"), empty_label=_("Any"))
    caseworker = django_filters.ModelChoiceFilter(
        label=_("Caseworker"), queryset=_caseworkers, field_name="caseworkers", empty_label=_("Any")
    )
    lawyer = django_filters.ModelChoiceFilter(
        label=_("Lawyer"), queryset=_lawyers, field_name="lawyers", empty_label=_("Any")
    )
    deadline_within = django_filters.NumberFilter(
        label=_("Deadline within (days)"),
        method="filter_deadline_within",
        min_value=0,
        max_value=3650,
    )
    no_lawyer = django_filters.BooleanFilter(
        label=_("No lawyer (pro se)"),
        method="filter_no_lawyer",
        widget=forms.CheckboxInput,
    )
    sort = django_filters.ChoiceFilter(
        label=_("Sort by"),
        choices=[(key, label) for key, (label, _order) in SORTS.items()],
        method="filter_sort",
        empty_label=None,
    )

    class Meta:
        model = AsylumSeeker
        fields: list[str] = []

    def __init__(self, data=None, *args, request=None, **kwargs):
        super().__init__(data, *args, request=request, **kwargs)
        # countries.name() per code found, not dict(countries): that translates all 250.
        self.filters["nationality"].extra["choices"] = sorted(
            ((code, countries.name(code) or code) for code in nationalities(request.user)),
            key=lambda c: c[1],
        )

    def filter_q(self, queryset, name, value):
        return seeker_search(queryset, value)

    def filter_facility(self, queryset, name, value):
        # One filter() call, so both conditions apply to the same stay: the open one (at most
        # one per person, so the join never repeats a person).
        return queryset.filter(
            detention_stays__ended_on__isnull=True, detention_stays__facility=value
        )

    def filter_deadline_within(self, queryset, name, value):
        # An open deadline to file by `until` exists exactly when the earliest one is by then.
        until = timezone.localdate() + timedelta(days=int(value))
        return queryset.filter(next_file_by__lte=until)

    def filter_no_lawyer(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(~has_lawyer(), external_counsel="")

    def filter_sort(self, queryset, name, value):
        return queryset.order_by(*SORTS[value][1])

    @property
    def qs(self):
        queryset = super().qs
        if not self.form.cleaned_data.get("sort"):
            queryset = queryset.order_by(*SORTS["name"][1])
        return queryset
