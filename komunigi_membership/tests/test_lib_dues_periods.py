# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the dues period arithmetic (pure Python, no database)."""

from datetime import date
from decimal import Decimal
from fractions import Fraction

import pytest

from ..lib import dues_periods as dues

Period = dues.Period


def bounds(periods):
    """Return (start, end) of each period, for compact assertions."""
    return [(period.start, period.end) for period in periods]


def starts(periods):
    """Return the start of each period."""
    return [period.start for period in periods]


# calendar_period


@pytest.mark.parametrize(
    "day, frequency, expected",
    [
        (date(2023, 1, 31), "monthly", (date(2023, 1, 1), date(2023, 1, 31))),
        (date(2023, 2, 14), "monthly", (date(2023, 2, 1), date(2023, 2, 28))),
        (date(2024, 2, 29), "monthly", (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2023, 12, 31), "monthly", (date(2023, 12, 1), date(2023, 12, 31))),
        (date(2023, 3, 15), "quarterly", (date(2023, 1, 1), date(2023, 3, 31))),
        (date(2023, 4, 1), "quarterly", (date(2023, 4, 1), date(2023, 6, 30))),
        (date(2023, 8, 20), "quarterly", (date(2023, 7, 1), date(2023, 9, 30))),
        (date(2023, 12, 31), "quarterly", (date(2023, 10, 1), date(2023, 12, 31))),
        (date(2024, 7, 4), "yearly", (date(2024, 1, 1), date(2024, 12, 31))),
    ],
)
def test_calendar_period_is_aligned_on_calendar_boundaries(day, frequency, expected):
    assert dues.calendar_period(day, frequency) == expected


# periods_between: monthly, month ends, leap years


# Several periods: all of them, then (period's index, rate, amount) of some.
SEVERAL_PERIODS = {
    "monthly first period is prorated by days": (
        (date(2024, 3, 15), None, "monthly", date(2024, 5, 10)),
        [
            Period(date(2024, 3, 15), date(2024, 3, 31), 1, Fraction(17, 31)),
            Period(date(2024, 4, 1), date(2024, 4, 30), 1, Fraction(1)),
            Period(date(2024, 5, 1), date(2024, 5, 31), 1, Fraction(1)),
        ],
        [(1, 25, Decimal("25.00"))],
    ),
    # April 1 to May 15 is 45 days of the 91 days of Q2.
    "end date in the middle of a quarter": (
        (date(2023, 1, 1), date(2023, 5, 15), "quarterly", date(2024, 1, 1)),
        [
            Period(date(2023, 1, 1), date(2023, 3, 31), 3, Fraction(1)),
            Period(date(2023, 4, 1), date(2023, 5, 15), 3, Fraction(45, 91)),
        ],
        [(1, 35, Decimal("51.92"))],
    ),
    "yearly periods start on january first": (
        (date(2023, 7, 1), None, "yearly", date(2024, 1, 1)),
        [
            Period(date(2023, 7, 1), date(2023, 12, 31), 12, Fraction(184, 365)),
            Period(date(2024, 1, 1), date(2024, 12, 31), 12, Fraction(1)),
        ],
        [(1, 10, Decimal("120.00")), (0, 10, Decimal("60.49"))],
    ),
}


@pytest.mark.parametrize("case", SEVERAL_PERIODS.values(), ids=list(SEVERAL_PERIODS))
def test_several_periods(case):
    (start, end, frequency, until), expected, amounts = case
    periods = dues.periods_between(start, end, frequency, until=until)
    assert periods == expected
    for index, rate, amount in amounts:
        assert dues.amount(rate, periods[index]) == amount


def test_seed_example_17_days_of_march_at_25_eur_is_13_71():
    first = dues.periods_between(
        date(2024, 3, 15), None, "monthly", until=date(2024, 3, 15)
    )[0]
    assert dues.amount(25, first) == Decimal("13.71")
    assert dues.amount(Decimal("25.00"), first) == Decimal("13.71")
    assert dues.amount(25.0, first) == Decimal("13.71")


def test_start_on_january_31_then_february_ends_on_the_28th():
    periods = dues.periods_between(
        date(2023, 1, 31), None, "monthly", until=date(2023, 3, 1)
    )
    assert bounds(periods) == [
        (date(2023, 1, 31), date(2023, 1, 31)),
        (date(2023, 2, 1), date(2023, 2, 28)),
        (date(2023, 3, 1), date(2023, 3, 31)),
    ]
    assert periods[0].ratio == Fraction(1, 31)


