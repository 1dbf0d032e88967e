"""Geometry of the report charts, computed here and drawn as SVG by the templates.

Charts must read without colour: each series has its own dash pattern and marker shape, named in
a legend; bars carry their label and number as text. The numbers are in the table next to each
chart, which is what screen readers are pointed to."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

WIDTH, HEIGHT = 720, 260
LEFT, RIGHT, TOP, BOTTOM = 44, 12, 12, 30
X_LABELS = 6
Y_TICKS = 4
MARKERS_UP_TO = 45  # days; beyond this the markers would overlap
DASHES = ("", "8 4", "2 3")
MARKERS = ("circle", "square", "triangle")


def nice_ceiling(value: int, ticks: int = Y_TICKS) -> int:
    """The smallest round number >= value that divides into `ticks` whole steps (at least `ticks`)."""
    step = 1
    while step * ticks < value:
        for factor in (2, 2.5, 2):
            step = int(step * factor)
            if step * ticks >= value:
                break
    return step * ticks


@dataclass(frozen=True)
class Series:
    label: str
    polyline: str  # "x,y x,y ..."
    marker_path: str  # every point's marker as one SVG path ("" when markers are off)
    dash: str
    marker: str

    @property
    def legend_path(self) -> str:
        return marker_path(self.marker, 18, 6)


def marker_path(shape: str, x: float, y: float) -> str:
    if shape == "square":
        return f"M{x - 3.5:.1f} {y - 3.5:.1f}h7v7h-7z"
    if shape == "triangle":
        return f"M{x:.1f} {y - 4.5:.1f}l4.5 8h-9z"
    return f"M{x - 3.5:.1f} {y:.1f}a3.5 3.5 0 1 0 7 0a3.5 3.5 0 1 0 -7 0z"


@dataclass(frozen=True)
class Tick:
    position: float
    label: str

    @property
    def at(self) -> str:
        return f"{self.position:.1f}"


@dataclass(frozen=True)
class LineChart:
    width: int
    height: int
    left: int
    right_edge: int
    top: int
    baseline: int
    series: list[Series]
    y_ticks: list[Tick]
    x_ticks: list[Tick]
    markers: bool


def line_chart(days: Sequence[date], series: Sequence[tuple[str, Sequence[int]]]) -> LineChart:
    """One line per (label, values), values aligned with `days`."""
    top_value = nice_ceiling(max((v for _, values in series for v in values), default=0) or 1)
    plot_w, plot_h = WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM
    count = len(days)

    def x(index: int) -> float:
        return LEFT + (plot_w / 2 if count == 1 else plot_w * index / (count - 1))

    def y(value: int) -> float:
        return TOP + plot_h * (1 - value / top_value)

    markers = count <= MARKERS_UP_TO
    lines = []
    for n, (label, values) in enumerate(series):
        points = [(x(i), y(v)) for i, v in enumerate(values)]
        shape = MARKERS[n % 3]
        polyline = " ".join(f"{px:.1f},{py:.1f}" for px, py in points)
        marks = " ".join(marker_path(shape, px, py) for px, py in points) if markers else ""
        lines.append(Series(label, polyline, marks, DASHES[n % 3], shape))
    y_ticks = [Tick(y(top_value * i // Y_TICKS), str(top_value * i // Y_TICKS)) for i in range(Y_TICKS + 1)]
    every = max(1, -(-count // X_LABELS))
    x_ticks = [Tick(x(i), f"{day:%m/%d}") for i, day in enumerate(days) if i % every == 0]
    return LineChart(
        WIDTH,
        HEIGHT,
        LEFT,
        WIDTH - RIGHT,
        TOP,
        HEIGHT - BOTTOM,
        lines,
        y_ticks,
        x_ticks,
        count <= MARKERS_UP_TO,
    )


BAR_HEIGHT, BAR_GAP, LABEL_WIDTH, NUMBER_WIDTH = 22, 8, 170, 60


@dataclass(frozen=True)
class Bar:
    label: str
    count: int
    y: float
    width: float
    href: str


@dataclass(frozen=True)
class BarChart:
    width: int
    height: int
    label_width: int
    bar_height: int
    bars: list[Bar]


def bar_chart(rows: Sequence[tuple[str, int, str]]) -> BarChart:
    """Horizontal bars, one per (label, count, link), longest for the largest count."""
    largest = max((count for _, count, _ in rows), default=0) or 1
    room = WIDTH - LABEL_WIDTH - NUMBER_WIDTH
    bars = [
        Bar(label, count, index * (BAR_HEIGHT + BAR_GAP), room * count / largest, href)
        for index, (label, count, href) in enumerate(rows)
    ]
    height = max(BAR_HEIGHT, len(bars) * (BAR_HEIGHT + BAR_GAP))  # a gap's room below the last bar
    return BarChart(WIDTH, height, LABEL_WIDTH, BAR_HEIGHT, bars)
