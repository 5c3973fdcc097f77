"""The public aggregate figures (CSV, JSON, API): small-number suppression by construction.

Rules, each against a way of recovering a small count (also in the README):

1. Every published count from 1 to 4 is the string "<5". Only categories that occur are
   listed, so no cell is 0.
2. No totals, subtotals or margins ("all routes", "all outcomes", "all years") are published.
   A published total minus the published cells would give back the suppressed ones.
3. People are published in ONE table: people by year of removal x route x outcome on
   arrival. Two tables over the same people (per route, and per outcome) have the same
   hidden total, and either one can stand in for that total when subtracting from the other
   (one table without suppressed cells gives it exactly). Per-route or per-outcome figures
   are left for the reader to bound from the one table.
4. Fixed periods, no parameters. People are published only for complete calendar years, up to
   31 December of last year; flights (not people: public observations) for complete months,
   up to the end of last month. A date filter would let anyone subtract two periods
   (January-March minus January-February = March alone), and a running current-year count
   would let anyone subtract last month's download from this month's.
5. No person-level row, no pseudonym and no free text: the route is the country sequence
   derived from the flight's legs (a removal without one is "unknown"); the removal's typed
   route summary and notes never leave the app.

What remains: a record entered late for a past year changes that year's cell, and a reader
who kept the earlier download sees that it grew (not who). Published cells are counts of
our records, not of everyone removed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count
from django.db.models.functions import ExtractYear, TruncMonth

from . import queries
from .models import Flight, Removal

THRESHOLD = 5
SUPPRESSED = "<5"
UNKNOWN_ROUTE = "unknown"
RULE = (
    "Counts from 1 to 4 are shown as '<5'. No totals are published. People are counted by "
    "year of removal, route and outcome on arrival in one table, for complete years only; "
    "flights by complete month."
)


def suppress(count: int) -> int | str:
    return SUPPRESSED if 0 < count < THRESHOLD else count


@dataclass(frozen=True)
class PublicAggregates:
    flights_through: dt.date
    people_through: dt.date
    flights_per_month: list[dict]  # {"month": "2019-05", "flights": 7 | "<5"}
    people: list[dict]  # {"year", "route", "outcome", "people": n | "<5"}

    def as_dict(self) -> dict:
        return {
            "flights_through": self.flights_through.isoformat(),
            "people_through": self.people_through.isoformat(),
            "suppression": RULE,
            "flights_per_month": self.flights_per_month,
            "people_by_year_route_outcome": self.people,
        }

    def csv_rows(self) -> list[list]:
        rows = [
            ["flights_per_month", row["month"], "", "", row["flights"]]
            for row in self.flights_per_month
        ]
        rows += [
            [
                "people_by_year_route_outcome",
                row["year"],
                row["route"],
                row["outcome"],
                row["people"],
            ]
            for row in self.people
        ]
        return rows


CSV_HEADER = ["table", "period", "route", "outcome", "count"]


def public_aggregates(*, today: dt.date) -> PublicAggregates:
    """The published figures as of `today` (two grouped queries)."""
    first_of_month = today.replace(day=1)
    flights_through = first_of_month - dt.timedelta(days=1)
    people_through = dt.date(today.year - 1, 12, 31)
    months = (
        Flight.objects.order_by()
        .filter(date__lte=flights_through)
        .annotate(month=TruncMonth("date"))
        .values("month")
        .annotate(flights=Count("id"))
        .order_by("month")
    )
    groups = (
        Removal.objects.order_by()
        .filter(removal_date__lte=people_through)
        .annotate(year=ExtractYear("removal_date"), route=queries.route_of_removal())
        .values("year", "route", "outcome")
        .annotate(people=Count("id"))
    )
    # Sorted here, not by the database: collations differ, and "unknown" goes last.
    groups = sorted(groups, key=lambda g: (g["year"], g["route"] == "", g["route"], g["outcome"]))
    return PublicAggregates(
        flights_through=flights_through,
        people_through=people_through,
        flights_per_month=[
            {"month": f"{row['month']:%Y-%m}", "flights": suppress(row["flights"])}
            for row in months
        ],
        people=[
            {
                "year": row["year"],
                "route": row["route"] or UNKNOWN_ROUTE,
                "outcome": row["outcome"],
                "people": suppress(row["people"]),
            }
            for row in groups
        ],
    )
