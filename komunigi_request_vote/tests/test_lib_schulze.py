# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the Schulze method and of what a ranking approves (plain pytest)."""

import functools
from decimal import Decimal
from fractions import Fraction

import pytest

from ...komunigi_membership.tests.rule_checks import assert_rule_error
from ..lib import schulze
from ..lib.tallies import TallyError
from . import schulze_issue_9 as issue_9

assert_tally_error = functools.partial(assert_rule_error, TallyError)


NOT_A_CANDIDATE = "A ballot names %(candidate)s, which is not a candidate."
REPEATED_IN_BALLOT = "A ballot lists the candidate %(candidate)s more than once."


# schulze: the example of https://en.wikipedia.org/wiki/Schulze_method


WIKIPEDIA_GROUPS = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]
WIKIPEDIA_BALLOTS = [
    list(ranking) for count, ranking in WIKIPEDIA_GROUPS for _ in range(count)
]
CANDIDATES = list("ABCDE")

# Rows: a; columns: b in A..E order, None on the diagonal.
WIKIPEDIA_D = {
    "A": [None, 20, 26, 30, 22],
    "B": [25, None, 16, 33, 18],
    "C": [19, 29, None, 17, 24],
    "D": [15, 12, 28, None, 14],
    "E": [23, 27, 21, 31, None],
}
WIKIPEDIA_P = {
    "A": [None, 28, 28, 30, 24],
    "B": [25, None, 28, 33, 24],
    "C": [25, 29, None, 29, 24],
    "D": [25, 28, 28, None, 24],
    "E": [25, 28, 28, 31, None],
}


def as_matrix(rows, pairs=False):
    """Turn the rows above into the nested dicts schulze() returns; with ``pairs``,
    each strength as (support, opposition): every ballot ranks every candidate,
    so the opposition of a link of support s is 45 - s."""
    return {
        a: {
            b: (value, 45 - value) if pairs else value
            for b, value in zip(CANDIDATES, row)
            if b != a
        }
        for a, row in rows.items()
    }


def test_schulze_wikipedia_example():
    assert len(WIKIPEDIA_BALLOTS) == 45
    result = schulze.schulze(WIKIPEDIA_BALLOTS, CANDIDATES)
    assert result["d"] == as_matrix(WIKIPEDIA_D)
    assert result["p"] == as_matrix(WIKIPEDIA_P, pairs=True)
    assert result["winners"] == ["E"]
    assert result["order"] == ["E", "A", "C", "B", "D"]


def test_schulze_result_does_not_depend_on_candidate_order_without_ties():
    result = schulze.schulze(WIKIPEDIA_BALLOTS, list("DBECA"))
    assert result["winners"] == ["E"]
    assert result["order"] == ["E", "A", "C", "B", "D"]


def test_schulze_unlisted_candidates_rank_below_and_tie():
    result = schulze.schulze([["b"], ["b", "c"]], ["a", "b", "c"])
    assert result["d"] == {
        "a": {"b": 0, "c": 0},
        "b": {"a": 2, "c": 2},
        "c": {"a": 1, "b": 0},
    }
    assert result["winners"] == ["b"]
    assert result["levels"] == [["b"], ["c"], ["a"]]
    assert result["order"] == ["b", "c", "a"]


def test_schulze_ties_follow_the_given_candidate_order():
    result = schulze.schulze([["x", "y"], ["y", "x"]], ["y", "x", "z"])
    assert result["winners"] == ["y", "x"]
    assert result["levels"] == [["y", "x"], ["z"]]
    assert result["order"] == ["y", "x", "z"]


def test_schulze_condorcet_cycle_of_equal_strength_is_a_tie():
    ballots = [["a", "b", "c"], ["b", "c", "a"], ["c", "a", "b"]]
    result = schulze.schulze(ballots, ["c", "a", "b"])
    assert result["p"] == {
        "a": {"b": (2, 1), "c": (2, 1)},
        "b": {"a": (2, 1), "c": (2, 1)},
        "c": {"a": (2, 1), "b": (2, 1)},
    }
    assert result["winners"] == ["c", "a", "b"]
    assert result["order"] == ["c", "a", "b"]


def test_schulze_without_ballots_keeps_the_given_order():
    result = schulze.schulze([], [2, 1])
    assert result == {
        "d": {2: {1: 0}, 1: {2: 0}},
        "p": {2: {1: (0, 0)}, 1: {2: (0, 0)}},
        "winners": [2, 1],
        "levels": [[2, 1]],
        "order": [2, 1],
    }


def test_schulze_single_candidate():
    assert schulze.schulze([["a"]], ["a"])["order"] == ["a"]


def test_schulze_ranking_with_repeats():
    assert_tally_error(
        lambda: schulze.schulze([["A", "B"], ["A", "C", "A"]], CANDIDATES),
        REPEATED_IN_BALLOT,
        candidate="A",
    )


