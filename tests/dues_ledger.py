# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The clock and the dues ledger of the life-cycle tests (the year replayed, the
state machine).

`Clock` moves Odoo's "today" and "now" (what the code under test reads) through the
scenario's calendar. `DuesLedger` is the scenario's own account of what each co-op owes
in dues: it is written from the calendar of joins, suspensions, changes, ends and dues
runs, with calendar arithmetic of its own, never by calling the code under test. The
rules it restates are those of DESIGN.md section 4 and issue 9: calendar periods (month,
quarter, year), due on their first billable day, invoiced by the dues run of an active
membership, first and last periods prorated by days, suspended days never billed (the
days already invoiced are credited when the suspension closes), the unused days of an
ended membership credited at once, a tier or frequency change applying from a period
start.
"""

from contextlib import ExitStack
from datetime import date, datetime, timedelta
from fractions import Fraction
from unittest.mock import patch

from odoo import fields

MONTHS = {"monthly": 1, "quarterly": 3, "yearly": 12}


class Clock:
    """Odoo's today and now for the code under test, moved by the scenario.

    Also dates the chatter's messages (the newsletter dates a funding or a delivery by
    the tracked change of its state): `mail.message` takes its default date from a
    reference to `fields.Datetime.now` captured when the field was defined.
    """

    def __init__(self, env, moment):
        self.env = env
        self.moment = moment
        self._stack = None

    @property
    def today(self):
        return self.moment.date()

    def set(self, day, hour=10):
        """Move to `day` (a date) at `hour`; the clock never goes back."""
        moment = datetime(day.year, day.month, day.day, hour)
        assert moment >= self.moment, "the clock goes back: %s < %s" % (
            moment,
            self.moment,
        )
        self.moment = moment

    def _today_string(self, record=None, timestamp=None):
        if timestamp is not None:
            return ORIGINAL_CONTEXT_TODAY(record, timestamp=timestamp)
        return fields.Date.to_string(self.today)

    def _now_string(self, *args):
        return fields.Datetime.to_string(self.moment)

    def __enter__(self):
        self._stack = ExitStack()
        for target, name, value in (
            (fields.Date, "context_today", staticmethod(self._today_string)),
            (fields.Date, "today", staticmethod(self._today_string)),
            (fields.Datetime, "now", staticmethod(self._now_string)),
        ):
            self._stack.enter_context(patch.object(target, name, value))
        # A field's attributes cannot be deleted (mock's way back): set them back.
        message_date = self.env["mail.message"]._fields["date"]
        self._stack.callback(setattr, message_date, "default", message_date.default)
        message_date.default = self._now_string
        return self

    def __exit__(self, *exc):
        return self._stack.__exit__(*exc)


ORIGINAL_CONTEXT_TODAY = fields.Date.context_today


def calendar_period(day, frequency):
    """(first, last) day of the calendar month, quarter or year holding `day`."""
    months = MONTHS[frequency]
    first = date(day.year, (day.month - 1) // months * months + 1, 1)
    month = first.month - 1 + months
    after = date(first.year + month // 12, month % 12 + 1, 1)
    return first, after - timedelta(days=1)


def half_up(value):
    """An exact amount rounded half-up to the cent, as a Fraction."""
    cents = value * 100
    whole = cents.numerator // cents.denominator
    if cents - whole >= Fraction(1, 2):
        whole += 1
    return Fraction(whole, 100)


class Membership:
    """One membership of the scenario: its terms, suspensions, end and state history."""

    def __init__(self, coop, day, rate, frequency):
        self.coop = coop
        self.start = day
        self.terms = [(day, rate, frequency)]
        self.suspensions = []  # [first day, last day or None, ledger step]
        self.end = None
        self.states = []  # (ledger step, state)

    def state_on(self, step):
        current = None
        for moment, state in self.states:
            if moment <= step:
                current = state
        return current

    def term_of(self, day):
        return [term for term in self.terms if term[0] <= day][-1]

    def suspended(self, day, closed_only=False, before=None):
        """Whether `day` is suspended (by the suspensions made before step `before`)."""
        return any(
            first <= day and (last is None and not closed_only or last and day <= last)
            for first, last, step in self.suspensions
            if before is None or step < before
        )

    def covers(self, day):
        return self.start <= day and (self.end is None or day <= self.end)

    def periods(self, until):
        """(first, last) calendar periods of the terms from the start to `until`."""
        periods = []
        for index, (start, _rate, frequency) in enumerate(self.terms):
            stop = self.terms[index + 1][0] if index + 1 < len(self.terms) else None
            day = start
            while day <= until and (stop is None or day < stop):
                first, last = calendar_period(day, frequency)
                periods.append((first, last))
                day = last + timedelta(days=1)
        return periods

    def billed(self, period, runs):
        """Whether a dues run invoiced the period: one ran while the membership was
        active, on or after a billable day of it."""
        first, last = period
        for step, run_day in runs:
            if self.state_on(step) != "active":
                continue
            day = max(first, self.start)
            while day <= min(last, run_day):
                if self.covers(day) and not self.suspended(day, before=step):
                    return True
                day += timedelta(days=1)
        return False

    def worth(self, period):
        """What the period's billable days are worth: rate x months x days / days."""
        first, last = period
        _start, rate, frequency = self.term_of(max(first, self.start))
        days = (last - first).days + 1
        billable = sum(
            1
            for offset in range(days)
            if self.covers(first + timedelta(days=offset))
            and not self.suspended(first + timedelta(days=offset), closed_only=True)
        )
        return half_up(Fraction(str(rate)) * MONTHS[frequency] * billable / days)

    def net(self, runs):
        """Invoiced minus credited: the worth of each period a dues run invoiced."""
        until = max((day for _step, day in runs), default=self.start)
        return sum(
            (self.worth(p) for p in self.periods(until) if self.billed(p, runs)),
            Fraction(0),
        )


