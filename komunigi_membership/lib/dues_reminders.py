# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Which reminder an unpaid dues invoice is due, with no Odoo import.

The company sets the delays, in days after the invoice's due date, at which each
reminder level is reached: (15, 45) sends a first reminder 15 days late, a second
one 45 days late. A level is sent once per invoice. A run that finds an invoice
past several levels at once (reminders just switched on, a run missed) sends the
highest one only: a co-op never gets two reminders of the same invoice in one run,
and the levels passed over are never sent afterwards.
"""

from datetime import date, datetime

from .rules import RuleError, _


class ReminderError(RuleError):
    """Reminder delays or dates the rules cannot work with."""


def check_delays(delays):
    """The delays of the levels, in days: positive whole numbers, each one after the
    previous (a zero ends the list: the levels after it are switched off)."""
    levels = []
    for delay in delays:
        if isinstance(delay, bool) or not isinstance(delay, int) or delay < 0:
            raise ReminderError(
                _("A reminder delay is a number of days, 0 or more, got %(delay)s."),
                delay=delay,
            )
        if not delay:
            break
        if levels and delay <= levels[-1]:
            raise ReminderError(
                _(
                    "Each reminder comes after the previous one: %(delay)s days is "
                    "not after %(previous)s days."
                ),
                delay=delay,
                previous=levels[-1],
            )
        levels.append(delay)
    return tuple(levels)


def reached_level(due_date, today, delays):
    """The highest level whose delay has passed on `today` (0: none yet)."""
    late = (_day(today, "today") - _day(due_date, "due_date")).days
    return sum(1 for delay in check_delays(delays) if late >= delay)


def _day(value, name):
    """A date (the day of a datetime), else an error that names the argument."""
    if isinstance(value, datetime):
        return value.date()
    if not isinstance(value, date):
        raise ReminderError(
            _("Expected a date for %(name)s, got %(value)s."), name=name, value=value
        )
    return value


def level_to_send(due_date, today, delays, sent_levels=()):
    """The level to send on `today`, or 0 when none is due: the level reached, unless
    that level or a higher one was already sent."""
    level = reached_level(due_date, today, delays)
    if not level or any(sent >= level for sent in sent_levels):
        return 0
    return level
