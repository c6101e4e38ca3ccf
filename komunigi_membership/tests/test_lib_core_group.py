# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The core-group rules: pure Python, no database."""

from datetime import date

import pytest

from ..lib import core_group

P, C = core_group.PROVIDER, core_group.COOP
M = core_group.Mandate
Y = date(2024, 1, 1)
GROUP = [
    M(1, P, Y, None),
    M(2, C, Y, date(2025, 12, 31)),
    M(3, C, Y, date(2025, 12, 31)),
]


def test_two_years_at_most_for_coop_members():
    core_group.check_length(Y, date(2025, 12, 31), C)
    with pytest.raises(core_group.CoreGroupError, match="at most 2 years"):
        core_group.check_length(Y, date(2026, 1, 1), C)
    with pytest.raises(core_group.CoreGroupError, match="needs an end"):
        core_group.check_length(Y, None, C)
    core_group.check_length(Y, None, P)


def test_leap_day_start():
    core_group.check_length(date(2024, 2, 29), date(2026, 2, 28), C)
    with pytest.raises(core_group.CoreGroupError):
        core_group.check_length(date(2024, 2, 29), date(2026, 3, 1), C)


def test_end_before_start():
    with pytest.raises(core_group.CoreGroupError, match="before it starts"):
        core_group.check_length(Y, date(2023, 1, 1), P)


def test_composition_counts_mandates_in_office():
    assert core_group.composition(GROUP, Y) == {P: 1, C: 2}
    assert core_group.composition(GROUP, date(2026, 1, 1)) == {P: 1, C: 0}


def test_building_the_group_one_by_one_is_allowed():
    for size in range(1, len(GROUP) + 1):
        core_group.check_change(GROUP[: size - 1], GROUP[:size])


def test_fourth_coop_member_is_refused():
    after = GROUP + [M(4, C, Y, date(2024, 6, 30)), M(5, C, Y, date(2024, 6, 30))]
    core_group.check_change(GROUP, after[:4])
    with pytest.raises(core_group.CoreGroupError, match="at most 3"):
        core_group.check_change(after[:4], after)


def test_third_provider_member_is_refused():
    after = GROUP + [M(4, P, Y, None), M(5, P, date(2024, 3, 1), None)]
    core_group.check_change(GROUP, after[:4])
    with pytest.raises(core_group.CoreGroupError) as error:
        core_group.check_change(after[:4], after)
    assert error.value.params["day"] == date(2024, 3, 1)


def test_ending_early_below_minimum_is_refused():
    shortened = GROUP[:2] + [M(3, C, Y, date(2024, 6, 30))]
    with pytest.raises(core_group.CoreGroupError, match="at least 2"):
        core_group.check_change(GROUP, shortened)
    with_successor = shortened + [M(4, C, date(2024, 7, 1), date(2025, 12, 31))]
    core_group.check_change(GROUP + [with_successor[-1]], with_successor)
