# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When meeting reminders are due: pure Python, no database."""

from datetime import datetime, timedelta

import pytest

from ..lib import reminders

SEND, SKIP = reminders.SEND, reminders.SKIP
START = datetime(2026, 3, 20, 18, 0)
OFFSETS = (7, 1)


def at(days_before, hours=0):
    return START - timedelta(days=days_before, hours=hours)


@pytest.mark.parametrize("offsets", [(7, 1), (1,), (30, 7, 1)])
def test_positive_offsets_pass(offsets):
    reminders.check_offsets(offsets)


@pytest.mark.parametrize("bad", [0, -1, 1.5, "7", None, True])
def test_an_offset_must_be_a_positive_whole_number(bad):
    with pytest.raises(reminders.ReminderError, match="positive number of days"):
        reminders.check_offsets((7, bad))


def test_a_meeting_is_planned_in_the_future():
    reminders.check_meeting_start(START, at(1))
    with pytest.raises(reminders.ReminderError, match="in the past"):
        reminders.check_meeting_start(START, START)
    with pytest.raises(reminders.ReminderError, match="in the past"):
        reminders.check_meeting_start(START, START + timedelta(minutes=1))
    with pytest.raises(reminders.ReminderError, match="Give the start"):
        reminders.check_meeting_start(None, START)


def test_nothing_due_before_the_first_offset():
    assert reminders.plan(at(7, hours=1), START, OFFSETS, set()) == []


def test_seven_days_before():
    assert reminders.plan(at(7), START, OFFSETS, set()) == [(7, SEND)]
    assert reminders.plan(at(5), START, OFFSETS, set()) == [(7, SEND)]


def test_once_handled_an_offset_is_not_due_again():
    assert reminders.plan(at(5), START, OFFSETS, {7}) == []
    assert reminders.plan(at(1), START, OFFSETS, {7}) == [(1, SEND)]
    assert reminders.plan(at(0, hours=2), START, OFFSETS, {7, 1}) == []


def test_a_late_run_sends_the_nearest_and_skips_the_farther():
    assert reminders.plan(at(0, hours=5), START, OFFSETS, set()) == [
        (1, SEND),
        (7, SKIP),
    ]


def test_nothing_once_the_meeting_started():
    assert reminders.plan(START, START, OFFSETS, set()) == []
    assert reminders.plan(START + timedelta(hours=1), START, OFFSETS, set()) == []


def test_duplicate_offsets_count_once():
    assert reminders.plan(at(1), START, (1, 1), set()) == [(1, SEND)]
