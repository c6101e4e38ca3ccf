# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Funding rounds (lib/mes.py): pure Python, no database, no pabutools.

The comparison with pabutools 1.2.3 on real pabulib files is in tests/oracle; here,
hand-derived rounds and random rounds against lib/mes_reference.py.
"""

import ast
import functools
import glob
import os
import random
from fractions import Fraction as F

from ...komunigi_membership.tests.rule_checks import rule_error
from ..lib import mes, mes_reference
from .twelve_coops import APPROVALS, BUDGET, COOPS, REQUESTS, SUPPORTERS


def _twelve_coops():
    """The round of twelve_coops.py: 12 co-ops with 5,000 EUR each, six requests."""
    return mes.approval_election(REQUESTS, APPROVALS, BUDGET)


def _paying(request, amount):
    return dict.fromkeys(SUPPORTERS[request], F(amount))


# Hand-derived: with cost utilities, a project's price is what each supporter pays
# per euro of its cost. R5: 18,000 / 12 = 1,500 each (price 1/12): everybody keeps
# 3,500. R1 (2,500 each) and R2 (1,500 each) tie at price 1/6; R3, R4, R6 cost 1/4.
# After R1 and R2, co-ops 1-6 keep 1,000 and 7-12 keep 2,000: R3 needs 3,000 from
# each of co-ops 1-4 (4,000 in all, out of reach); R4 (1,500 each from 9-12) and R6
# (750 each from 5-8, which 5 and 6 still have) tie at 1/4. 51,000 EUR are spent;
# R3 (12,000) does not fit in the 9,000 left, so add1 and greedy add nothing.
TWELVE_PAYMENTS = {
    "R5": _paying("R5", 1500),
    "R1": _paying("R1", 2500),
    "R2": _paying("R2", 1500),
    "R6": _paying("R6", 750),
    "R4": _paying("R4", 1500),
}


def test_twelve_coops_default_tie_breaking_prefers_the_cheaper_request():
    outcome = mes.method_of_equal_shares(_twelve_coops(), "default")
    assert outcome.selected == ["R5", "R2", "R1", "R6", "R4"]
    assert outcome.payments == TWELVE_PAYMENTS
    assert outcome.increment == 0


def test_twelve_coops_pabutools_tie_breaking_follows_the_names():
    outcome = mes.method_of_equal_shares(_twelve_coops(), "pabutools")
    assert outcome.selected == ["R5", "R1", "R2", "R4", "R6"]
    assert outcome.payments == TWELVE_PAYMENTS


def test_twelve_coops_completions_add_nothing():
    election = _twelve_coops()
    for rule in ("mes-add1", "mes-add1u"):
        outcome = mes.compute(election, rule)
        assert outcome.selected == ["R5", "R2", "R1", "R6", "R4"]
        assert outcome.payments == TWELVE_PAYMENTS
        assert outcome.increment == 0


def test_twelve_coops_greedy_takes_most_approvals_first():
    outcome = mes.greedy(_twelve_coops())
    # approvals 12, 6, 6, 4, 4, 4; ties by cost; R3 no longer fits.
    assert outcome.selected == ["R5", "R2", "R1", "R6", "R4"]
    assert outcome.payments == TWELVE_PAYMENTS


def test_twelve_coops_each_coop_pays_within_its_budget():
    outcome = mes.method_of_equal_shares(_twelve_coops())
    spent = {
        coop: sum(shares.get(coop, 0) for shares in outcome.payments.values())
        for coop in COOPS
    }
    assert spent == dict(zip(COOPS, [4000] * 4 + [4750] * 2 + [3750] * 2 + [4500] * 4))
    assert sum(spent.values()) == 51000


def test_a_poor_coop_pays_what_it_has_and_the_others_the_rest():
    election = mes.approval_election(
        {"wallet": 150},
        {"a": ["wallet"], "b": ["wallet"], "c": ["wallet"]},
        {"a": 100, "b": 100, "c": 10},
    )
    outcome = mes.method_of_equal_shares(election)
    assert outcome.payments == {"wallet": {"a": F(70), "b": F(70), "c": F(10)}}


def test_points_ballots_pay_in_proportion_to_points():
    # Y: price 9 / (1 + 3) = 9/4 per point, before X: 12 / (2 + 1) = 4. Then a has
    # 31/4 left, less than 2 x 4: a pays it all, b the rest, 17/4 (its price 17/4).
    election = mes.Election(
        {"X": 12, "Y": 9},
        {"a": {"X": 2, "Y": 1}, "b": {"X": 1}, "c": {"Y": 3}},
        10,
    )
    outcome = mes.method_of_equal_shares(election)
    assert outcome.selected == ["Y", "X"]
    assert outcome.payments == {
        "Y": {"a": F(9, 4), "c": F(27, 4)},
        "X": {"a": F(31, 4), "b": F(17, 4)},
    }


def _pair(second_cost):
    """Two voters with 10 each; X (12) by both, Y by the first only."""
    return mes.approval_election(
        {"X": 12, "Y": second_cost}, {"v1": ["X", "Y"], "v2": ["X"]}, 10
    )


def test_add1_stops_at_the_first_exhaustive_outcome():
    # X first (6 each). v1 keeps 4 + k after k increments: Y (8) fits at k = 4,
    # and X + Y = 20 is the whole budget.
    election = _pair(8)
    assert mes.method_of_equal_shares(election).selected == ["X"]
    outcome = mes.mes_add1(election)
    assert outcome.selected == ["X", "Y"]
    assert outcome.increment == 4
    assert outcome.payments == {"X": {"v1": F(6), "v2": F(6)}, "Y": {"v1": F(8)}}


def test_add1_keeps_the_last_outcome_within_the_budget():
    # X first (6 each); Y (v1's) and Z (v2's) cost 8, so both get bought at k = 4
    # and X + Y + Z = 28 exceeds 20: the outcome at k = 3 stays. Greedy then adds Y
    # (one approval each, same cost, Y before Z).
    election = mes.approval_election(
        {"X": 12, "Y": 8, "Z": 8}, {"v1": ["X", "Y"], "v2": ["X", "Z"]}, 10
    )
    outcome = mes.mes_add1(election)
    assert outcome.selected == ["X"]
    assert outcome.increment == 3
    assert outcome.payments == {"X": {"v1": F(6), "v2": F(6)}}
    outcome = mes.compute(election, "mes-add1u")
    assert outcome.selected == ["X", "Y"]
    assert outcome.payments == {"X": {"v1": F(6), "v2": F(6)}, "Y": {"v1": F(8)}}


def test_greedy_completion_equal_split_among_supporters():
    # MES buys nothing (nobody can pay 30 alone); greedy takes A, then B no longer fits.
    election = mes.approval_election(
        {"A": 30, "B": 25}, {"v1": ["A", "B"], "v2": ["A"], "v3": []}, 10
    )
    assert mes.mes_add1(election).selected == ["A"]
    assert mes.method_of_equal_shares(election).selected == []
    outcome = mes.greedy(election, outcome=mes.method_of_equal_shares(election))
    assert outcome.selected == ["A"]
    assert outcome.payments == {"A": {"v1": F(15), "v2": F(15)}}


def test_greedy_also_takes_unsupported_projects_that_fit_like_pabutools():
    election = mes.approval_election({"A": 10, "B": 5}, {"v1": ["A"], "v2": []}, 10)
    outcome = mes.greedy(election)
    assert outcome.selected == ["A", "B"]
    assert outcome.payments == {"A": {"v1": F(10)}, "B": {}}


def test_free_supported_projects_come_first_with_no_payment():
    election = mes.Election({"paid": 4, "free": 0}, {"a": {"paid": 1, "free": 1}}, 5)
    for rule in mes.RULES:
        outcome = mes.compute(election, rule)
        assert outcome.selected == ["free", "paid"]
        assert outcome.payments["free"] == {}


def test_default_tie_breaking_uses_natural_order_of_references():
    election = mes.approval_election(
        {"REQ-10": 100, "REQ-9": 100}, {"a": ["REQ-10", "REQ-9"]}, 100
    )
    assert mes.method_of_equal_shares(election, "default").selected == ["REQ-9"]
    assert mes.method_of_equal_shares(election, "pabutools").selected == ["REQ-10"]


def test_default_tie_breaking_prefers_more_supporters_at_equal_cost():
    # z has no money: A and B both cost x and y 50 each (price 1/2 per euro). B has
    # three supporters and wins by default; pabutools' name order picks A. Then x
    # and y have nothing left for the other.
    election = mes.approval_election(
        {"A": 100, "B": 100},
        {"x": ["A", "B"], "y": ["A", "B"], "z": ["B"]},
        {"x": 50, "y": 50, "z": 0},
    )
    assert mes.method_of_equal_shares(election, "default").selected == ["B"]
    assert mes.method_of_equal_shares(election, "pabutools").selected == ["A"]


def test_endowments_per_voter_and_budget_limit():
    election = mes.Election(
        [("A", 60), ("B", 40)],
        {"rich": {"A": 60, "B": 40}, "poor": {"B": 40}},
        {"rich": 80, "poor": 20},
        budget_limit=100,
    )
    assert election.budget_limit == 100
    outcome = mes.compute(election, "mes-add1u", "pabutools")
    assert set(outcome.selected) == {"A", "B"}
    assert sum(sum(shares.values()) for shares in outcome.payments.values()) == 100


# Errors


_error = functools.partial(rule_error, mes.RuleError)


def test_errors_explain_themselves():
    assert str(_error(mes.Election, {"A": -1}, {}, 1)) == (
        "The cost of A cannot be negative (-1)."
    )
    assert str(_error(mes.Election, [("A", 1), ("A", 2)], {}, 1)) == (
        "A appears more than once."
    )
    assert str(_error(mes.Election, {"A": 1}, {"v": {"B": 1}}, 1)) == (
        "v supports the unknown project B."
    )
    assert str(_error(mes.approval_election, {"A": 1}, {"v": ["B"]}, 1)) == (
        "v supports the unknown project B."
    )
    assert str(_error(mes.Election, {"A": 1}, {"v": {"A": -2}}, 1)) == (
        "The utility of A for v cannot be negative (-2)."
    )
    assert str(_error(mes.Election, {"A": 1}, {"v": {}}, {"v": -5})) == (
        "The budget of v cannot be negative (-5)."
    )
    assert (
        str(_error(mes.Election, {"A": 1}, {"v": {}}, {"w": 5})) == "v has no budget."
    )
    assert str(_error(mes.Election, {"A": "much"}, {}, 1)) == "much is not a number."
    election = mes.Election({"A": 1}, {"v": {"A": 1}}, 1)
    assert str(_error(mes.compute, election, "lottery")) == "Unknown rule: lottery."
    assert str(_error(mes.compute, election, "mes", "coin")) == (
        "Unknown tie-breaking: coin."
    )


def test_messages_are_marked_for_translation():
    calls = []
    for path in glob.glob(os.path.join(os.path.dirname(mes.__file__), "mes*.py")):
        with open(path, encoding="utf-8") as source:
            tree = ast.parse(source.read())
        calls += [
            node
            for node in ast.walk(tree)
            if isinstance(node, ast.Call)
            and getattr(node.func, "id", None) == "RuleError"
        ]
    assert len(calls) >= 8
    for call in calls:
        assert getattr(call.args[0].func, "id", None) == "_"


# Random rounds against the plain reference implementation (lib/mes_reference.py)


def _random_election(rng):
    projects = {
        f"p{index}": rng.choice([0, 5, 12, 20, 33, 47, 60])
        for index in range(rng.randint(1, 6))
    }
    voters = [f"v{index}" for index in range(rng.randint(1, 7))]
    utilities = {}
    for voter in voters:
        chosen = rng.sample(sorted(projects), rng.randint(0, len(projects)))
        if rng.random() < 0.5:
            utilities[voter] = {project: projects[project] for project in chosen}
        else:
            utilities[voter] = {project: rng.randint(1, 3) for project in chosen}
    endowments = {
        voter: F(rng.randint(1, 40), rng.choice([1, 1, 2, 3])) for voter in voters
    }
    return (
        mes.Election(projects, utilities, endowments),
        projects,
        utilities,
        endowments,
    )


def test_random_rounds_match_the_reference_implementation():
    rng = random.Random(20260101)
    for _case in range(300):
        election, costs, utilities, endowments = _random_election(rng)
        for tie_breaking in mes.TIE_BREAKINGS:
            outcome = mes.method_of_equal_shares(election, tie_breaking)
            selected, payments = mes_reference.equal_shares(
                costs, utilities, endowments, tie_breaking
            )
            assert outcome.selected == selected
            assert outcome.payments == payments


def test_random_rounds_add1_skipping_equals_every_unit():
    rng = random.Random(7)
    for _case in range(150):
        election = _random_election(rng)[0]
        for tie_breaking in mes.TIE_BREAKINGS:
            fast = mes.mes_add1(election, tie_breaking)
            assert fast == mes.mes_add1(election, tie_breaking, jump=False)
            _check_payments(election, fast)


def _check_payments(election, outcome):
    """MES payments cover each project exactly; nobody pays above its budget."""
    spent = {}
    for project, shares in outcome.payments.items():
        cost = election.costs[election.index[project]]
        assert sum(shares.values()) == cost
        for voter, amount in shares.items():
            spent[voter] = spent.get(voter, 0) + amount
    endowments = dict(zip(election.voters, election.endowments))
    for voter, amount in spent.items():
        assert 0 < amount <= endowments[voter] + outcome.increment
    assert election.cost_of(election.index[p] for p in outcome.selected) <= (
        election.budget_limit
    )


def test_random_rounds_greedy_completion_stays_within_the_budget():
    rng = random.Random(11)
    for _case in range(200):
        election = _random_election(rng)[0]
        outcome = mes.mes_add1_greedy(election)
        chosen = {election.index[project] for project in outcome.selected}
        room = election.budget_limit - election.cost_of(chosen)
        assert all(
            election.costs[position] > room
            for position in range(len(election.projects))
            if position not in chosen
        )
        assert isinstance(outcome, mes.Outcome)
