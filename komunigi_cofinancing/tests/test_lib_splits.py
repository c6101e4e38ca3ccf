# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The cost split engine (lib/splits.py): pure Python, no database."""

import ast
import functools
from decimal import Decimal
from fractions import Fraction

from ...komunigi_membership.tests.rule_checks import rule_error
from ..lib import splits

D = Decimal


def _cents(shares):
    return sorted(int(amount * 100) for amount in shares.values())


# Acceptance: the seeds' co-financings


def test_migration_50000_among_7_to_the_cent():
    shares = splits.equal(
        50000, ["BEES", "BLOUM", "Babl", "Coopeco", "Feve", "Nid", "CIE"]
    )
    assert sum(shares.values()) == D("50000.00")
    assert max(shares.values()) - min(shares.values()) <= D("0.01")
    assert list(shares.values()) == [D("7142.86")] * 5 + [D("7142.85")] * 2


def test_reminder_emails_300_among_4():
    assert splits.equal(300, "abcd") == dict.fromkeys("abcd", D("75.00"))


def test_subscription_form_400_among_2():
    assert splits.equal(400, ["Demain", "Nid"]) == {
        "Demain": D("200.00"),
        "Nid": D("200.00"),
    }


# Methods


def test_equal_gives_leftover_cents_in_the_given_order():
    shares = splits.equal(D("0.05"), ["z", "y", "x"])
    assert shares == {"z": D("0.02"), "y": D("0.02"), "x": D("0.01")}
    assert list(shares) == ["z", "y", "x"]


def test_equal_amounts_have_the_requested_decimals():
    assert splits.equal(10, "ab", digits=0) == {"a": D("5"), "b": D("5")}
    assert splits.equal(1, "abc", digits=3) == {
        "a": D("0.334"),
        "b": D("0.333"),
        "c": D("0.333"),
    }
    assert str(splits.equal(0, "a")["a"]) == "0.00"


def test_total_is_rounded_half_up_first():
    assert splits.equal(0.1 + 0.2, "ab") == {"a": D("0.15"), "b": D("0.15")}
    assert splits.equal("10.005", "a") == {"a": D("10.01")}
    assert splits.equal(Fraction(1, 3), "a") == {"a": D("0.33")}


def test_weighted_by_largest_remainder():
    shares = splits.weighted(100, [("a", 1), ("b", 2), ("c", 3), ("d", 0)])
    assert shares == {"a": D("16.67"), "b": D("33.33"), "c": D("50.00"), "d": D("0.00")}


def test_weighted_accepts_a_dict_and_fractional_weights():
    shares = splits.weighted(1000, {"small": "0.5", "big": 1.5})
    assert shares == {"small": D("250.00"), "big": D("750.00")}


def test_weighted_ties_go_to_the_first_given():
    assert splits.weighted(D("0.01"), [("b", 1), ("a", 1)]) == {
        "b": D("0.01"),
        "a": D("0.00"),
    }


def test_pledges_and_remainder_split_equally():
    shares = splits.pledges(
        1000, [("BEES", 400)], [("Nid", 1), ("Demain", 1), ("Fève", 1)]
    )
    assert shares == {
        "BEES": D("400.00"),
        "Nid": D("200.00"),
        "Demain": D("200.00"),
        "Fève": D("200.00"),
    }


def test_pledges_and_remainder_split_by_weight():
    shares = splits.pledges(1000, {"BEES": 100}, {"Nid": 1, "Demain": 2})
    assert shares == {"BEES": D("100.00"), "Nid": D("300.00"), "Demain": D("600.00")}


def test_pledges_covering_the_total_leave_the_others_at_zero():
    assert splits.pledges(300, [("a", 100), ("b", 200)], [("c", 1)]) == {
        "a": D("100.00"),
        "b": D("200.00"),
        "c": D("0.00"),
    }
    assert splits.pledges(300, [("a", 100), ("b", 200)]) == {
        "a": D("100.00"),
        "b": D("200.00"),
    }


def test_common_pot_pays_its_rate_then_the_rest_by_another_method():
    shares = splits.common_pot(1000, 30, "pot", "equal", participants=["a", "b", "c"])
    assert shares == {
        "pot": D("300.00"),
        "a": D("233.34"),
        "b": D("233.33"),
        "c": D("233.33"),
    }
    shares = splits.common_pot(100, "12.5", "pot", "weighted", weights={"a": 1, "b": 3})
    assert shares == {"pot": D("12.50"), "a": D("21.88"), "b": D("65.62")}


def test_common_pot_rate_bounds_are_allowed():
    assert splits.common_pot(10, 0, "pot", "equal", participants="a")["pot"] == 0
    assert splits.common_pot(10, 100, "pot", "equal", participants="a") == {
        "pot": D("10.00"),
        "a": D("0.00"),
    }


