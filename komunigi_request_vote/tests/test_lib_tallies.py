# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the vote tallies (pure Python, no database)."""

import functools
from decimal import Decimal
from fractions import Fraction

import pytest

from ...komunigi_membership.tests.rule_checks import assert_rule_error
from ..lib import tallies

assert_tally_error = functools.partial(assert_rule_error, tallies.TallyError)


def votes(yes=0, no=0, abstain=0):
    """Return a list of yes/no/abstain ballots."""
    return ["yes"] * yes + ["no"] * no + ["abstain"] * abstain


# tally_yes_no


def test_yes_no_counts_and_adopts():
    result = tallies.tally_yes_no(votes(5, 2, 1), 10, Fraction(1, 2), Fraction(1, 2))
    assert result == {
        "yes": 5,
        "no": 2,
        "abstain": 1,
        "voted": 8,
        "eligible": 10,
        "turnout": Fraction(4, 5),
        "yes_share": Fraction(5, 7),
        "quorum_reached": True,
        "outcome": "adopted",
    }


def test_simple_majority_tie_is_rejected():
    result = tallies.tally_yes_no(votes(3, 3), 6, 0, Fraction(1, 2))
    assert result["yes_share"] == Fraction(1, 2)
    assert result["outcome"] == "rejected"


def test_simple_majority_one_vote_ahead_is_adopted():
    assert tallies.tally_yes_no(votes(4, 3), 7, 0, 0.5)["outcome"] == "adopted"


def test_two_thirds_majority_reached_exactly_is_adopted():
    result = tallies.tally_yes_no(votes(6, 3), 9, 0, Fraction(2, 3))
    assert result["outcome"] == "adopted"


def test_two_thirds_majority_missed_by_one_vote():
    result = tallies.tally_yes_no(votes(5, 3), 9, 0, Fraction(2, 3))
    assert result["outcome"] == "rejected"


def test_threshold_below_one_half_still_needs_more_yes_than_no():
    result = tallies.tally_yes_no(votes(2, 2), 4, 0, Fraction(1, 3))
    assert result["outcome"] == "rejected"


def test_abstentions_count_for_quorum_not_for_majority():
    # 6 of 10 voted (quorum 3/5 reached); 2 yes, 1 no: adopted.
    result = tallies.tally_yes_no(votes(2, 1, 3), 10, 0.6, 0.5)
    assert result["quorum_reached"] is True
    assert result["yes_share"] == Fraction(2, 3)
    assert result["outcome"] == "adopted"


def test_quorum_missed_rejects_even_a_unanimous_yes():
    result = tallies.tally_yes_no(votes(5), 10, 0.6, 0.5)
    assert result["quorum_reached"] is False
    assert result["turnout"] == Fraction(1, 2)
    assert result["outcome"] == "rejected"


def test_quorum_reached_exactly():
    result = tallies.tally_yes_no(votes(3, 0, 3), 10, 0.6, 0.5)
    assert result["quorum_reached"] is True


def test_only_abstentions_is_rejected_without_a_yes_share():
    result = tallies.tally_yes_no(votes(abstain=4), 4, 1, 0.5)
    assert result["yes_share"] is None
    assert result["quorum_reached"] is True
    assert result["outcome"] == "rejected"


def test_no_ballot_and_no_eligible_co_op():
    result = tallies.tally_yes_no([], 0, 0, 0.5)
    assert result["turnout"] == 0
    assert result["voted"] == 0
    assert result["outcome"] == "rejected"


def test_unanimity_threshold():
    assert tallies.tally_yes_no(votes(5, 0, 2), 7, 0, 1)["outcome"] == "adopted"
    assert tallies.tally_yes_no(votes(5, 1), 7, 0, 1)["outcome"] == "rejected"


def test_shares_accept_decimals():
    result = tallies.tally_yes_no(votes(3, 1), 4, Decimal("0.75"), Decimal("0.75"))
    assert result["outcome"] == "adopted"


def test_ballots_may_be_a_generator():
    result = tallies.tally_yes_no(iter(votes(1)), 1, 1, 0.5)
    assert result["voted"] == 1


UNKNOWN_VOTE = "Unknown vote %(value)s: expected yes, no or abstain."
BAD_QUORUM = "The quorum must be a share between 0 and 1, got %(quorum)s."
BAD_MAJORITY = (
    "The majority threshold must be a share between 0 and 1, got %(majority)s."
)


@pytest.mark.parametrize("value", ["YES", "maybe", None, 1, ""])
def test_unknown_vote(value):
    assert_tally_error(
        lambda: tallies.tally_yes_no(["yes", value], 5, 0, 0.5),
        UNKNOWN_VOTE,
        value=value,
    )


@pytest.mark.parametrize(
    "quorum", [-0.1, 1.5, Fraction(3, 2), float("nan"), "0.5", None, True]
)
def test_bad_quorum(quorum):
    assert_tally_error(
        lambda: tallies.tally_yes_no(votes(1), 5, quorum, 0.5),
        BAD_QUORUM,
        quorum=quorum,
    )


@pytest.mark.parametrize("majority", [-1, 2, Decimal("NaN"), float("inf"), "1/2"])
def test_bad_majority(majority):
    assert_tally_error(
        lambda: tallies.tally_yes_no(votes(1), 5, 0.5, majority),
        BAD_MAJORITY,
        majority=majority,
    )