def test_leap_year_february_has_29_days():
    periods = dues.periods_between(
        date(2024, 1, 31), None, "monthly", until=date(2024, 2, 29)
    )
    assert bounds(periods)[1] == (date(2024, 2, 1), date(2024, 2, 29))


def test_start_on_february_29_is_one_day_of_29():
    (period,) = dues.periods_between(
        date(2024, 2, 29), None, "monthly", until=date(2024, 2, 29)
    )
    assert period == Period(date(2024, 2, 29), date(2024, 2, 29), 1, Fraction(1, 29))
    assert dues.amount(29, period) == Decimal("1.00")


def test_last_period_is_prorated_by_days():
    periods = dues.periods_between(
        date(2023, 11, 1), date(2024, 1, 10), "monthly", until=date(2024, 6, 1)
    )
    assert periods[-1] == Period(
        date(2024, 1, 1), date(2024, 1, 10), 1, Fraction(10, 31)
    )
    assert len(periods) == 3
    assert dues.amount(31, periods[-1]) == Decimal("10.00")


def test_start_and_end_in_the_same_month():
    (period,) = dues.periods_between(
        date(2023, 4, 10), date(2023, 4, 19), "monthly", until=date(2023, 12, 31)
    )
    assert period == Period(date(2023, 4, 10), date(2023, 4, 19), 1, Fraction(1, 3))


def test_one_day_membership():
    (period,) = dues.periods_between(
        date(2023, 6, 30), date(2023, 6, 30), "monthly", until=date(2023, 6, 30)
    )
    assert period.ratio == Fraction(1, 30)


# periods_between: quarterly and yearly billing


def test_quarterly_periods_start_in_january_april_july_october():
    periods = dues.periods_between(
        date(2023, 1, 1), None, "quarterly", until=date(2023, 12, 31)
    )
    assert starts(periods) == [date(2023, month, 1) for month in (1, 4, 7, 10)]
    assert all(period.months == 3 and period.ratio == 1 for period in periods)
    assert dues.amount(25, periods[0]) == Decimal("75.00")


def test_leap_year_quarter_has_91_days():
    (period,) = dues.periods_between(
        date(2024, 3, 1), None, "quarterly", until=date(2024, 3, 1)
    )
    assert period.ratio == Fraction(31, 91)


def test_quarterly_first_period_prorated_by_days_of_the_quarter():
    (first, second) = dues.periods_between(
        date(2023, 2, 15), None, "quarterly", until=date(2023, 4, 1)
    )
    # 14 days of February + 31 of March, over the 90 days of Q1 2023.
    assert first == Period(date(2023, 2, 15), date(2023, 3, 31), 3, Fraction(45, 90))
    assert dues.amount(10, first) == Decimal("15.00")
    assert second.start == date(2023, 4, 1)


def test_yearly_proration_in_a_leap_year_counts_366_days():
    (period,) = dues.periods_between(
        date(2024, 12, 31), None, "yearly", until=date(2024, 12, 31)
    )
    assert period.ratio == Fraction(1, 366)


# periods_between: until, proration off


def test_until_cuts_off_future_periods():
    periods = dues.periods_between(
        date(2023, 1, 1), None, "monthly", until=date(2023, 3, 31)
    )
    assert starts(periods) == [date(2023, 1, 1), date(2023, 2, 1), date(2023, 3, 1)]


def test_a_period_is_due_on_its_first_day():
    before = dues.periods_between(
        date(2023, 1, 1), None, "quarterly", until=date(2023, 3, 31)
    )
    on = dues.periods_between(
        date(2023, 1, 1), None, "quarterly", until=date(2023, 4, 1)
    )
    assert len(before) == 1
    assert len(on) == 2


def test_membership_starting_after_until_has_no_due_period():
    assert (
        dues.periods_between(
            date(2023, 3, 15), None, "monthly", until=date(2023, 3, 14)
        )
        == []
    )


def test_until_after_the_end_date_stops_at_the_end():
    periods = dues.periods_between(
        date(2023, 1, 1), date(2023, 2, 28), "monthly", until=date(2030, 1, 1)
    )
    assert bounds(periods) == [
        (date(2023, 1, 1), date(2023, 1, 31)),
        (date(2023, 2, 1), date(2023, 2, 28)),
    ]


