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
from datetime import date, datetime, timedelta
from fractions import Fraction
from typing import NamedTuple

from .rules import RuleError, _, non_negative, round_half_up


class DuesError(RuleError):
    """Dues input a period rule cannot work with (see ``rules.RuleError``)."""


FREQUENCY_MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}
"""Billing frequencies and the number of calendar months a full period spans."""


class Period(NamedTuple):
    """A billing period of one membership.

    ``start`` and ``end`` (inclusive) are the days the membership covers in the
    calendar period; ``months`` is the length of the full calendar period (1, 3
    or 12) and ``ratio`` the share of it that is billed (1 for a full period,
    or for a partial one when proration is off). ``tier`` is the tier of the
    term the period belongs to (see ``Term``).
    """

    start: date
    end: date
    months: int
    ratio: Fraction
    tier: object = None


class Term(NamedTuple):
    """How a membership is billed from ``start`` on, until the next term starts.

    A membership's first term starts with it; a dated change (of tier or billing
    frequency) starts a new one. ``tier`` is opaque here: the Odoo layer passes
    its tier record and finds it again on each period.
    """

    start: date
    frequency: str
    tier: object = None
    prorate: bool = True


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
    rate = non_negative(
        monthly_rate,
        DuesError,
        _("The monthly rate must be a non-negative number, got %(rate)s."),
        rate=monthly_rate,
    )
    if isinstance(digits, bool) or not isinstance(digits, int) or digits < 0:
        raise DuesError(
            _("The number of digits must be a non-negative integer, got %(digits)s."),
            digits=digits,
        )
    return round_half_up(rate * period.months * period.ratio, digits)


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


def due_periods(terms, end, until, suspensions=(), invoiced=()):
    """Return the periods due on ``until`` that are billable and not invoiced yet.

    ``terms``: the membership's ``Term`` list in date order, the first one starting
    the membership; ``end``: its last day, or None. ``suspensions`` and ``invoiced``
    are (first day, last day) pairs; a suspension still open ends with None.
    Suspended days are never billed. A day an invoiced period covers is never
    billed again, whatever changed since: days are compared, not period keys.

    A prorating term bills each stretch of days left in a calendar period by the
    share of that period they cover. A term without proration bills a calendar
    period in full, once, when any of its days is billable.
    """
    _check_terms(terms, end)
    _check_date(until, "until")
    suspended = _intervals(suspensions, "suspensions")
    covered = _intervals(invoiced, "invoiced")
    due = []
    for term, last in _segments(terms, end):
        for part in periods_between(term.start, last, term.frequency, until):
            due.extend(_due_parts(part, term, suspended, covered))
    return due


def worth(monthly_rate, period, frequency, span, suspensions=(), prorate=True):
    """Return what an invoiced ``period`` is worth now that the membership changed.

    ``span``: (first day, last day or None) of the membership now; its suspended
    days and the days outside it are not billable any more. With proration the
    period is worth its billable days; without, the whole period while any of
    its days is billable. The difference with what was invoiced is credited.
    """
    first, last = calendar_period(period.start, frequency)
    start, end = span
    _check_span(start, end)
    runs = _free_runs(
        max(period.start, start),
        period.end if end is None else min(period.end, end),
        _intervals(suspensions, "suspensions"),
    )
    days = sum((stop - day).days + 1 for day, stop in runs)
    ratio = (
        Fraction(days, (last - first).days + 1) if prorate else Fraction(int(days > 0))
    )
    return amount(monthly_rate, period._replace(ratio=ratio))


def is_period_start(day, frequency):
    """Tell whether ``day`` starts a calendar period of ``frequency``."""
    return calendar_period(day, frequency)[0] == day


def change_date(after, old_frequency, new_frequency):
    """Return the first day after ``after`` that starts a period of both frequencies.

    A dated change (of tier or frequency) takes effect on such a day, so that no
    period straddles two terms: a period is never billed twice, nor skipped.
    """
    coarser = max(old_frequency, new_frequency, key=_months)
    return calendar_period(after, coarser)[1] + timedelta(days=1)


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


def _check_terms(terms, end):
    """The first term starts the membership; each next one starts on a boundary."""
    if not terms or not all(isinstance(term, Term) for term in terms):
        raise DuesError(
            _("A membership needs its billing terms, got %(terms)s."), terms=terms
        )
    _check_span(terms[0].start, end)
    for previous, term in zip(terms, terms[1:]):
        _check_date(term.start, "term start")
        if term.start <= previous.start or not (
            is_period_start(term.start, previous.frequency)
            and is_period_start(term.start, term.frequency)
        ):
            raise DuesError(
                _(
                    "A change on %(day)s must follow the previous one and start a "
                    "%(old)s and a %(new)s period."
                ),
                day=term.start,
                old=previous.frequency,
                new=term.frequency,
            )


def _segments(terms, end):
    """Return (term, its last day or None) for each term that starts by ``end``."""
    segments = []
    for term, following in zip(terms, list(terms[1:]) + [None]):
        last = following.start - timedelta(days=1) if following else None
        if end is not None:
            if term.start > end:
                break
            last = end if last is None else min(last, end)
        segments.append((term, last))
    return segments


def _intervals(pairs, name):
    """Return (first, last) day pairs sorted, an open end as ``date.max``."""
    intervals = []
    for pair in pairs:
        if not (isinstance(pair, tuple) and len(pair) == 2):
            raise DuesError(
                _("Expected (first day, last day) pairs in %(name)s, got %(value)s."),
                name=name,
                value=pair,
            )
        _check_span(*pair)
        intervals.append((pair[0], date.max if pair[1] is None else pair[1]))
    return sorted(intervals)


def _free_runs(start, end, intervals):
    """Return the runs of days from ``start`` to ``end`` that no interval covers."""
    runs = []
    day = start
    for first, last in intervals:
        if day > end:
            break
        if last < day or first > end:
            continue
        if first > day:
            runs.append((day, first - timedelta(days=1)))
        if last >= end:
            return runs
        day = last + timedelta(days=1)
    if day <= end:
        runs.append((day, end))
    return runs


def _due_parts(part, term, suspended, covered):
    """Return what is left to bill of one period of a term (see ``due_periods``)."""
    first, last = calendar_period(part.start, term.frequency)
    length = (last - first).days + 1
    if not term.prorate:
        if _free_runs(part.start, part.end, covered) != [(part.start, part.end)]:
            return []
        runs = _free_runs(part.start, part.end, suspended)
        if not runs:
            return []
        return [Period(runs[0][0], runs[-1][1], part.months, Fraction(1), term.tier)]
    parts = []
    for start, end in _free_runs(part.start, part.end, covered):
        runs = _free_runs(start, end, suspended)
        days = sum((stop - day).days + 1 for day, stop in runs)
        if days:
            ratio = Fraction(days, length)
            parts.append(Period(runs[0][0], runs[-1][1], part.months, ratio, term.tier))
    return parts