class DuesLedger:
    """The scenario's calendar of memberships and dues runs, step by step."""

    def __init__(self):
        self.step = 0
        self.memberships = {}  # co-op id -> [Membership]
        self.runs = []  # (step, day)

    def _next(self):
        self.step += 1
        return self.step

    def current(self, coop):
        return self.memberships[coop][-1]

    def join(self, coop, day, rate, frequency="monthly"):
        membership = Membership(coop, day, rate, frequency)
        membership.states = [(self._next(), "active")]
        self.memberships.setdefault(coop, []).append(membership)

    def suspend(self, coop, day):
        membership = self.current(coop)
        step = self._next()
        membership.suspensions.append([day, None, step])
        membership.states.append((step, "suspended"))

    def resume(self, coop, day):
        membership = self.current(coop)
        membership.suspensions[-1][1] = day - timedelta(days=1)
        membership.states.append((self._next(), "active"))

    def end(self, coop, day):
        membership = self.current(coop)
        if membership.suspensions and membership.suspensions[-1][1] is None:
            first = membership.suspensions[-1][0]
            if first > day:
                membership.suspensions.pop()
            else:
                membership.suspensions[-1][1] = day
        membership.end = day
        membership.states.append((self._next(), "ended"))

    def change(self, coop, day, rate, frequency):
        """A dated change from `day`: another on the date of the last one replaces
        it, or cancels it when it restores the terms before; the same terms as the
        last ones change nothing."""
        terms = self.current(coop).terms
        if terms[-1][1:] == (rate, frequency):
            return
        if terms[-1][0] == day:
            terms.pop()
            if terms[-1][1:] == (rate, frequency):
                return
        terms.append((day, rate, frequency))

    def run(self, day):
        self.runs.append((self._next(), day))

    def expected_net(self, coop):
        """What `coop` owes in dues so far: the sum over its memberships."""
        return sum(
            (m.net(self.runs) for m in self.memberships.get(coop, [])), Fraction(0)
        )