@pytest.mark.parametrize("eligible", [-1, 2.0, None, False])
def test_bad_eligible_count(eligible):
    assert_tally_error(
        lambda: tallies.tally_yes_no([], eligible, 0.5, 0.5),
        "The number of eligible co-ops must be a non-negative integer, "
        "got %(eligible)s.",
        eligible=eligible,
    )


def test_more_ballots_than_eligible_co_ops():
    assert_tally_error(
        lambda: tallies.tally_yes_no(votes(2, 1), 2, 0.5, 0.5),
        "There are %(ballots)s ballots but only %(eligible)s eligible co-ops.",
        ballots=3,
        eligible=2,
    )


# tally_approval


def test_approval_totals_and_order():
    result = tallies.tally_approval(
        [{"labels", "wallet"}, {"wallet"}, ["deposits", "wallet"], set()],
        ["labels", "deposits", "wallet", "reminders"],
    )
    assert result == {
        "ballots": 4,
        "totals": {"labels": 1, "deposits": 1, "wallet": 3, "reminders": 0},
        "order": ["wallet", "labels", "deposits", "reminders"],
    }


def test_approval_ties_follow_the_given_candidate_order():
    ballots = [{"a", "b", "c"}]
    assert tallies.tally_approval(ballots, ["c", "a", "b"])["order"] == ["c", "a", "b"]
    assert tallies.tally_approval(ballots, ["b", "c", "a"])["order"] == ["b", "c", "a"]


def test_approval_without_ballots():
    result = tallies.tally_approval([], [3, 1, 2])
    assert result == {"ballots": 0, "totals": {3: 0, 1: 0, 2: 0}, "order": [3, 1, 2]}


NOT_A_CANDIDATE = "A ballot names %(candidate)s, which is not a candidate."
REPEATED_IN_BALLOT = "A ballot lists the candidate %(candidate)s more than once."
NO_CANDIDATES = "There are no candidates to vote on."
CANDIDATE_TWICE = "The candidate %(candidate)s is listed twice."


def test_approval_unknown_candidate():
    assert_tally_error(
        lambda: tallies.tally_approval([{"a"}, {"z"}], ["a", "b"]),
        NOT_A_CANDIDATE,
        candidate="z",
    )


def test_approval_repeated_candidate():
    assert_tally_error(
        lambda: tallies.tally_approval([["a", "a"]], ["a", "b"]),
        REPEATED_IN_BALLOT,
        candidate="a",
    )


# tally_score


def test_score_means_and_order():
    result = tallies.tally_score(
        [{"a": 5, "b": 3, "c": 0}, {"a": 2, "b": 3}, {"a": 4, "b": 3}],
        ["c", "b", "a"],
    )
    assert result["counts"] == {"c": 1, "b": 3, "a": 3}
    assert result["totals"] == {"c": 0, "b": 9, "a": 11}
    assert result["means"] == {"c": 0, "b": 3, "a": Fraction(11, 3)}
    assert result["display_means"] == {
        "c": Decimal("0.00"),
        "b": Decimal("3.00"),
        "a": Decimal("3.67"),
    }
    assert result["order"] == ["a", "b", "c"]


def test_score_display_rounds_half_up():
    result = tallies.tally_score([{"a": 1}] * 7 + [{"a": 0}], ["a"])
    assert result["means"]["a"] == Fraction(7, 8)
    assert result["display_means"]["a"] == Decimal("0.88")


def test_score_blank_is_not_a_zero_and_unscored_come_last():
    result = tallies.tally_score([{"b": 1}, {"b": 2}], ["a", "b", "c"])
    assert result["means"] == {"a": None, "b": Fraction(3, 2), "c": None}
    assert result["display_means"]["a"] is None
    assert result["order"] == ["b", "a", "c"]


def test_score_ties_follow_the_given_candidate_order():
    result = tallies.tally_score([{"x": 4, "y": 4, "z": 4}], ["z", "x", "y"])
    assert result["order"] == ["z", "x", "y"]


BAD_SCORE = (
    "The score %(score)s given to %(candidate)s is not a whole number from 0 to 5."
)


@pytest.mark.parametrize("score", [6, -1, 2.5, 3.0, "4", None, True])
def test_score_outside_0_to_5(score):
    assert_tally_error(
        lambda: tallies.tally_score([{"a": 5}, {"a": score}], ["a", "b"]),
        BAD_SCORE,
        score=score,
        candidate="a",
    )


def test_score_unknown_candidate():
    assert_tally_error(
        lambda: tallies.tally_score([{"a": 5, "q": 1}], ["a", "b"]),
        NOT_A_CANDIDATE,
        candidate="q",
    )


# candidate lists, shared by every method


@pytest.mark.parametrize(
    "tally",
    [
        lambda candidates: tallies.tally_approval([], candidates),
        lambda candidates: tallies.tally_score([], candidates),
        lambda candidates: tallies.check_ballot("approval", [], candidates),
    ],
)
def test_candidate_list_must_be_non_empty_and_distinct(tally):
    assert_tally_error(lambda: tally([]), NO_CANDIDATES)
    assert_tally_error(lambda: tally(["a", "b", "a"]), CANDIDATE_TWICE, candidate="a")


def test_error_marker_returns_its_text():
    assert tallies._("Some text.") == "Some text."
