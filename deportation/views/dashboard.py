"""The deportation dashboard: what the flight roles see in aggregate (exact counts; the
public figures with small-number suppression are in deportation.aggregates)."""

from __future__ import annotations

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from django_countries import countries

from caseworks.access import FLIGHT_ROLES, role_required

from .. import charts, queries
from ..enums import ArrivalOutcome, FlightKind
from ..forms import DashboardFilterForm


def _months(rows: list[dict]) -> list[str]:
    """Every month from the first to the last in `rows`, months without records included
    (a gap in the chart is a fact: nothing was recorded then)."""
    if not rows:
        return []
    first, last = min(row["month"] for row in rows), max(row["month"] for row in rows)
    months, year, month = [], first.year, first.month
    while (year, month) <= (last.year, last.month):
        months.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return months


def _series(rows, months, key, choices, value) -> list[tuple[str, list[int]]]:
    """[(label, value per month)] for every choice that occurs in `rows`."""
    cells = {(f"{row['month']:%Y-%m}", row[key]): row[value] for row in rows}
    present = {row[key] for row in rows}
    return [
        (label, [cells.get((month, code), 0) for month in months])
        for code, label in choices
        if code in present
    ]


@require_GET
@role_required(*FLIGHT_ROLES)
def dashboard(request):
    country_choices, operator_choices = queries.filter_choices()
    form = DashboardFilterForm(
        request.GET or None, country_choices=country_choices, operator_choices=operator_choices
    )
    scope = queries.Scope(**form.cleaned_data) if form.is_valid() else queries.Scope()

    per_month = queries.flights_per_month_by_kind(scope)
    months = _months(per_month)
    outcomes = queries.outcomes_per_month(scope)
    outcome_months = _months(outcomes)
    routes = [
        (row["route"] or _("Route not known"), row["people"])
        for row in queries.removals_per_route(scope)
    ]
    transit = [
        (countries.name(code) or code, people)
        for code, people in queries.removals_per_transit_country(scope)
    ]
    operators = queries.flights_per_operator(scope)
    chart_list = [
        charts.stacked_columns(
            id="flights-per-month",
            title=_("Flights per month, by kind"),
            desc=_("Number of recorded flights in each month, each column split by kind."),
            categories=months,
            series=_series(per_month, months, "kind", FlightKind.choices, "flights"),
            value_label=_("flights"),
        ),
        charts.horizontal_bars(
            id="people-per-route",
            title=_("People removed, per route"),
            desc=_("Recorded removals per country route of the flight, most first."),
            rows=routes,
            value_label=_("people"),
        ),
        charts.horizontal_bars(
            id="people-per-transit",
            title=_("People removed, per transit country"),
            desc=_("Recorded removals whose flight stopped in each transit country."),
            rows=transit,
            value_label=_("people"),
        ),
        charts.stacked_columns(
            id="outcomes-per-month",
            title=_("Outcome on arrival, per month of removal"),
            desc=_("Recorded removals in each month, each column split by outcome on arrival."),
            categories=outcome_months,
            series=_series(outcomes, outcome_months, "outcome", ArrivalOutcome.choices, "people"),
            value_label=_("people"),
        ),
        charts.horizontal_bars(
            id="flights-per-operator",
            title=_("Flights per operator"),
            desc=_("Recorded flights per operator, the twelve with most flights."),
            rows=[
                (row["operator"] or _("Operator not known"), row["flights"]) for row in operators
            ],
            value_label=_("flights"),
        ),
    ]
    return render(
        request,
        "deportation/dashboard.html",
        {
            "form": form,
            "charts": chart_list,
            "totals": queries.flight_totals(scope),
            "removal_total": sum(people for _route, people in routes),
        },
    )
