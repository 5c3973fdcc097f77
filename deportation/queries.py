"""Reusable reads of the flight area: lists and the dashboard's aggregates.

Every aggregate is one grouped SQL query, so the dashboard costs the same number of queries
with 100 flights or 10,000 (test_flight_views.py and test_deportation_dashboard.py guard it).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass

from django.db.models import Count, F, OuterRef, Prefetch, QuerySet, Subquery, Sum, Value
from django.db.models.functions import Coalesce, NullIf, TruncMonth
from django_countries import countries

from .models import Flight, FlightLeg, Removal


def flights_with_legs() -> QuerySet[Flight]:
    """Flights with their legs and airports in one extra query (Flight.airport_route)."""
    return Flight.objects.prefetch_related(
        Prefetch(
            "legs",
            queryset=FlightLeg.objects.select_related("origin", "destination").order_by("order"),
        )
    )


def flight_list() -> QuerySet[Flight]:
    """Flights with `removal_count`: a count per flight fetched (a subquery), not a join of
    every flight with every removal grouped before the page is cut (40 ms at 10,000 flights);
    the paginator's COUNT leaves it out."""
    per_flight = (
        Removal.objects.filter(flight=OuterRef("pk"))
        .order_by()
        .values("flight")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return flights_with_legs().annotate(removal_count=Coalesce(Subquery(per_flight), 0))


def removals_in_flight_area(user) -> QuerySet[Removal]:
    """Removals as the flight area shows them: the pseudonym as `person`, never the seeker.

    Templates of the flight area read `removal.person`; nothing here loads the seeker's
    name, A-number or date of birth.
    """
    return (
        Removal.objects.visible_in_flight_area(user)
        .select_related("flight")
        .annotate(person=F("seeker__pseudonym"))
    )


# --------------------------------------------------------------------------- dashboard


@dataclass(frozen=True)
class Scope:
    """The dashboard's filters; each applies to flights and to removals."""

    date_from: dt.date | None = None
    date_to: dt.date | None = None
    destination_country: str = ""
    operator: str = ""

    def flights(self) -> QuerySet[Flight]:
        return self._apply(
            Flight.objects.order_by(),
            day="date",
            country="destination_country",
            operator="operator",
        )

    def removals(self) -> QuerySet[Removal]:
        return self._apply(
            Removal.objects.order_by(),
            day="removal_date",
            country="destination_country",
            operator="flight__operator",
        )

    def _apply(self, queryset: QuerySet, *, day: str, country: str, operator: str) -> QuerySet:
        lookups = {
            f"{day}__gte": self.date_from,
            f"{day}__lte": self.date_to,
            country: self.destination_country,
            operator: self.operator,
        }
        return queryset.filter(**{name: value for name, value in lookups.items() if value})


def flights_per_month_by_kind(scope: Scope) -> list[dict]:
    """[{month, kind, flights}] in month order."""
    return list(
        scope.flights()
        .annotate(month=TruncMonth("date"))
        .values("month", "kind")
        .annotate(flights=Count("id"))
        .order_by("month", "kind")
    )


def flights_per_operator(scope: Scope, *, limit: int = 12) -> list[dict]:
    """[{operator, flights, boarded}] most flights first."""
    return list(
        scope.flights()
        .values("operator")
        .annotate(flights=Count("id"), boarded=Sum("boarded"))
        .order_by("-flights", "operator")[:limit]
    )


def flight_totals(scope: Scope) -> dict:
    return scope.flights().aggregate(
        flights=Count("id"), boarded=Sum("boarded"), deplaned=Sum("deplaned")
    )


def route_of_removal():
    # The country route of the linked flight (derived from its legs); "" = not known. A
    # removal's free-text route_summary is never grouped: it is typed, and may say anything.
    return Coalesce(NullIf(F("flight__route"), Value("")), Value(""))


def removals_per_route(scope: Scope) -> list[dict]:
    """[{route, people}] most people first, route "" (no flight with legs linked) last."""
    rows = (
        scope.removals()
        .annotate(route=route_of_removal())
        .values("route")
        .annotate(people=Count("id"))
    )
    return sorted(rows, key=lambda row: (row["route"] == "", -row["people"], row["route"]))


def removals_per_transit_country(scope: Scope) -> list[tuple[str, int]]:
    """[(country code, people)]: grouped by the flights' transit lists in SQL, then each
    group's count is added to every country of its list (a handful of groups, not rows)."""
    groups = (
        scope.removals()
        .exclude(flight__transit_countries="")
        .exclude(flight__isnull=True)
        .values("flight__transit_countries")
        .annotate(people=Count("id"))
    )
    counts: Counter[str] = Counter()
    for group in groups:
        for code in group["flight__transit_countries"].split(","):
            counts[code] += group["people"]
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))


def outcomes_per_month(scope: Scope) -> list[dict]:
    """[{month, outcome, people}] by removal month."""
    return list(
        scope.removals()
        .annotate(month=TruncMonth("removal_date"))
        .values("month", "outcome")
        .annotate(people=Count("id"))
        .order_by("month", "outcome")
    )


def filter_choices() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(destination countries, operators) that occur, as choices (three queries)."""
    flights = Flight.objects.order_by()
    codes = set(flights.values_list("destination_country", flat=True).distinct())
    codes |= set(
        Removal.objects.order_by().values_list("destination_country", flat=True).distinct()
    )
    operators = flights.exclude(operator="").values_list("operator", flat=True).distinct()
    country_choices = sorted(
        ((code, countries.name(code) or code) for code in codes if code), key=lambda c: c[1]
    )
    return country_choices, [(name, name) for name in sorted(operators)]
