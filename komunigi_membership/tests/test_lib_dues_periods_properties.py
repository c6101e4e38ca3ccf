# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Properties of the dues periods (lib/dues_periods.py) over generated memberships.

A membership is billed without gaps and without overlaps: its periods follow one
another day after day, and when the dues run bills what is due again and again (as
the monthly cron does), with changes of tier or frequency and suspensions, every day
of the membership that is not suspended ends up on exactly one invoiced period.
KOMUNIGI_HYPOTHESIS_EXAMPLES sizes the run (default 30 per property).
"""

import os
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from ..lib import dues_periods as dues

EXAMPLES = int(os.environ.get("KOMUNIGI_HYPOTHESIS_EXAMPLES", "30"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None)

frequencies = st.sampled_from(sorted(dues.FREQUENCY_MONTHS))
days = st.dates(min_value=date(2023, 1, 1), max_value=date(2026, 12, 31))
DAY = timedelta(days=1)


@SETTINGS
@given(days, st.none() | st.integers(0, 900), frequencies, st.integers(0, 900))
def test_periods_follow_one_another_within_their_calendar_period(
    start, length, frequency, horizon
):
    end = None if length is None else start + timedelta(days=length)
    until = start + timedelta(days=horizon)
    periods = dues.periods_between(start, end, frequency, until)
    assert periods[0].start == start
    for previous, period in zip(periods, periods[1:]):
        assert period.start == previous.end + DAY
    for period in periods:
        first, last = dues.calendar_period(period.start, frequency)
        assert first <= period.start <= period.end <= last
        assert period.start <= until
    stop = periods[-1].end
    assert stop == end or stop == dues.calendar_period(until, frequency)[1]


@st.composite
def memberships(draw):
    """Terms (a first one, maybe a dated change), an end, suspensions, cron days."""
    start = draw(days)
    frequency = draw(frequencies)
    terms = [dues.Term(start, frequency, prorate=draw(st.booleans()))]
    if draw(st.booleans()):
        new = draw(frequencies)
        after = start + timedelta(days=draw(st.integers(0, 400)))
        terms.append(
            dues.Term(
                dues.change_date(after, frequency, new), new, None, draw(st.booleans())
            )
        )
    end = draw(st.none() | st.integers(0, 800).map(lambda n: start + timedelta(days=n)))
    suspensions = []
    for _index in range(draw(st.integers(0, 2))):
        first = start + timedelta(days=draw(st.integers(0, 700)))
        length = draw(st.none() | st.integers(0, 120))
        suspensions.append(
            (first, None if length is None else first + timedelta(days=length))
        )
    runs = sorted(
        draw(st.lists(st.integers(0, 800), min_size=1, max_size=6)), reverse=False
    )
    return terms, end, suspensions, [start + timedelta(days=n) for n in runs]


def _suspended(day, suspensions):
    return any(
        first <= day and (last is None or day <= last) for first, last in suspensions
    )


@SETTINGS
@given(memberships())
def test_repeated_dues_runs_bill_every_day_once(membership):
    terms, end, suspensions, run_days = membership
    invoiced = []
    for until in run_days:
        due = dues.due_periods(terms, end, until, suspensions, invoiced)
        invoiced += [(period.start, period.end) for period in due]
    invoiced.sort()
    for previous, following in zip(invoiced, invoiced[1:]):
        assert previous[1] < following[0], ("overlap", previous, following)
    day = terms[0].start
    last_day = run_days[-1] if end is None else min(end, run_days[-1])
    while day <= last_day:
        billed = [span for span in invoiced if span[0] <= day <= span[1]]
        assert billed or _suspended(day, suspensions), ("gap", day, invoiced)
        day += DAY