def test_schulze_ranking_with_unknown_candidate():
    assert_tally_error(
        lambda: schulze.schulze([["A", "F"]], CANDIDATES),
        NOT_A_CANDIDATE,
        candidate="F",
    )


def test_schulze_equal_support_less_opposition_is_stronger():
    # The smallest case of issue 9 (schulze_issue_9.py).
    result = schulze.schulze(issue_9.BALLOTS, issue_9.CANDIDATES)
    d = result["d"]
    links = [(d[a][b], d[b][a]) for a, b in (("c1", "c2"), ("c2", "c3"), ("c3", "c1"))]
    assert links == [(3, 1), (3, 2), (3, 2)]
    assert result["p"]["c1"]["c2"] == (3, 1)
    assert result["p"]["c2"]["c1"] == (3, 2)
    assert result["winners"] == ["c1", "c3"]
    assert result["levels"] == [["c1", "c3"], ["c2"], ["c4"]]
    assert result["order"] == ["c1", "c3", "c2", "c4"]


def test_schulze_ranking_recomputes_paths_among_the_rest():
    # Once c1 and c3 are ranked, c2 against c4 is decided by their own link.
    result = schulze.schulze(issue_9.BALLOTS, ["c4", "c3", "c2", "c1"])
    assert result["levels"] == [["c3", "c1"], ["c2"], ["c4"]]


def test_schulze_candidate_list_must_be_non_empty_and_distinct():
    assert_tally_error(
        lambda: schulze.schulze([], []), "There are no candidates to vote on."
    )
    assert_tally_error(
        lambda: schulze.schulze([], ["a", "a"]),
        "The candidate %(candidate)s is listed twice.",
        candidate="a",
    )


# select_ranked: the top seats, or as many as fit a budget

LEVELS = [["a"], ["b", "c"], ["d"]]
COSTS = {"a": 500, "b": Fraction(1001, 2), "c": Decimal("100.10"), "d": 0.1}


def test_top_seats():
    result = schulze.select_ranked(LEVELS, seats=1)
    assert result == {"selected": ["a"], "spent": 0, "tied_at_cut": False}
    assert schulze.select_ranked(LEVELS, seats=3)["selected"] == ["a", "b", "c"]
    assert schulze.select_ranked(LEVELS, seats=9)["selected"] == ["a", "b", "c", "d"]


def test_a_cut_inside_a_tie_is_reported():
    result = schulze.select_ranked(LEVELS, seats=2)
    assert result["selected"] == ["a", "b"]
    assert result["tied_at_cut"] is True


def test_budget_passes_over_what_does_not_fit():
    result = schulze.select_ranked(LEVELS, budget=Decimal("600.20"), costs=COSTS)
    # a (500) fits, b (500.50) does not, c (100.10) does, d (0.1) still does.
    assert result["selected"] == ["a", "c", "d"]
    assert result["spent"] == Fraction(60020, 100)
    assert result["tied_at_cut"] is True


def test_budget_is_exact():
    # 0.1 + 0.2 exceeds 0.3 in floats; here they fit exactly.
    levels = [["x"], ["y"]]
    result = schulze.select_ranked(levels, budget=0.3, costs={"x": 0.1, "y": 0.2})
    assert result["selected"] == ["x", "y"]
    assert result["spent"] == Fraction(3, 10)


def test_seats_and_budget_together():
    result = schulze.select_ranked(LEVELS, seats=2, budget=700, costs=COSTS)
    assert result["selected"] == ["a", "c"]


def test_a_budget_of_zero_approves_free_requests_only():
    assert schulze.select_ranked(LEVELS, budget=0, costs=COSTS)["selected"] == []
    free = dict(COSTS, c=0)
    assert schulze.select_ranked(LEVELS, budget=0, costs=free)["selected"] == ["c"]


def test_seats_or_budget_is_needed():
    assert_tally_error(
        lambda: schulze.select_ranked(LEVELS),
        "A ranking approves its top requests or as many as fit a "
        "budget: set a number of seats or a budget.",
    )


@pytest.mark.parametrize("seats", [-1, 1.5, True, "2", None])
def test_bad_seats(seats):
    assert_tally_error(
        lambda: schulze.select_ranked(LEVELS, seats=seats),
        "The number of seats must be a whole number, 0 or more, got %(seats)s.",
        seats=seats,
    )


@pytest.mark.parametrize("budget", [-1, "100", float("nan"), float("inf")])
def test_bad_budget(budget):
    assert_tally_error(
        lambda: schulze.select_ranked(LEVELS, budget=budget, costs=COSTS),
        "The budget must be an amount, 0 or more, got %(budget)s.",
        budget=budget,
    )


@pytest.mark.parametrize("costs", [{}, dict(COSTS, a=-5), dict(COSTS, a=None)])
def test_bad_costs(costs):
    assert_tally_error(
        lambda: schulze.select_ranked(LEVELS, budget=10, costs=costs),
        "The cost of %(candidate)s must be an amount, 0 or more, got %(cost)s.",
        candidate="a",
        cost=costs.get("a"),
    )
