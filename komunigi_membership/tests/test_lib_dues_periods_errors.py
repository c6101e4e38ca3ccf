# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the dues period arithmetic: bad input (pure Python, no database)."""

import functools
from datetime import date, datetime
from decimal import Decimal
from fractions import Fraction

import pytest

from ..lib import dues_periods as dues
from .rule_checks import assert_rule_error

Period = dues.Period


def bounds(periods):
    """Return (start, end) of each period, for compact assertions."""
    return [(period.start, period.end) for period in periods]


# errors


assert_dues_error = functools.partial(assert_rule_error, dues.DuesError)


END_BEFORE_START = "The end date %(end)s is before the start date %(start)s."
UNKNOWN_FREQUENCY = (
    "Unknown billing frequency %(frequency)s: expected monthly, quarterly or yearly."
)
BAD_RATE = "The monthly rate must be a non-negative number, got %(rate)s."
NOT_A_DATE = "Expected a date for %(name)s, got %(value)s."


def test_end_before_start_is_refused_everywhere():
    start, end = date(2023, 5, 1), date(2023, 4, 30)
    calls = [
        lambda: dues.periods_between(start, end, "monthly", until=date(2024, 1, 1)),
        lambda: dues.next_period_start(start, end, "monthly", date(2023, 1, 1)),
        lambda: dues.month_periods(start, end),
    ]
    for call in calls:
        assert_dues_error(call, END_BEFORE_START, start=start, end=end)


def test_end_before_start_message_in_english():
    with pytest.raises(dues.DuesError) as info:
        dues.month_periods(date(2023, 5, 1), date(2023, 4, 30))
    assert str(info.value) == (
        "The end date 2023-04-30 is before the start date 2023-05-01."
    )


@pytest.mark.parametrize("frequency", ["weekly", "Monthly", "", None, 1])
def test_unknown_frequency(frequency):
    assert_dues_error(
        lambda: dues.periods_between(
            date(2023, 1, 1), None, frequency, until=date(2023, 1, 1)
        ),
        UNKNOWN_FREQUENCY,
        frequency=frequency,
    )
    assert_dues_error(
        lambda: dues.calendar_period(date(2023, 1, 1), frequency),
        UNKNOWN_FREQUENCY,
        frequency=frequency,
    )


@pytest.mark.parametrize(
    "rate",
    [
        -1,
        Decimal("-0.01"),
        -0.5,
        float("nan"),
        float("inf"),
        Decimal("NaN"),
        "25",
        True,
    ],
)
def test_negative_or_non_numeric_rate(rate):
    period = Period(date(2023, 1, 1), date(2023, 1, 31), 1, Fraction(1))
    with pytest.raises(dues.DuesError) as info:
        dues.amount(rate, period)
    assert info.value.msgid == BAD_RATE
    assert info.value.params["rate"] is rate


@pytest.mark.parametrize("digits", [-1, 1.5, None, True])
def test_bad_digits(digits):
    period = Period(date(2023, 1, 1), date(2023, 1, 31), 1, Fraction(1))
    assert_dues_error(
        lambda: dues.amount(10, period, digits=digits),
        "The number of digits must be a non-negative integer, got %(digits)s.",
        digits=digits,
    )


@pytest.mark.parametrize(
    "value", ["2023-01-01", datetime(2023, 1, 1, 12, 0), None, 20230101]
)
def test_start_must_be_a_plain_date(value):
    """Odoo 11 date fields are strings: a forgotten conversion fails clearly."""
    assert_dues_error(
        lambda: dues.periods_between(value, None, "monthly", until=date(2023, 1, 1)),
        NOT_A_DATE,
        name="start",
        value=value,
    )


def test_until_after_and_day_must_be_dates():
    start = date(2023, 1, 1)
    assert_dues_error(
        lambda: dues.periods_between(start, None, "monthly", until=None),
        NOT_A_DATE,
        name="until",
        value=None,
    )
    assert_dues_error(
        lambda: dues.next_period_start(start, None, "monthly", "2023-02-01"),
        NOT_A_DATE,
        name="after",
        value="2023-02-01",
    )
    assert_dues_error(
        lambda: dues.calendar_period("2023-02-01", "monthly"),
        NOT_A_DATE,
        name="day",
        value="2023-02-01",
    )


def test_end_must_be_a_date_or_none():
    assert_dues_error(
        lambda: dues.month_periods(date(2023, 1, 1), "2023-02-01"),
        NOT_A_DATE,
        name="end",
        value="2023-02-01",
    )


def test_error_marker_returns_its_text():
    assert dues._("Some text.") == "Some text."
