# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of suspensions, dated changes and credits in the dues arithmetic."""

import random
from calendar import monthrange
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

import pytest

from ..lib import dues_periods as dues

Period, Term = dues.Period, dues.Term
MONTHLY = [Term(date(2024, 1, 1), "monthly", "active")]


def spans(periods):
    return [(period.start, period.end, period.ratio) for period in periods]


# suspensions and invoiced days: due_periods(terms, None, until, ...) as spans

FULL = Fraction(1)


def whole_month(month):
    """The span of a whole month of 2024."""
    return (date(2024, month, 1), date(2024, month, monthrange(2024, month)[1]), FULL)


DUE_PERIODS = {
    "suspended months are never billed": (
        MONTHLY,
        date(2024, 6, 1),
        {"suspensions": [(date(2024, 3, 1), date(2024, 4, 30))]},
        [whole_month(month) for month in (1, 2, 5, 6)],
    ),
    "suspension inside months bills their other days": (
        MONTHLY,
        date(2024, 4, 1),
        {"suspensions": [(date(2024, 3, 10), date(2024, 4, 14))]},
        [
            whole_month(1),
            whole_month(2),
            (date(2024, 3, 1), date(2024, 3, 9), Fraction(9, 31)),
            (date(2024, 4, 15), date(2024, 4, 30), Fraction(16, 30)),
        ],
    ),
    "open suspension stops the billing": (
        MONTHLY,
        date(2024, 12, 1),
        {"suspensions": [(date(2024, 2, 15), None)]},
        [whole_month(1), (date(2024, 2, 1), date(2024, 2, 14), Fraction(14, 29))],
    ),
    "without proration a suspended period is skipped a partial one is whole": (
        [Term(date(2024, 1, 1), "quarterly", "active", prorate=False)],
        date(2024, 10, 1),
        {"suspensions": [(date(2024, 2, 1), date(2024, 6, 30))]},
        [
            (date(2024, 1, 1), date(2024, 1, 31), FULL),
            (date(2024, 7, 1), date(2024, 9, 30), FULL),
            (date(2024, 10, 1), date(2024, 12, 31), FULL),
        ],
    ),
    # Invoiced days are compared, not period keys.
    "invoiced days are never billed again when the start moves earlier": (
        [Term(date(2024, 1, 5), "monthly", "active")],
        date(2024, 2, 1),
        {"invoiced": [(date(2024, 1, 15), date(2024, 1, 31))]},
        [
            (date(2024, 1, 5), date(2024, 1, 14), Fraction(10, 31)),
            whole_month(2),
        ],
    ),
    "without proration a billed calendar period is not billed again": (
        [Term(date(2024, 1, 5), "monthly", "active", prorate=False)],
        date(2024, 1, 31),
        {"invoiced": [(date(2024, 1, 15), date(2024, 1, 31))]},
        [],
    ),
    # The defect: editing the frequency shifted the keys and billed twice.
    "a quarter invoiced is not billed again month by month": (
        MONTHLY,
        date(2024, 4, 1),
        {"invoiced": [(date(2024, 1, 1), date(2024, 3, 31))]},
        [whole_month(4)],
    ),
}


@pytest.mark.parametrize("case", DUE_PERIODS.values(), ids=list(DUE_PERIODS))
def test_due_periods_skip_suspended_and_invoiced_days(case):
    terms, until, days, expected = case
    assert spans(dues.due_periods(terms, None, until, **days)) == expected


def test_suspension_in_the_middle_of_a_month_keeps_one_line():
    (period,) = dues.due_periods(
        MONTHLY,
        None,
        date(2024, 1, 1),
        suspensions=[(date(2024, 1, 10), date(2024, 1, 20))],
    )
    assert spans([period]) == [(date(2024, 1, 1), date(2024, 1, 31), Fraction(20, 31))]
    assert dues.amount(31, period) == Decimal("20.00")


# dated changes


def test_terms_change_frequency_and_tier_on_a_common_boundary():
    terms = [
        Term(date(2024, 1, 15), "monthly", "active"),
        Term(date(2024, 4, 1), "quarterly", "observer"),
        Term(date(2025, 1, 1), "yearly", "active plus", prorate=False),
    ]
    periods = dues.due_periods(terms, None, date(2025, 1, 1))
    assert [(p.start, p.months, p.tier) for p in periods] == [
        (date(2024, 1, 15), 1, "active"),
        (date(2024, 2, 1), 1, "active"),
        (date(2024, 3, 1), 1, "active"),
        (date(2024, 4, 1), 3, "observer"),
        (date(2024, 7, 1), 3, "observer"),
        (date(2024, 10, 1), 3, "observer"),
        (date(2025, 1, 1), 12, "active plus"),
    ]


def test_terms_after_the_end_are_ignored():
    terms = [MONTHLY[0], Term(date(2024, 4, 1), "monthly", "observer")]
    periods = dues.due_periods(terms, date(2024, 2, 10), date(2024, 12, 1))
    assert spans(periods)[-1] == (date(2024, 2, 1), date(2024, 2, 10), Fraction(10, 29))
    assert {period.tier for period in periods} == {"active"}


