"""A flight's route from its legs: pure functions, no database (tested without one).

The legs are the only place a route is typed. Origin, destination, the country route and the
transit countries are derived from them here, stored on the flight by
`deportation.services.flight_set_legs` (so lists, filters and the dashboard can group in SQL)
and never typed separately.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

UNKNOWN_COUNTRY = "?"
ARROW = " → "


@dataclass(frozen=True)
class Route:
    origin_country: str  # "" when there are no legs
    destination_country: str
    countries: tuple[str, ...]  # in flight order, repeats in a row collapsed
    transit_countries: tuple[str, ...]

    @property
    def text(self) -> str:
        """'US → EG → RU'; empty without legs."""
        return ARROW.join(self.countries)


def route_of(legs: Sequence[tuple[str, str]]) -> Route:
    """Route of legs given in order as (origin country, destination country) pairs.

    A transit country is the country of a stop between the first departure and the last
    arrival (where a leg lands and where the next one leaves) that is neither the origin
    country nor the destination country: KAEX -> HECA -> UUEE is US -> EG -> RU with transit
    EG; the domestic hops of a removal charter (KIWA -> KELP -> MGGT) add none. An airport
    without a country is "?" in the route and never a transit country.
    """
    if not legs:
        return Route("", "", (), ())
    points = [country for leg in legs for country in leg]  # o1 d1 o2 d2 ... on dn
    countries: list[str] = []
    for country in points:
        country = country or UNKNOWN_COUNTRY
        if not countries or countries[-1] != country:
            countries.append(country)
    origin, destination = points[0], points[-1]
    transit: list[str] = []
    for country in points[1:-1]:
        if country and country not in (origin, destination) and country not in transit:
            transit.append(country)
    return Route(origin, destination, tuple(countries), tuple(transit))
