# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of lib/rules, the pieces every komunigi library shares (no database)."""

from decimal import Decimal
from fractions import Fraction

import pytest

from ..lib import rules


class SomeRuleError(rules.RuleError):
    pass


def test_rule_error_keeps_the_msgid_and_its_params():
    error = SomeRuleError("%(what)s is wrong.", what="This")
    assert isinstance(error, ValueError)
    assert (error.msgid, error.params, str(error)) == (
        "%(what)s is wrong.",
        {"what": "This"},
        "This is wrong.",
    )


@pytest.mark.parametrize(
    "number, exact",
    [
        (0.1, Fraction(1, 10)),
        (25.1, Fraction(251, 10)),
        (3, Fraction(3)),
        (Decimal("0.07"), Fraction(7, 100)),
        (Fraction(2, 3), Fraction(2, 3)),
    ],
)
def test_as_fraction_reads_floats_as_written(number, exact):
    assert rules.as_fraction(number) == exact


@pytest.mark.parametrize("value", [True, "1", None, float("inf"), float("nan")])
def test_as_fraction_refuses_what_is_no_finite_number(value):
    assert rules.as_fraction(value) is None


@pytest.mark.parametrize(
    "value, digits, rounded",
    [
        (Fraction(5, 1000), 2, Decimal("0.01")),
        (Fraction(4999, 1000000), 2, Decimal("0.00")),
        (Fraction(2, 3), 2, Decimal("0.67")),
        (Fraction(251, 10), 0, Decimal("25")),
    ],
)
def test_round_half_up_rounds_only_the_result(value, digits, rounded):
    assert rules.round_half_up(value, digits) == rounded


def test_parse_number_reads_numeric_strings():
    assert rules.parse_number(" 12.50 ") == Fraction(25, 2)
    assert rules.parse_number(0.3) == Fraction(3, 10)


@pytest.mark.parametrize("value", ["twelve", True, None, "nan"])
def test_parse_number_raises_the_callers_error(value):
    with pytest.raises(SomeRuleError) as info:
        rules.parse_number(value, SomeRuleError)
    assert info.value.msgid == "%(value)s is not a number."
    assert info.value.params == {"value": value}
