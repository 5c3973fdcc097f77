"""Removals of people and what happened to them after arrival.

The flight area shows a removed person only by the seeker's pseudonym, to every role: the
querysets here annotate `person` (the pseudonym) and never hand the seeker to a template.
Roles that see the case (caseworkers, coordinators) get a link to the case page and the
case-side fields (final order, notes); flight monitors change only the flight link, the
outcome, the last contact and follow-ups (caseworks.access.can_see_person_identity).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from cases.models import AsylumSeeker
from caseworks.access import (
    FLIGHT_ROLES,
    REMOVAL_RECORD_ROLES,
    can_see_person_identity,
    get_visible_or_404,
    role_required,
)

from .. import queries, services
from ..enums import ArrivalOutcome
from ..forms import FollowUpForm, RemovalForm, RemovalTrackingForm, flight_ref
from ..models import Flight, Removal
from .flights import PAGE_SIZE, SEARCH_RESULTS, query_string_without_page


def _removal_or_404(request, pk: int) -> Removal:
    return get_object_or_404(queries.removals_in_flight_area(request.user), pk=pk)


def _seeker_of(removal: Removal) -> AsylumSeeker:
    # For access decisions and the case link only; never passed to a template.
    return AsylumSeeker.objects.only("pk", "reference").get(pk=removal.seeker_id)


def _saved(form, call):
    """Run a service with the form's data; its validation errors go back onto the form."""
    try:
        return call()
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
@role_required(*REMOVAL_RECORD_ROLES)
def removal_create(request, reference: str):
    """Record a person's removal; linked from the person page (by the case reference)."""
    seeker = get_visible_or_404(AsylumSeeker.objects.all(), request.user, reference=reference)
    today = timezone.localdate()
    initial = {"removal_date": today}
    flight = Flight.objects.filter(pk=request.GET.get("flight") or 0).first()
    if flight is not None:
        initial.update(flight=flight_ref(flight), destination_country=flight.destination_country)
    form = RemovalForm(request.POST or None, seeker=seeker, initial=initial)
    if request.method == "POST" and form.is_valid():
        removal = _saved(
            form,
            lambda: services.removal_record(
                seeker=seeker, by=request.user, today=today, **form.cleaned_data
            ),
        )
        if removal is not None:
            messages.success(request, _("Removal recorded."))
            return redirect(removal)
    return render(
        request,
        "deportation/removal_form.html",
        {"form": form, "pseudonym": seeker.pseudonym, "case_url": seeker.get_absolute_url()},
    )


@require_GET
@role_required(*FLIGHT_ROLES)
def removal_list(request):
    removals = queries.removals_in_flight_area(request.user).annotate(
        follow_up_count=Count("follow_ups")
    )
    outcome = request.GET.get("outcome", "")
    if outcome in ArrivalOutcome.values:
        removals = removals.filter(outcome=outcome)
    q = request.GET.get("q", "").strip()
    if q:
        removals = removals.filter(
            Q(seeker__pseudonym__iexact=q) | Q(flight__flight_number__iexact=q)
        )
    page = Paginator(removals.order_by("-removal_date", "-pk"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "deportation/removal_list.html",
        {
            "page": page,
            "outcomes": ArrivalOutcome.choices,
            "outcome": outcome,
            "q": q,
            "query_string": query_string_without_page(request),
        },
    )


@require_GET
@role_required(*FLIGHT_ROLES)
def removal_detail(request, pk: int):
    removal = _removal_or_404(request, pk)
    seeker = _seeker_of(removal)
    return render(
        request,
        "deportation/removal_detail.html",
        {
            "removal": removal,
            "follow_ups": removal.follow_ups.select_related("by"),
            "follow_up_form": FollowUpForm(today=timezone.localdate()),
            **_identity_context(request, removal, seeker),
        },
    )


def _identity_context(request, removal: Removal, seeker: AsylumSeeker) -> dict:
    if not can_see_person_identity(request.user, seeker):
        return {"show_case": False}
    return {
        "show_case": True,
        "case_url": seeker.get_absolute_url(),
        "final_order": removal.final_order,
        "can_delete": True,
    }


@require_http_methods(["GET", "POST"])
@role_required(*FLIGHT_ROLES)
def removal_update(request, pk: int):
    removal = _removal_or_404(request, pk)
    seeker = _seeker_of(removal)
    today = timezone.localdate()
    if can_see_person_identity(request.user, seeker):
        form = RemovalForm(request.POST or None, instance=removal, seeker=seeker)

        def save():
            return services.removal_update(
                removal=removal, by=request.user, today=today, **form.cleaned_data
            )
    else:
        form = RemovalTrackingForm(request.POST or None, instance=removal)

        def save():
            return services.removal_update_tracking(
                removal=removal, by=request.user, **form.cleaned_data
            )

    if request.method == "POST" and form.is_valid() and _saved(form, save) is not None:
        messages.success(request, _("Removal saved."))
        return redirect(removal)
    return render(
        request,
        "deportation/removal_form.html",
        {"form": form, "removal": removal, "pseudonym": removal.person},
    )


@require_http_methods(["GET", "POST"])
@role_required(*REMOVAL_RECORD_ROLES)
def removal_delete(request, pk: int):
    removal = _removal_or_404(request, pk)
    if not can_see_person_identity(request.user, _seeker_of(removal)):
        raise Http404
    if request.method == "POST":
        services.removal_delete(removal=removal, by=request.user)
        messages.success(request, _("Removal deleted."))
        return redirect("deportation:removal_list")
    return render(request, "deportation/removal_confirm_delete.html", {"removal": removal})


@require_http_methods(["GET", "POST"])
@role_required(*FLIGHT_ROLES)
def follow_up_create(request, pk: int):
    removal = _removal_or_404(request, pk)
    form = FollowUpForm(request.POST or None, today=timezone.localdate())
    if request.method == "POST" and form.is_valid():
        services.follow_up_add(removal=removal, by=request.user, **form.cleaned_data)
        messages.success(request, _("Follow-up added."))
        return redirect(removal)
    return render(request, "deportation/followup_form.html", {"form": form, "removal": removal})


@require_GET
@role_required(*FLIGHT_ROLES)
def flight_search(request):
    """<option>s for the flight <datalist> of the removal forms (htmx, while typing)."""
    text = next((v for v in request.GET.values() if v.strip()), "").strip().upper()
    flights = []
    if text:
        parts = text.split()
        flights = Flight.objects.all()
        for part in parts:
            flights = flights.filter(
                Q(flight_number__icontains=part)
                | Q(tail_number__icontains=part)
                | Q(date__startswith=part)
            )
        flights = flights.order_by("-date")[:SEARCH_RESULTS]
    return render(
        request,
        "deportation/includes/flight_options.html",
        {"options": [(flight_ref(f), f) for f in flights]},
    )