@pytest.mark.parametrize(
    "after, old, new, expected",
    [
        (date(2024, 3, 15), "monthly", "monthly", date(2024, 4, 1)),
        (date(2024, 2, 29), "monthly", "quarterly", date(2024, 4, 1)),
        (date(2024, 3, 31), "quarterly", "monthly", date(2024, 4, 1)),
        (date(2024, 5, 2), "quarterly", "yearly", date(2025, 1, 1)),
    ],
)
def test_change_date_starts_a_period_of_both_frequencies(after, old, new, expected):
    day = dues.change_date(after, old, new)
    assert day == expected
    assert dues.is_period_start(day, old) and dues.is_period_start(day, new)


# credits


MARCH = Period(date(2024, 3, 1), date(2024, 3, 31), 1, Fraction(1))


def test_ending_mid_month_leaves_the_days_before_the_end():
    worth = dues.worth(25, MARCH, "monthly", (date(2024, 1, 1), date(2024, 3, 10)))
    assert worth == Decimal("8.06")
    assert dues.amount(25, MARCH) - worth == Decimal("16.94")


def test_without_proration_a_partial_period_keeps_its_whole_worth():
    span = (date(2024, 1, 1), date(2024, 3, 10))
    assert dues.worth(25, MARCH, "monthly", span, prorate=False) == Decimal("25.00")


def test_a_period_after_the_end_or_suspended_is_worth_nothing():
    ended = (date(2024, 1, 1), date(2024, 2, 29))
    assert dues.worth(25, MARCH, "monthly", ended, prorate=False) == Decimal("0.00")
    suspended = [(date(2024, 2, 20), date(2024, 4, 2))]
    open_span = (date(2024, 1, 1), None)
    assert dues.worth(25, MARCH, "monthly", open_span, suspended) == Decimal("0.00")


def test_a_later_start_leaves_the_days_after_it():
    first = Period(date(2024, 1, 15), date(2024, 1, 31), 1, Fraction(17, 31))
    assert dues.worth(31, first, "monthly", (date(2024, 1, 20), None)) == Decimal(
        "12.00"
    )


def test_a_quarter_ended_mid_quarter():
    quarter = Period(date(2024, 1, 1), date(2024, 3, 31), 3, Fraction(1))
    worth = dues.worth(25, quarter, "quarterly", (date(2023, 6, 1), date(2024, 1, 31)))
    assert worth == Decimal("25.55")  # 75 x 31 / 91 days


def test_successive_credits_add_up_to_the_last_worth():
    """Suspended, then ended: each credit is what was left over; no cent is lost."""
    invoiced = dues.amount(25, MARCH)
    span = (date(2024, 1, 1), None)
    after_suspension = dues.worth(
        25, MARCH, "monthly", span, [(date(2024, 3, 5), date(2024, 3, 9))]
    )
    ended = (date(2024, 1, 1), date(2024, 3, 20))
    after_end = dues.worth(
        25, MARCH, "monthly", ended, [(date(2024, 3, 5), date(2024, 3, 9))]
    )
    credited = (invoiced - after_suspension) + (after_suspension - after_end)
    assert (
        invoiced - credited
        == after_end
        == dues.amount(25, MARCH._replace(ratio=Fraction(15, 31)))
    )


# runs repeated month after month give what one late run gives


def test_monthly_runs_bill_what_one_late_run_bills():
    rng = random.Random(20260101)
    for _case in range(200):
        start = date(2024, 1, 1) + timedelta(days=rng.randrange(120))
        frequency = rng.choice(["monthly", "quarterly", "yearly"])
        terms = [Term(start, frequency, "t", prorate=rng.random() < 0.7)]
        first = start + timedelta(days=rng.randrange(1, 200))
        suspensions = [(first, first + timedelta(days=rng.randrange(90)))]
        end = rng.choice([None, start + timedelta(days=rng.randrange(500))])
        late = dues.due_periods(terms, end, date(2026, 1, 1), suspensions)
        invoiced, billed = [], []
        day = start
        while day <= date(2026, 1, 1):
            new = dues.due_periods(terms, end, day, suspensions, invoiced)
            billed += new
            invoiced += [(period.start, period.end) for period in new]
            day += timedelta(days=rng.choice([1, 17, 31]))
        billed += dues.due_periods(terms, end, date(2026, 1, 1), suspensions, invoiced)
        assert sorted(billed) == sorted(late)


# bad input


def test_terms_must_be_given_in_order_and_on_boundaries():
    with pytest.raises(dues.DuesError) as info:
        dues.due_periods([], None, date(2024, 1, 1))
    assert "billing terms" in str(info.value)
    for wrong in (date(2024, 2, 1), date(2023, 10, 1), date(2024, 1, 1)):
        terms = [
            Term(date(2024, 1, 1), "monthly", "a"),
            Term(wrong, "quarterly", "b"),
        ]
        with pytest.raises(dues.DuesError) as info:
            dues.due_periods(terms, None, date(2024, 6, 1))
        assert info.value.params == {
            "day": wrong,
            "old": "monthly",
            "new": "quarterly",
        }


@pytest.mark.parametrize(
    "pairs",
    [
        [(date(2024, 3, 1),)],
        [(date(2024, 3, 1), date(2024, 2, 1))],
        [("2024-03-01", None)],
        [date(2024, 3, 1)],
    ],
)
def test_bad_suspensions_are_refused(pairs):
    with pytest.raises(dues.DuesError):
        dues.due_periods(MONTHLY, None, date(2024, 6, 1), suspensions=pairs)
