# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of lib/quarter_chart, the geometry of the portal's contributions chart
(no database). KOMUNIGI_HYPOTHESIS_EXAMPLES sizes the property (default 30)."""

import os
from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..lib import quarter_chart as chart

EXAMPLES = int(os.environ.get("KOMUNIGI_HYPOTHESIS_EXAMPLES", "30"))
PLOT = chart.plot_area()


def test_axis_has_round_ticks_above_the_largest_amount():
    def axis(*amounts):
        return [str(value) for value in chart.axis_values(amounts)]

    assert axis(Decimal("700")) == ["0", "200", "400", "600", "800"]
    assert axis(Decimal("750"), Decimal("12")) == ["0", "200", "400", "600", "800"]
    assert axis(Decimal("1000")) == ["0", "200", "400", "600", "800", "1000"]
    assert axis(Decimal("1001")) == ["0", "250", "500", "750", "1000", "1250"]
    assert axis(Decimal("1.2")) == ["0", "1/4", "1/2", "3/4", "1", "5/4"]
    assert axis(Decimal("2001")) == ["0", "500", "1000", "1500", "2000", "2500"]
    assert axis(Decimal("30")) == ["0", "10", "20", "30"]
    assert axis(Decimal("0.03"), Decimal("-80")) == ["0", "1/100", "1/50", "3/100"]


def test_bars_are_the_amounts_share_of_the_axis():
    result = chart.quarter_chart(
        [("Q1", Decimal("250")), ("Q2", Decimal("0")), ("Q3", Fraction(1000, 3))]
    )
    assert not result.is_empty
    assert [tick.value for tick in result.ticks] == [0, 100, 200, 300, 400]
    plot_height = PLOT.bottom - PLOT.top
    q1, q2, q3 = result.bars
    assert q1.height == Fraction(250, 400) * plot_height
    assert q3.height == Fraction(1000, 3 * 400) * plot_height
    assert (q2.height, q2.y) == (0, PLOT.bottom)
    for bar in result.bars:
        assert bar.y + bar.height == PLOT.bottom
    # Three slots share the plot's width; a bar is centred on its label.
    slot = Fraction(PLOT.right - PLOT.left, 3)
    assert [bar.label_x for bar in result.bars] == [
        PLOT.left + slot * (index + Fraction(1, 2)) for index in range(3)
    ]
    assert q2.x + q2.width / 2 == q2.label_x
    assert [tick.y for tick in result.ticks][::4] == [PLOT.bottom, PLOT.top]


def test_stacked_segments_add_up_to_the_bar():
    series = [("Q1", Fraction(1000, 3)), ("Q2", Decimal("-5")), ("Q3", Decimal("30"))]
    result = chart.quarter_chart(series)
    q1, q2, q3 = result.bars
    dues, other = chart.stack(
        result, q1, [("dues", Fraction(1000, 3) - 100), ("other", Decimal(100))]
    )
    assert (dues.kind, other.kind) == ("dues", "other")
    assert dues.y + dues.height == PLOT.bottom and other.y + other.height == dues.y
    assert dues.height + other.height == q1.height and other.y == q1.y
    assert other.height == Fraction(100, 400) * (PLOT.bottom - PLOT.top)
    # Nothing of a kind: no segment of it; a negative part: the bar as a whole.
    assert [s.kind for s in chart.stack(result, q3, [("dues", 30), ("other", 0)])] == [
        "dues"
    ]
    assert chart.stack(result, q3, [("dues", 40), ("other", -10)]) == [
        chart.Segment(None, q3.y, q3.height)
    ]
    assert chart.stack(result, q2, [("dues", 5), ("other", -10)]) == []
    with pytest.raises(ValueError):
        chart.stack(result, q3, [("dues", 40)])


def test_empty_and_all_zero_series_draw_a_flat_chart():
    for series in ([], [("Q1", Decimal(0)), ("Q2", Decimal("-12.5"))]):
        result = chart.quarter_chart(series)
        assert result.is_empty
        assert [(tick.value, tick.y) for tick in result.ticks] == [(0, PLOT.bottom)]
        assert all(bar.height == 0 for bar in result.bars)


def test_amounts_must_be_exact():
    with pytest.raises(ValueError):
        chart.quarter_chart([("Q1", "12")])


def test_svg_numbers_have_two_decimals_at_most():
    assert chart.svg_number(Fraction(1000, 3)) == "333.33"
    assert chart.svg_number(Fraction(250)) == "250"
    assert chart.svg_number(Fraction(1, 8)) == "0.13"
    assert chart.svg_number(0) == "0"


def test_tick_labels_have_the_decimals_they_need():
    assert chart.decimals([0, 250, Fraction(1000)]) == 0
    assert chart.decimals([0, Fraction(1, 4), Fraction(1, 2)]) == 2
    assert chart.decimals([Fraction(1, 1000)]) == 3
    assert chart.decimals([Fraction(1, 3)]) == 4


def test_last_quarters_cross_years():
    assert chart.last_quarters(date(2026, 2, 14), 3) == [
        date(2025, 7, 1),
        date(2025, 10, 1),
        date(2026, 1, 1),
    ]
    assert chart.quarter_start(date(2026, 12, 31)) == date(2026, 10, 1)
    assert chart.quarter_end(date(2026, 11, 30)) == date(2026, 12, 31)
    assert chart.quarter_end(date(2026, 5, 1)) == date(2026, 6, 30)
    assert chart.quarter_number(date(2026, 9, 30)) == 3


amounts = st.decimals(
    min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False
)


@settings(max_examples=EXAMPLES, deadline=None, database=None)
@given(st.lists(amounts, min_size=1, max_size=8))
def test_bars_and_their_segments_stay_in_the_plot_and_grow_with_the_amount(
    series_amounts,
):
    result = chart.quarter_chart(
        [("Q%d" % index, amount) for index, amount in enumerate(series_amounts)]
    )
    values = [tick.value for tick in result.ticks]
    assert result.is_empty == (max(series_amounts) == 0)
    if not result.is_empty:
        assert 3 <= len(values) - 1 <= 5
        assert values[-2] < max(series_amounts) <= values[-1]
    for bar in result.bars:
        assert PLOT.left <= bar.x and bar.x + bar.width <= PLOT.right
        assert PLOT.top <= bar.y and bar.y + bar.height == PLOT.bottom
        assert bar.height >= 0
        dues = bar.amount / 3
        parts = [("dues", dues), ("other", bar.amount - dues)]
        segments = chart.stack(result, bar, parts)
        assert sum(segment.height for segment in segments) == bar.height
        for segment in segments:
            assert bar.y <= segment.y and segment.y + segment.height <= PLOT.bottom
    for one in result.bars:
        for other in result.bars:
            assert (one.height > other.height) == (one.amount > other.amount)