def test_same_membership_gives_the_same_period_starts_on_every_run():
    """The Odoo layer keys invoiced periods on their start: it must be stable."""
    early = dues.periods_between(
        date(2023, 3, 15), None, "monthly", until=date(2023, 5, 1)
    )
    late = dues.periods_between(
        date(2023, 3, 15), None, "monthly", until=date(2023, 8, 1)
    )
    assert late[: len(early)] == early


def test_without_proration_partial_periods_count_as_full():
    periods = dues.periods_between(
        date(2024, 3, 15),
        date(2024, 5, 10),
        "monthly",
        until=date(2024, 12, 31),
        prorate=False,
    )
    assert periods == [
        Period(date(2024, 3, 15), date(2024, 3, 31), 1, Fraction(1)),
        Period(date(2024, 4, 1), date(2024, 4, 30), 1, Fraction(1)),
        Period(date(2024, 5, 1), date(2024, 5, 10), 1, Fraction(1)),
    ]
    assert [dues.amount(25, period) for period in periods] == [Decimal("25.00")] * 3


def test_without_proration_quarterly_partial_period_bills_three_months():
    (period,) = dues.periods_between(
        date(2023, 3, 20), None, "quarterly", until=date(2023, 3, 31), prorate=False
    )
    assert dues.amount(35, period) == Decimal("105.00")


# amount


def test_amount_rounds_half_up():
    half_cent = Period(date(2023, 1, 1), date(2023, 1, 1), 1, Fraction(1, 8))
    assert dues.amount(Decimal("0.1"), half_cent) == Decimal("0.01")
    assert dues.amount(Decimal("0.1"), half_cent, digits=3) == Decimal("0.013")
    assert dues.amount(Decimal("0.04"), half_cent) == Decimal("0.01")


def test_amount_reads_floats_as_written():
    full = Period(date(2023, 1, 1), date(2023, 1, 31), 1, Fraction(1))
    assert dues.amount(25.1, full) == Decimal("25.10")
    assert dues.amount(0.125, full) == Decimal("0.13")


def test_amount_digits_zero_and_zero_rate():
    full = Period(date(2023, 1, 1), date(2023, 12, 31), 12, Fraction(1))
    assert dues.amount(Fraction(1, 3), full, digits=0) == Decimal("4")
    assert dues.amount(0, full) == Decimal("0.00")


# next_period_start


def test_next_period_start_is_the_next_calendar_boundary():
    start = date(2023, 3, 15)
    assert dues.next_period_start(start, None, "monthly", date(2023, 3, 20)) == date(
        2023, 4, 1
    )
    assert dues.next_period_start(start, None, "quarterly", date(2023, 5, 1)) == date(
        2023, 7, 1
    )
    assert dues.next_period_start(start, None, "yearly", date(2023, 5, 1)) == date(
        2024, 1, 1
    )


def test_next_period_start_on_a_due_day_is_the_following_period():
    assert dues.next_period_start(
        date(2023, 1, 1), None, "monthly", date(2023, 4, 1)
    ) == date(2023, 5, 1)


def test_next_period_start_is_the_start_of_a_future_membership():
    assert dues.next_period_start(
        date(2023, 9, 15), None, "quarterly", date(2023, 6, 1)
    ) == date(2023, 9, 15)


def test_next_period_start_is_none_after_the_last_period():
    assert (
        dues.next_period_start(
            date(2023, 1, 1), date(2023, 6, 30), "monthly", date(2023, 6, 5)
        )
        is None
    )
    assert dues.next_period_start(
        date(2023, 1, 1), date(2023, 7, 1), "monthly", date(2023, 6, 5)
    ) == date(2023, 7, 1)


# month_periods


def test_month_periods_cover_the_range_with_whole_months():
    assert dues.month_periods(date(2023, 12, 15), date(2024, 3, 1)) == [
        (date(2023, 12, 1), date(2023, 12, 31)),
        (date(2024, 1, 1), date(2024, 1, 31)),
        (date(2024, 2, 1), date(2024, 2, 29)),
        (date(2024, 3, 1), date(2024, 3, 31)),
    ]


def test_month_periods_within_one_month():
    assert dues.month_periods(date(2023, 2, 3), date(2023, 2, 3)) == [
        (date(2023, 2, 1), date(2023, 2, 28))
    ]
