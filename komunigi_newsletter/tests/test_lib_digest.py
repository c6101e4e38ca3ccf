# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Digest date ranges: pure Python, no database."""

from datetime import date

import pytest

from ..lib import digest

JAN1, MAR31 = date(2026, 1, 1), date(2026, 3, 31)


def test_a_range_needs_both_days():
    with pytest.raises(digest.DigestError, match="both the first and the last"):
        digest.check_range(None, MAR31)
    with pytest.raises(digest.DigestError, match="both the first and the last"):
        digest.check_range(JAN1, None)


def test_a_range_cannot_end_before_it_starts():
    with pytest.raises(digest.DigestError) as error:
        digest.check_range(MAR31, JAN1)
    assert error.value.params == {"start": "2026-03-31", "end": "2026-01-01"}
    assert "%(end)s" in error.value.msgid


def test_a_single_day_is_a_range():
    digest.check_range(JAN1, JAN1)


def test_both_ends_are_included():
    assert digest.in_range(JAN1, JAN1, MAR31)
    assert digest.in_range(MAR31, JAN1, MAR31)
    assert not digest.in_range(date(2025, 12, 31), JAN1, MAR31)
    assert not digest.in_range(date(2026, 4, 1), JAN1, MAR31)
    assert not digest.in_range(None, JAN1, MAR31)


def test_select_keeps_exactly_the_items_in_range_oldest_first():
    items = [
        ("late", date(2026, 4, 1)),
        ("last", MAR31),
        ("undated", None),
        ("first", JAN1),
        ("before", date(2025, 12, 31)),
        ("middle", date(2026, 2, 14)),
    ]
    kept = digest.select(items, JAN1, MAR31, key=lambda item: item[1])
    assert [name for name, _day in kept] == ["first", "middle", "last"]


@pytest.mark.parametrize(
    "today, expected",
    [
        (date(2026, 4, 1), (JAN1, MAR31)),
        (date(2026, 6, 30), (JAN1, MAR31)),
        (date(2026, 7, 1), (date(2026, 4, 1), date(2026, 6, 30))),
        (date(2026, 1, 2), (date(2025, 10, 1), date(2025, 12, 31))),
        (date(2026, 12, 31), (date(2026, 7, 1), date(2026, 9, 30))),
    ],
)
def test_previous_quarter(today, expected):
    assert digest.previous_quarter(today) == expected
