"""Flights, their legs, and the airport list: for the flight roles (coordinator, caseworker,
flight monitor). Thin: a form parses, a service writes, a template shows."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from caseworks.access import FLIGHT_ROLES, role_required

from .. import queries, services
from ..forms import AirportForm, FlightFilter, FlightForm, LegFormSet, leg_initial
from ..models import Airport, Flight

PAGE_SIZE = 50
SEARCH_RESULTS = 20


def query_string_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


@require_GET
@role_required(*FLIGHT_ROLES)
def flight_list(request):
    filterset = FlightFilter(request.GET or None, queryset=queries.flight_list())
    flights = filterset.qs
    # A stable order under any sort, so pages never repeat or skip a flight.
    flights = flights.order_by(*flights.query.order_by, "-date", "-pk")
    page = Paginator(flights, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deportation/flight_list.html",
        {
            "page": page,
            "filter": filterset,
            "ordering": request.GET.get("ordering", ""),
            "query_string": query_string_without_page(request),
            "filtered": any(v for k, v in request.GET.items() if k not in ("page", "ordering")),
        },
    )


@require_GET
@role_required(*FLIGHT_ROLES)
def flight_detail(request, pk: int):
    flight = get_object_or_404(queries.flights_with_legs(), pk=pk)
    removals = queries.removals_in_flight_area(request.user).filter(flight=flight)
    return render(
        request,
        "deportation/flight_detail.html",
        {"flight": flight, "removals": removals, "legs": flight.legs.all()},
    )


def _legs(formset) -> list[services.LegInput]:
    return [
        services.LegInput(
            origin=leg["origin"],
            destination=leg["destination"],
            departs_at=leg["departs_at"],
            arrives_at=leg["arrives_at"],
        )
        for leg in formset.legs()
    ]


def _save_flight(request, form, formset, flight: Flight | None):
    """Call the service; a validation error from it goes back onto the form."""
    try:
        if flight is None:
            return services.flight_create(by=request.user, legs=_legs(formset), **form.cleaned_data)
        return services.flight_update(
            flight=flight, by=request.user, legs=_legs(formset), **form.cleaned_data
        )
    except ValidationError as exc:
        form.add_error(None, exc)
        return None


@require_http_methods(["GET", "POST"])
@role_required(*FLIGHT_ROLES)
def flight_create(request):
    return _flight_form(request, None)


@require_http_methods(["GET", "POST"])
@role_required(*FLIGHT_ROLES)
def flight_update(request, pk: int):
    return _flight_form(request, get_object_or_404(Flight, pk=pk))


def _flight_form(request, flight: Flight | None):
    if request.method == "POST":
        form = FlightForm(request.POST, instance=flight)
        formset = LegFormSet(request.POST, prefix="legs")
        if form.is_valid() and formset.is_valid():
            saved = _save_flight(request, form, formset, flight)
            if saved is not None:
                messages.success(request, _("Flight %(flight)s saved.") % {"flight": saved})
                return redirect(saved)
    else:
        form = FlightForm(instance=flight)
        formset = LegFormSet(prefix="legs", initial=leg_initial(flight) if flight else None)
    return render(
        request,
        "deportation/flight_form.html",
        {"form": form, "formset": formset, "flight": flight},
    )


@require_http_methods(["GET", "POST"])
@role_required(*FLIGHT_ROLES)
def flight_delete(request, pk: int):
    flight = get_object_or_404(Flight, pk=pk)
    if request.method == "POST":
        label = str(flight)
        services.flight_delete(flight=flight, by=request.user)
        messages.success(request, _("Flight %(flight)s deleted.") % {"flight": label})
        return redirect("deportation:flight_list")
    return render(
        request,
        "deportation/flight_confirm_delete.html",
        {"flight": flight, "removal_count": flight.removals.count()},
    )


# --------------------------------------------------------------------------- airports


def _airport_matches(text: str):
    text = text.strip()
    airports = Airport.objects.all()
    if text:
        airports = airports.filter(
            Q(icao__istartswith=text)
            | Q(iata__istartswith=text)
            | Q(city__icontains=text)
            | Q(name__icontains=text)
        )
    return airports.order_by("icao")


@require_GET
@role_required(*FLIGHT_ROLES)
def airport_search(request):
    """<option>s for the airport <datalist> (htmx, while typing a leg's airport)."""
    # htmx sends the typed field under its own name (legs-0-origin ...).
    text = next((v for v in request.GET.values() if v.strip()), "")
    airports = _airport_matches(text)[:SEARCH_RESULTS] if text else []
    return render(request, "deportation/includes/airport_options.html", {"airports": airports})


@require_GET
@role_required(*FLIGHT_ROLES)
def airport_list(request):
    q = request.GET.get("q", "")
    page = Paginator(_airport_matches(q), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "deportation/airport_list.html",
        {"page": page, "q": q, "query_string": query_string_without_page(request)},
    )


@require_http_methods(["GET", "POST"])
@role_required(*FLIGHT_ROLES)
def airport_create(request):
    form = AirportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        airport = services.airport_create(by=request.user, **form.cleaned_data)
        messages.success(request, _("Airport %(airport)s added.") % {"airport": airport})
        return redirect("deportation:airport_list")
    return render(request, "deportation/airport_form.html", {"form": form})
