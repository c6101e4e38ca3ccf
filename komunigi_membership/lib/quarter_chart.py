# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The geometry of a bar chart of amounts per quarter, drawn as SVG by the portal.

Everything is computed with exact fractions: a bar's height is its amount's share of
the axis, so that two equal amounts draw two equal bars and a larger one a taller
bar, whatever the floats would round. The axis goes from 0 to a round top with 3 to
5 round steps (0/250/500/750); a series without any positive amount draws a flat
chart (no division by zero) that says it is empty. A negative quarter (more credited
than invoiced) draws no bar: the chart shows contributions, the bar's title its sum.
"""

import math
from collections import namedtuple
from datetime import date, timedelta
from fractions import Fraction

from .rules import as_fraction, round_half_up

# The drawing's size in SVG units (the page scales it to its width) and its margins:
# the axis' labels on the left, the quarters' labels below the bars.
WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 64, 8, 12, 28
# The space between the axis' labels (right-aligned) and the plot.
TICK_GAP = 6
# The share of its slot a bar fills (the rest is the space between bars).
BAR_SHARE = Fraction(3, 5)
# Round steps of the axis, times a power of ten: 1, 2, 2.5, 5.
NICE_STEPS = (Fraction(1), Fraction(2), Fraction(5, 2), Fraction(5))
MAX_TICKS = 5

Bar = namedtuple("Bar", "label amount x y width height label_x")
Segment = namedtuple("Segment", "kind y height")
Tick = namedtuple("Tick", "value y")
Plot = namedtuple("Plot", "left top right bottom")
Chart = namedtuple("Chart", "width height plot bars ticks tick_x label_y is_empty")


def plot_area():
    """Where the bars may go: inside the margins."""
    return Plot(LEFT, TOP, WIDTH - RIGHT, HEIGHT - BOTTOM)


def axis_step(top_amount):
    """The round step of an axis up to `top_amount` (> 0): the smallest of 1, 2, 2.5
    or 5 times a power of ten that reaches it in at most 5 steps (hence at least 3,
    as each step is at most 2.5 times the previous one)."""
    power = Fraction(1)
    while power * 10 <= top_amount:
        power *= 10
    while power > top_amount:
        power /= 10
    for scale in (power / 10, power):
        for step in NICE_STEPS:
            if math.ceil(top_amount / (step * scale)) <= MAX_TICKS:
                return step * scale
    return power * 10


def axis_values(amounts):
    """The values of the axis' ticks (Fractions), 0 first: [0] alone when nothing
    is positive."""
    top_amount = max([Fraction(amount) for amount in amounts if amount > 0], default=0)
    if not top_amount:
        return [Fraction(0)]
    step = axis_step(top_amount)
    count = math.ceil(top_amount / step)
    return [step * index for index in range(count + 1)]


def quarter_chart(series):
    """The chart of `series`, a list of (label, amount) in the order drawn, amounts
    as Decimals, Fractions or ints: its bars, ticks and whether it is empty."""
    amounts = [as_fraction(amount) for _label, amount in series]
    if None in amounts:
        raise ValueError("amounts must be exact numbers: %r" % (series,))
    plot = plot_area()
    values = axis_values(amounts)
    plot_height = plot.bottom - plot.top
    slot = Fraction(plot.right - plot.left, max(len(series), 1))
    bar_width = slot * BAR_SHARE
    bars = []
    for index, ((label, _amount), amount) in enumerate(zip(series, amounts)):
        height = _share(amount, values[-1]) * plot_height
        left = plot.left + slot * index
        bars.append(
            Bar(
                label=label,
                amount=amount,
                x=left + (slot - bar_width) / 2,
                y=plot.bottom - height,
                width=bar_width,
                height=height,
                label_x=left + slot / 2,
            )
        )
    ticks = [
        Tick(value, plot.bottom - _share(value, values[-1]) * plot_height)
        for value in values
    ]
    return Chart(
        width=WIDTH,
        height=HEIGHT,
        plot=plot,
        bars=bars,
        ticks=ticks,
        tick_x=LEFT - TICK_GAP,
        label_y=HEIGHT - BOTTOM // 3,
        is_empty=len(values) == 1,
    )


def stack(chart, bar, parts):
    """`bar` of `chart` cut into a segment per (kind, amount) of `parts`, bottom up,
    each its amount's share of the axis: as the parts add up to the bar's amount, the
    segments add up to the bar exactly. A negative part (a credit note larger, in its
    quarter, than what it credits) cannot be drawn apart: the bar is then one segment
    of kind None. Empty parts draw no segment."""
    amounts = [as_fraction(amount) for _kind, amount in parts]
    if None in amounts or sum(amounts) != bar.amount:
        raise ValueError("the parts must add up to the bar: %r" % (parts,))
    if any(amount < 0 for amount in amounts):
        return [Segment(None, bar.y, bar.height)] if bar.height else []
    top, plot = chart.ticks[-1].value, chart.plot
    segments, bottom = [], plot.bottom
    for (kind, _amount), amount in zip(parts, amounts):
        height = _share(amount, top) * (plot.bottom - plot.top)
        if height:
            bottom -= height
            segments.append(Segment(kind, bottom, height))
    return segments


def _share(amount, top):
    """The share of the axis `amount` reaches: 0 for a negative amount or a flat axis."""
    if top <= 0 or amount <= 0:
        return Fraction(0)
    return Fraction(amount) / top


def svg_number(value):
    """A coordinate (a non-negative Fraction) as SVG writes it: 2 decimals at most."""
    rounded = round_half_up(Fraction(value), 2).normalize()
    return "{:f}".format(rounded)


def decimals(values):
    """The fewest decimals (up to 4) that write each of `values` exactly: 0 for an
    axis of 0/250/500, 2 for 0/0.25/0.5."""
    for digits in range(4):
        if all((Fraction(value) * 10**digits).denominator == 1 for value in values):
            return digits
    return 4


def quarter_start(day):
    """The first day of the quarter of `day`."""
    return date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def last_quarters(day, count):
    """The first days of the `count` quarters up to the one of `day`, oldest first."""
    start = quarter_start(day)
    index = start.year * 4 + (start.month - 1) // 3
    return [
        date(first // 4, first % 4 * 3 + 1, 1)
        for first in range(index - count + 1, index + 1)
    ]


def quarter_end(day):
    """The last day of the quarter of `day`."""
    start = quarter_start(day)
    following = start.year * 4 + (start.month - 1) // 3 + 1
    return date(following // 4, following % 4 * 3 + 1, 1) - timedelta(days=1)


def quarter_number(day):
    """1 to 4: the quarter of the year of `day`."""
    return (day.month - 1) // 3 + 1
