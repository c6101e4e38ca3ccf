# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of lib/dashboard_ratios, the overview's percentages (no database)."""

from fractions import Fraction

from ..lib.dashboard_ratios import percent


def test_percent_is_exact_from_floats():
    assert percent(0.1, 0.3) == Fraction(100, 3)
    assert percent(25.1, 100.4) == 25


def test_nothing_expected_is_zero_percent():
    assert percent(10, 0) == 0
    assert percent(10, -5) == 0


def test_an_overrun_is_kept():
    assert percent(150, 100) == 150
