"""deportation.routes: the route and transit countries of a flight, derived from its legs."""

import pytest

from deportation.routes import Route, route_of


@pytest.mark.parametrize(
    ("legs", "expected"),
    [
        ([], Route("", "", (), ())),
        # a domestic shuffle: no transit country, one country
        ([("US", "US"), ("US", "US")], Route("US", "US", ("US",), ())),
        # via Cairo to Moscow
        ([("US", "EG"), ("EG", "RU")], Route("US", "RU", ("US", "EG", "RU"), ("EG",))),
        # domestic hops before leaving the U.S. add no transit country
        (
            [("US", "US"), ("US", "US"), ("US", "GT")],
            Route("US", "GT", ("US", "GT"), ()),
        ),
        # two transit countries, in flight order, each once
        (
            [("US", "TR"), ("TR", "EG"), ("EG", "TR"), ("TR", "UZ")],
            Route("US", "UZ", ("US", "TR", "EG", "TR", "UZ"), ("TR", "EG")),
        ),
        # legs that do not join: both ends of the gap are stops
        ([("US", "EG"), ("TR", "RU")], Route("US", "RU", ("US", "EG", "TR", "RU"), ("EG", "TR"))),
        # an airport without a country is "?" in the route and never a transit country
        ([("US", ""), ("", "RU")], Route("US", "RU", ("US", "?", "RU"), ())),
    ],
)
def test_route_of_legs(legs, expected):
    assert route_of(legs) == expected


def test_route_text_joins_countries_with_arrows():
    assert route_of([("US", "EG"), ("EG", "RU")]).text == "US → EG → RU"
    assert route_of([]).text == ""