def test_provider_contribution_then_rest():
    shares = splits.provider_contribution(
        50000, "Coop IT Easy", 5000, "equal", participants=[f"s{i}" for i in range(6)]
    )
    assert shares["Coop IT Easy"] == D("5000.00")
    assert set(list(shares.values())[1:]) == {D("7500.00")}
    assert sum(shares.values()) == D("50000.00")


def test_provider_contribution_with_pledges_for_the_rest():
    shares = splits.provider_contribution(
        1000, "CIE", 100, "pledges", pledges={"a": 300}, remainder={"b": 1}
    )
    assert shares == {"CIE": D("100.00"), "a": D("300.00"), "b": D("600.00")}


def test_capped_moulin_shenker_drops_who_cannot_pay():
    shares = splits.capped(900, [("a", 100), ("b", 400), ("c", None), ("d", 500)])
    assert shares == {
        "a": D("0.00"),
        "b": D("300.00"),
        "c": D("300.00"),
        "d": D("300.00"),
    }


def test_capped_drops_in_cascade():
    # 10 / 3 = 3.33..: a (3.33) drops; 10 / 2 = 5: b (4) drops; c pays it all.
    shares = splits.capped(10, {"a": "3.33", "b": 4, "c": None})
    assert shares == {"a": D("0.00"), "b": D("0.00"), "c": D("10.00")}


def test_capped_keeps_everybody_who_can_pay_an_extra_cent():
    shares = splits.capped(100, {"a": "33.34", "b": "33.34", "c": "33.34"})
    assert shares == {"a": D("33.34"), "b": D("33.33"), "c": D("33.33")}
    # A cap below the cent grid is floored: 33.339 means at most 33.33.
    shares = splits.capped(100, {"a": "33.339", "b": 50, "c": 50})
    assert shares == {"a": D("0.00"), "b": D("50.00"), "c": D("50.00")}


def test_split_dispatches_on_the_method_name():
    assert splits.METHODS == (
        "equal",
        "weighted",
        "pledges",
        "common_pot",
        "provider",
        "capped",
    )
    assert splits.split("equal", 300, participants="abcd") == splits.equal(300, "abcd")


# Properties, looped over many cases


def test_every_equal_split_adds_up_and_differs_by_one_cent_at_most():
    for cents in list(range(0, 400)) + [4999999, 5000000, 5000001, 12345678]:
        total = D(cents) / 100
        for count in range(1, 14):
            shares = _cents(splits.equal(total, range(count)))
            assert sum(shares) == cents
            assert shares[-1] - shares[0] <= 1


def test_every_weighted_split_adds_up_and_stays_within_a_cent_of_its_quota():
    weight_sets = [
        [1],
        [1, 2],
        [3, 0, 7],
        [5, 5, 5, 1],
        [1, 10, 100, 1000],
        [2, 3, 5, 7, 11],
    ]
    for cents in list(range(0, 300, 7)) + [100000, 9999999]:
        for weights in weight_sets:
            shares = splits.weighted(D(cents) / 100, list(enumerate(weights)))
            assert sum(shares.values()) * 100 == cents
            for key, weight in enumerate(weights):
                quota = Fraction(cents * weight, sum(weights))
                assert abs(Fraction(shares[key] * 100) - quota) < 1


def test_every_capped_split_adds_up_and_respects_the_caps():
    caps = [10, 25, 40, 55, 70, None]
    for total in range(0, 400, 3):
        for size in range(1, len(caps) + 1):
            pairs = list(enumerate(caps[:size]))
            try:
                shares = splits.capped(total, pairs)
            except splits.SplitError:
                assert all(cap is not None for _key, cap in pairs)
                continue
            assert sum(shares.values()) == total
            payers = [amount for amount in shares.values() if amount]
            assert not payers or max(payers) - min(payers) <= D("0.01")
            for key, cap in pairs:
                assert cap is None or shares[key] <= cap


def test_every_composite_split_adds_up():
    for cents in range(0, 100000, 997):
        total = D(cents) / 100
        for rate in (0, 30, D("33.3"), 100):
            shares = splits.common_pot(total, rate, "pot", "equal", participants="abc")
            assert sum(shares.values()) == total
        amount = min(total, D("12.34"))
        shares = splits.provider_contribution(
            total, "p", amount, "weighted", weights={"a": 1, "b": 2}
        )
        assert sum(shares.values()) == total


# Errors: each explains itself, with placeholders for the Odoo translation


_error = functools.partial(rule_error, splits.SplitError)


def test_error_nobody():
    error = _error(splits.equal, 100, [])
    assert error.msgid == "There is nobody to split the amount between."
    _error(splits.weighted, 100, {})
    _error(splits.pledges, 100, [], [])
    _error(splits.capped, 100, [])


