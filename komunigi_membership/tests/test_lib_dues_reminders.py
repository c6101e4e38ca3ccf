# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the dues reminder levels (pure Python, no database)."""

import functools
from datetime import date, datetime, timedelta

from ..lib import dues_reminders as reminders
from .rule_checks import assert_rule_error

assert_reminder_error = functools.partial(assert_rule_error, reminders.ReminderError)
DUE = date(2026, 3, 31)


def late(days):
    return DUE + timedelta(days=days)


def test_levels_are_reached_on_their_day():
    delays = (15, 45)
    assert reminders.reached_level(DUE, late(-3), delays) == 0
    assert reminders.reached_level(DUE, late(14), delays) == 0
    assert reminders.reached_level(DUE, late(15), delays) == 1
    assert reminders.reached_level(DUE, late(44), delays) == 1
    assert reminders.reached_level(DUE, late(45), delays) == 2
    assert reminders.reached_level(DUE, late(400), delays) == 2


def test_each_level_is_sent_once():
    delays = (15, 45)
    assert reminders.level_to_send(DUE, late(20), delays) == 1
    assert reminders.level_to_send(DUE, late(20), delays, [1]) == 0
    assert reminders.level_to_send(DUE, late(50), delays, [1]) == 2
    assert reminders.level_to_send(DUE, late(80), delays, [1, 2]) == 0


def test_a_late_run_sends_the_highest_level_only_and_never_the_lower_one():
    delays = (15, 45)
    assert reminders.level_to_send(DUE, late(60), delays) == 2
    assert reminders.level_to_send(DUE, late(90), delays, [2]) == 0


def test_a_zero_delay_switches_the_levels_after_it_off():
    assert reminders.check_delays((15, 0)) == (15,)
    assert reminders.check_delays((0, 45)) == ()
    assert reminders.level_to_send(DUE, late(100), (0, 45)) == 0
    assert reminders.level_to_send(DUE, late(100), (10, 0)) == 1
    assert reminders.check_delays((7, 30, 60)) == (7, 30, 60)
    assert reminders.level_to_send(DUE, late(61), (7, 30, 60), [1]) == 3


def test_bad_delays_are_refused():
    assert_reminder_error(
        lambda: reminders.check_delays((30, 30)),
        "Each reminder comes after the previous one: %(delay)s days is not after "
        "%(previous)s days.",
        delay=30,
        previous=30,
    )
    for bad in (-1, 1.5, "15", True, None):
        assert_reminder_error(
            lambda bad=bad: reminders.check_delays((bad,)),
            "A reminder delay is a number of days, 0 or more, got %(delay)s.",
            delay=bad,
        )


def test_dates_are_required():
    for name, due, today in (("due_date", None, DUE), ("today", DUE, "2026-04-01")):
        assert_reminder_error(
            lambda due=due, today=today: reminders.reached_level(due, today, (15,)),
            "Expected a date for %(name)s, got %(value)s.",
            name=name,
            value=due if name == "due_date" else today,
        )
    # A datetime is a date: the day counts, as Odoo's dates would.
    assert reminders.reached_level(DUE, datetime(2026, 4, 15), (15,)) == 1
