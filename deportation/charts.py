"""Charts drawn on the server as SVG: no JavaScript, no network, no inline style.

Pure functions from numbers to shapes (tested without a database); the template
`deportation/includes/chart.html` writes the shapes as SVG with presentation attributes
(fill=, font-size=) only, since the content security policy forbids style="" attributes.
Every chart has a <title> and <desc>, and the same numbers as a table beside it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field

# Okabe-Ito: told apart with every common colour-vision deficiency.
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"]
TEXT = "#212529"
AXIS = "#6c757d"
GRID = "#dee2e6"
FONT = 12  # in viewBox units: a 480-wide chart on a 360-pixel phone shows 9-pixel text
LABEL_CHARS = 26


@dataclass(frozen=True)
class Rect:
    x: float
    y: float
    width: float
    height: float
    fill: str
    label: str  # shown as a tooltip (<title>)


@dataclass(frozen=True)
class Text:
    x: float
    y: float
    text: str
    anchor: str = "start"
    fill: str = TEXT


@dataclass(frozen=True)
class Line:
    x1: float
    y1: float
    x2: float
    y2: float
    stroke: str = GRID


@dataclass
class Chart:
    id: str
    title: str
    desc: str
    width: int
    height: int
    rects: list[Rect] = field(default_factory=list)
    texts: list[Text] = field(default_factory=list)
    lines: list[Line] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)  # (label, colour)
    table_header: list[str] = field(default_factory=list)
    table_rows: list[list] = field(default_factory=list)

    font_size: int = FONT

    @property
    def empty(self) -> bool:
        return not self.table_rows


def nice_max(value: float) -> int:
    """The axis top: 1, 2 or 5 times a power of ten, at least `value` (and at least 1)."""
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)  # pragma: no cover (the loop always returns)


def stacked_columns(
    *,
    id: str,
    title: str,
    desc: str,
    categories: Sequence[str],
    series: Sequence[tuple[str, Sequence[int]]],
    value_label: str,
    width: int = 480,
    height: int = 260,
) -> Chart:
    """Columns per category (e.g. month), each stacked by series (e.g. flight kind)."""
    left, right, top, bottom = 32, 8, 10, 40
    chart = Chart(id, title, desc, width, height)
    chart.legend = [(name, PALETTE[i % len(PALETTE)]) for i, (name, _) in enumerate(series)]
    chart.table_header = ["", *[name for name, _ in series]]
    chart.table_rows = [
        [category, *[values[i] for _, values in series]] for i, category in enumerate(categories)
    ]
    if not categories:
        return chart
    totals = [sum(values[i] for _, values in series) for i in range(len(categories))]
    top_value = nice_max(max(totals))
    plot_w, plot_h = width - left - right, height - top - bottom
    for tick in (0, top_value // 2, top_value) if top_value > 1 else (0, 1):
        y = top + plot_h - plot_h * tick / top_value
        chart.lines.append(Line(left, y, width - right, y))
        chart.texts.append(Text(left - 4, y + 4, str(tick), anchor="end", fill=AXIS))
    slot = plot_w / len(categories)
    bar = max(slot * 0.8, 1)
    every = max(1, math.ceil(len(categories) / 6))  # at most 6 labels under the axis
    for i, category in enumerate(categories):
        x = left + i * slot + (slot - bar) / 2
        base = top + plot_h
        for s, (name, values) in enumerate(series):
            if not values[i]:
                continue
            h = plot_h * values[i] / top_value
            base -= h
            chart.rects.append(
                Rect(
                    x,
                    base,
                    bar,
                    h,
                    PALETTE[s % len(PALETTE)],
                    f"{category}, {name}: {values[i]} {value_label}",
                )
            )
        if i % every == 0:
            chart.texts.append(
                Text(x + bar / 2, top + plot_h + 16, category, anchor="middle", fill=AXIS)
            )
    return chart


def horizontal_bars(
    *,
    id: str,
    title: str,
    desc: str,
    rows: Sequence[tuple[str, int]],
    value_label: str,
    width: int = 480,
) -> Chart:
    """One bar per labelled row, longest first as given (e.g. people per route)."""
    label_w, right, row_h, top = 170, 40, 24, 6
    height = top * 2 + row_h * max(len(rows), 1)
    chart = Chart(id, title, desc, width, height)
    chart.table_header = ["", value_label]
    chart.table_rows = [[label, value] for label, value in rows]
    if not rows:
        return chart
    top_value = nice_max(max(value for _, value in rows))
    plot_w = width - label_w - right
    for i, (label, value) in enumerate(rows):
        y = top + i * row_h
        w = plot_w * value / top_value
        short = label if len(label) <= LABEL_CHARS else label[: LABEL_CHARS - 1] + "…"
        chart.texts.append(Text(label_w - 6, y + row_h / 2 + 4, short, anchor="end"))
        chart.rects.append(
            Rect(
                label_w, y + 3, max(w, 1), row_h - 6, PALETTE[0], f"{label}: {value} {value_label}"
            )
        )
        chart.texts.append(Text(label_w + w + 4, y + row_h / 2 + 4, str(value)))
    return chart