def test_error_negative_total():
    error = _error(splits.equal, -1, "a")
    assert error.msgid == "The total cannot be negative (%(total)s)."
    assert str(error) == "The total cannot be negative (-1)."


def test_error_negative_weight():
    error = _error(splits.weighted, 10, {"a": 1, "b": -2})
    assert error.params == {"participant": "b", "weight": -2}
    assert str(error) == "The weight of b cannot be negative (-2)."


def test_error_all_weights_zero():
    error = _error(splits.weighted, 10, {"a": 0, "b": 0})
    assert error.msgid == "All weights are zero: nobody would pay."
    _error(splits.pledges, 10, {"a": 5}, {"b": 0})


def test_error_negative_pledge():
    error = _error(splits.pledges, 10, {"a": -5}, {"b": 1})
    assert str(error) == "The pledge of a cannot be negative (-5)."


def test_error_pledges_above_the_total():
    error = _error(splits.pledges, 100, {"a": 60, "b": 50}, {"c": 1})
    assert str(error) == "The pledges (110.00) exceed the total (100.00)."


def test_error_pledges_not_covering_and_nobody_for_the_rest():
    error = _error(splits.pledges, 100, {"a": 60})
    assert str(error) == (
        "The pledges (60.00) do not cover the total (100.00) and nobody shares the "
        "remainder."
    )


def test_error_common_pot_rate_out_of_bounds():
    for rate in (-1, "100.01", 250):
        error = _error(splits.common_pot, 10, rate, "pot", "equal", participants="a")
        assert (
            error.msgid == "The common pot rate must be between 0 and 100 (%(rate)s)."
        )


def test_error_provider_contribution_negative_or_above_the_total():
    error = _error(splits.provider_contribution, 10, "p", -1, "equal", participants="a")
    assert str(error) == "The contribution of p cannot be negative (-1)."
    error = _error(splits.provider_contribution, 10, "p", 11, "equal", participants="a")
    assert str(error) == "The contribution of p (11) exceeds the total (10.00)."


def test_error_negative_cap():
    error = _error(splits.capped, 10, {"a": -1, "b": None})
    assert str(error) == "The cap of a cannot be negative (-1)."


def test_error_nobody_can_pay_under_the_caps():
    error = _error(splits.capped, 100, {"a": 10, "b": 20, "c": 30})
    assert str(error) == (
        "No group of participants can pay equal shares of 100.00 within their caps."
    )


def test_error_duplicate_participant():
    error = _error(splits.equal, 10, ["a", "b", "a"])
    assert str(error) == "a appears more than once."
    _error(splits.weighted, 10, [("a", 1), ("a", 2)])
    _error(splits.pledges, 10, {"a": 1}, {"a": 1})
    _error(splits.common_pot, 10, 10, "a", "equal", participants="ab")
    _error(splits.provider_contribution, 10, "a", 1, "equal", participants="ab")


def test_error_not_a_number():
    for value in ("ten", None, True, float("nan"), float("inf"), D("NaN"), [1]):
        error = _error(splits.equal, value, "a")
        assert error.msgid == "%(value)s is not a number."
        assert error.params == {"value": value}
    _error(splits.weighted, 10, {"a": "heavy"})


def test_error_bad_digits():
    for digits in (-1, 1.5, "2", True):
        error = _error(splits.equal, 10, "a", digits=digits)
        assert error.params == {"digits": digits}


def test_error_unknown_method_or_wrong_parameters():
    error = _error(splits.split, "lottery", 10)
    assert str(error) == "Unknown split method: lottery."
    error = _error(splits.split, "equal", 10, weights={"a": 1})
    assert error.msgid == "Wrong parameters for the split method %(method)s: %(error)s."
    _error(splits.common_pot, 10, 10, "pot", "weighted", participants="a")


def _marked(module, error_class):
    """The first argument of every ``error_class(...)`` in ``module``'s source,
    checked to be a ``_("...")`` call (or a name bound to one), so that Odoo's
    extractor finds every message."""
    with open(module.__file__, encoding="utf-8") as source:
        tree = ast.parse(source.read())
    marked = {
        node.targets[0].id
        for node in tree.body
        if isinstance(node, ast.Assign) and _is_marker_call(node.value)
    }
    calls = [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == error_class
    ]
    assert calls
    for call in calls:
        first = call.args[0]
        assert _is_marker_call(first) or (
            isinstance(first, ast.Name) and first.id in marked
        ), ast.dump(call)
    return len(calls)


def _is_marker_call(node):
    return (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id == "_"
        and isinstance(ast.literal_eval(node.args[0]), str)
    )


def test_messages_are_marked_for_translation_and_left_untouched():
    assert splits._("The total cannot be negative (%(total)s).") == (
        "The total cannot be negative (%(total)s)."
    )
    assert _marked(splits, "SplitError") > 15
