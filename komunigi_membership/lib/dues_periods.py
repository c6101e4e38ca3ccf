# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Period arithmetic for membership dues.

Dues are billed per calendar period so that every co-op is invoiced on the same
dates whatever day it joined: months, quarters (January, April, July, October)
or years (January 1st). A tier states a *monthly* rate; a quarter bills three
months and a year twelve. A membership that starts or ends inside a period pays
for the days it covers (proration) unless its tier says otherwise.

The Odoo layer uses ``Period.start`` as the key of an invoiced period (database
uniqueness on membership and period start), so the functions here must always
return the same periods for the same membership.

Dates are ``datetime.date`` objects (Odoo 11 date fields are strings: convert
them with ``fields.Date.from_string`` first). Amounts are exact: rates become
``fractions.Fraction`` and only the final amount is rounded.
"""

import calendar
import math
import numbers
from datetime import date, datetime, timedelta
from decimal import Decimal
from fractions import Fraction
from typing import NamedTuple


def _(text):
    """Mark a message for Odoo's translation extractor; Odoo translates later."""
    return text


class DuesError(ValueError):
    """Bad input, with a translatable message.

    ``msgid`` is the English sentence with ``%(name)s`` placeholders and
    ``params`` their values, so the Odoo layer can show
    ``_(err.msgid) % err.params`` in the user's language.
    """

    def __init__(self, msgid, **params):
        super().__init__(msgid % params)
        self.msgid = msgid
        self.params = params


FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
"""Billing frequencies and the number of calendar months a full period spans."""


class Period(NamedTuple):
    """A billing period of one membership.

    ``start`` and ``end`` (inclusive) are the days the membership covers in the
    calendar period; ``months`` is the length of the full calendar period (1, 3
    or 12) and ``ratio`` the share of it that is billed (1 for a full period,
    or for a partial one when proration is off).
    """

    start: date
    end: date
    months: int
    ratio: Fraction


def calendar_period(day, frequency):
    """Return (first day, last day) of the calendar period containing ``day``.

    Also tells when a change (e.g. of tier) made on ``day`` takes effect: the
    day after the returned last day.
    """
    _check_date(day, "day")
    months = _months(frequency)
    first_month = (day.month - 1) // months * months + 1
    first = date(day.year, first_month, 1)
    return first, _last_day_after(first, months)


def periods_between(start, end, frequency, until, prorate=True):
    """Return the periods of a membership that are due on ``until``.

    The membership runs from ``start`` to ``end`` inclusive (``end`` is None
    while it is open-ended). A period is due on its first day, so the list
    stops at the last period starting on or before ``until``. With
    ``prorate``, the first and last periods are billed by the days they cover;
    without it a partial period is billed as a full one.
    """
    _check_span(start, end)
    _check_date(until, "until")
    months = _months(frequency)
    periods = []
    first, last = calendar_period(start, frequency)
    day = start
    while day <= until and (end is None or day <= end):
        stop = last if end is None else min(last, end)
        ratio = _day_ratio(day, stop, first, last) if prorate else Fraction(1)
        periods.append(Period(start=day, end=stop, months=months, ratio=ratio))
        first = day = last + timedelta(days=1)
        last = _last_day_after(first, months)
    return periods


def amount(monthly_rate, period, digits=2):
    """Return the amount due for ``period``: rate x months x ratio.

    The product is exact and rounded half-up once, so that 17/31 of a month at
    25 EUR is 13.71 EUR whatever float the rate came from.
    """
    rate = _exact_rate(monthly_rate)
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise DuesError(
            _("The number of digits must be a non-negative integer, got %(digits)s."),
            digits=digits,
        )
    return _round_half_up(rate * period.months * period.ratio, digits)


def next_period_start(start, end, frequency, after):
    """Return the day the next period falls due after ``after``, or None.

    This is the "next dues date" shown to a representative: the start of the
    first period that is not yet due on ``after`` (the membership start when it
    lies in the future). None when the membership ends before that day.
    """
    _check_span(start, end)
    _check_date(after, "after")
    if start > after:
        return start
    upcoming = calendar_period(after, frequency)[1] + timedelta(days=1)
    if end is not None and upcoming > end:
        return None
    return upcoming


def month_periods(date_from, date_to):
    """Return (first day, last day) of every calendar month meeting a range.

    The monthly budget report groups coordination cost and dues by these
    months; the bounds are whole months even when the range is not.
    """
    _check_span(date_from, date_to)
    months = []
    first = date(date_from.year, date_from.month, 1)
    while first <= date_to:
        last = _last_day_after(first, 1)
        months.append((first, last))
        first = last + timedelta(days=1)
    return months


def _months(frequency):
    """Return the months in a full period of ``frequency``; reject unknown ones."""
    if not isinstance(frequency, str) or frequency not in FREQUENCY_MONTHS:
        raise DuesError(
            _(
                "Unknown billing frequency %(frequency)s: "
                "expected monthly, quarterly or yearly."
            ),
            frequency=frequency,
        )
    return FREQUENCY_MONTHS[frequency]


def _check_date(value, name):
    """Reject anything but a plain date: datetimes and strings do not compare."""
    if not isinstance(value, date) or isinstance(value, datetime):
        raise DuesError(
            _("Expected a date for %(name)s, got %(value)s."), name=name, value=value
        )


def _check_span(start, end):
    """Check a start date and an optional end date that must not precede it."""
    _check_date(start, "start")
    if end is None:
        return
    _check_date(end, "end")
    if end < start:
        raise DuesError(
            _("The end date %(end)s is before the start date %(start)s."),
            start=start,
            end=end,
        )


def _last_day_after(first, months):
    """Return the last day of the ``months`` calendar months starting at ``first``."""
    index = first.year * 12 + first.month - 1 + months - 1
    year, month = divmod(index, 12)
    return date(year, month + 1, calendar.monthrange(year, month + 1)[1])


def _day_ratio(start, end, first, last):
    """Return the share of the calendar period first..last that start..end spans."""
    return Fraction((end - start).days + 1, (last - first).days + 1)


def _exact_rate(rate):
    """Return the monthly rate as a Fraction; reject negative and non-numbers."""
    value = _as_fraction(rate)
    if value is None or value < 0:
        raise DuesError(
            _("The monthly rate must be a non-negative number, got %(rate)s."),
            rate=rate,
        )
    return value


def _as_fraction(number):
    """Return a finite real number as an exact Fraction, else None.

    Odoo monetary fields are floats: 25.1 must mean 25.1, not the nearest
    binary fraction, so floats go through their shortest repr.
    """
    if isinstance(number, bool) or not isinstance(
        number, (numbers.Rational, float, Decimal)
    ):
        return None
    try:
        return Fraction(repr(number) if isinstance(number, float) else number)
    except (ValueError, OverflowError):
        return None


def _round_half_up(value, digits):
    """Round a non-negative Fraction half-up to a Decimal with ``digits`` places."""
    scaled = math.floor(value * 10**digits + Fraction(1, 2))
    return Decimal(scaled).scaleb(-digits)
