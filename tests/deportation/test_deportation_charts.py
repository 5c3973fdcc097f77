"""deportation.charts: numbers to SVG shapes, and the template that writes them."""

import re

import pytest
from django.template.loader import render_to_string

from deportation.charts import PALETTE, horizontal_bars, nice_max, stacked_columns


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (3, 5), (5, 5), (7, 10), (11, 20), (45, 50), (120, 200)]
)
def test_nice_max_rounds_up_to_1_2_5(value, expected):
    assert nice_max(value) == expected


def test_stacked_columns_stacks_series_and_keeps_table():
    chart = stacked_columns(
        id="c",
        title="T",
        desc="D",
        categories=["2025-01", "2025-02"],
        series=[("Charter", [2, 0]), ("Escort", [3, 1])],
        value_label="flights",
    )
    assert chart.table_header == ["", "Charter", "Escort"]
    assert chart.table_rows == [["2025-01", 2, 3], ["2025-02", 0, 1]]
    # zero cells draw nothing: 3 bars for 3 non-zero cells
    assert [(r.fill, r.label) for r in chart.rects] == [
        (PALETTE[0], "2025-01, Charter: 2 flights"),
        (PALETTE[1], "2025-01, Escort: 3 flights"),
        (PALETTE[1], "2025-02, Escort: 1 flights"),
    ]
    # axis top is 5 (nice_max of the tallest column, 5): the first column fills the plot
    plot_h = 260 - 10 - 40
    first, second = chart.rects[0], chart.rects[1]
    assert first.height + second.height == pytest.approx(plot_h)
    assert second.y + second.height == pytest.approx(first.y)  # stacked on top
    assert chart.legend == [("Charter", PALETTE[0]), ("Escort", PALETTE[1])]


def test_horizontal_bars_longest_fills_plot_and_label_shortened():
    long = "US → EG → RU → AE → TR → UZ → KZ → KG → TJ"
    chart = horizontal_bars(
        id="h", title="T", desc="D", rows=[(long, 10), ("US → GT", 5)], value_label="people"
    )
    full, half = chart.rects
    assert full.width == pytest.approx(2 * half.width)
    assert chart.texts[0].text.endswith("…") and len(chart.texts[0].text) == 26
    assert chart.table_rows == [[long, 10], ["US → GT", 5]]


def test_chart_empty_has_no_shapes():
    chart = horizontal_bars(id="e", title="T", desc="D", rows=[], value_label="people")
    assert chart.empty and chart.rects == []


def test_chart_template_accessible_and_no_inline_style():
    chart = stacked_columns(
        id="flights",
        title="Flights per month",
        desc="Columns per month",
        categories=["2025-01"],
        series=[("Charter", [2])],
        value_label="flights",
    )
    html = render_to_string("deportation/includes/chart.html", {"chart": chart})
    assert 'role="img"' in html
    assert 'aria-labelledby="flights-title flights-desc"' in html
    assert '<title id="flights-title">Flights per month</title>' in html
    assert '<desc id="flights-desc">Columns per month</desc>' in html
    assert "<table" in html and '<th scope="row">2025-01</th>' in html
    assert "style=" not in html
    assert not re.search(r"<script", html)
