# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Unit tests of the exact decisions and ballot checks (pure Python, no database)."""

import functools
from fractions import Fraction

import pytest

from ...komunigi_membership.tests.rule_checks import assert_rule_error
from ..lib import tallies

assert_tally_error = functools.partial(assert_rule_error, tallies.TallyError)


NOT_A_CANDIDATE = "A ballot names %(candidate)s, which is not a candidate."
REPEATED_IN_BALLOT = "A ballot lists the candidate %(candidate)s more than once."
BAD_SCORE = (
    "The score %(score)s given to %(candidate)s is not a whole number from 0 to 5."
)


# decide_approval, decide_score: thresholds decided exactly


def test_approval_threshold_of_two_thirds_is_exact():
    # 3 ballots: 2 approvals is exactly 2/3, which a float 0.6666... would miss.
    result = tallies.decide_approval(
        [["a", "b"], ["a"], ["b", "c"]],
        ["a", "b", "c"],
        5,
        Fraction(1, 2),
        Fraction(2, 3),
    )
    assert result["shares"] == {
        "a": Fraction(2, 3),
        "b": Fraction(2, 3),
        "c": Fraction(1, 3),
    }
    assert result["quorum_reached"] is True
    assert result["voted"] == 3
    assert result["eligible"] == 5
    assert result["approved"] == ["a", "b"]


def test_approval_without_quorum_approves_nothing():
    result = tallies.decide_approval([["a"]], ["a", "b"], 4, 0.5, 0)
    assert result["quorum_reached"] is False
    assert result["approved"] == []


def test_approval_threshold_zero_still_needs_an_approval():
    result = tallies.decide_approval([["a"]], ["a", "b"], 1, 0, 0)
    assert result["approved"] == ["a"]


def test_approval_without_ballots():
    result = tallies.decide_approval([], ["a", "b"], 0, 0, 0)
    assert result["quorum_reached"] is False
    assert result["shares"] == {"a": None, "b": None}
    assert result["approved"] == []


def test_approval_float_threshold_is_read_exactly():
    # 0.3 is 3/10: 3 approvals out of 10 reach it, a float product would not.
    ballots = [["a"]] * 3 + [[]] * 7
    result = tallies.decide_approval(ballots, ["a"], 10, 0.3, 0.3)
    assert result["quorum_reached"] is True
    assert result["approved"] == ["a"]


def test_score_threshold_is_a_share_of_the_highest_score():
    # Means 3 (= 0.6 x 5 exactly) and 17/6; threshold 0.6 approves only the first.
    ballots = [{"a": 3, "b": 3}, {"a": 3, "b": 2}, {"a": 3, "b": 3}] + [
        {"b": 3},
        {"b": 3},
        {"b": 3},
    ]
    result = tallies.decide_score(ballots, ["b", "a"], 6, 1, 0.6)
    assert result["means"] == {"a": 3, "b": Fraction(17, 6)}
    assert result["approved"] == ["a"]


def test_score_unscored_candidate_is_not_approved():
    result = tallies.decide_score([{"a": 0}], ["a", "b"], 1, 1, 0)
    assert result["approved"] == ["a"]
    assert tallies.decide_score([{"a": 5}], ["a", "b"], 3, 0.5, 0)["approved"] == []


def test_decisions_refuse_more_ballots_than_eligible_co_ops():
    assert_tally_error(
        lambda: tallies.decide_approval([["a"], ["a"]], ["a"], 1, 0, 0),
        "There are %(ballots)s ballots but only %(eligible)s eligible co-ops.",
        ballots=2,
        eligible=1,
    )
    with pytest.raises(tallies.TallyError):
        tallies.decide_score([], ["a"], 1, 2, 0)


# check_ballot: what the model stores


@pytest.mark.parametrize(
    "method, value",
    [
        ("yes_no", "abstain"),
        ("approval", []),
        ("approval", [2, 1]),
        ("score", {1: 0, 2: 5}),
        ("score", {}),
        ("ranking", [2]),
        ("ranking", (1, 2)),
    ],
)
def test_ballots_that_fit(method, value):
    assert tallies.check_ballot(method, value, [1, 2]) is None


@pytest.mark.parametrize("value", ["yes", "no", "abstain"])
def test_yes_no_ballot_on_a_proposal_needs_no_candidates(value):
    """A governance proposal is no request: its yes/no item has no candidates."""
    assert tallies.check_ballot("yes_no", value, []) is None


BAD_SHAPE = "The ballot %(value)s does not fit the voting method %(method)s."


@pytest.mark.parametrize(
    "method, value, msgid, params",
    [
        ("yes_no", "maybe", "Unknown vote %(value)s: expected yes, no or abstain.", {}),
        ("yes_no", ["yes"], "Unknown vote %(value)s: expected yes, no or abstain.", {}),
        ("approval", "12", BAD_SHAPE, {"method": "approval"}),
        ("approval", {1: 1}, BAD_SHAPE, {"method": "approval"}),
        ("score", [1, 2], BAD_SHAPE, {"method": "score"}),
        ("ranking", 1, BAD_SHAPE, {"method": "ranking"}),
        ("poll", [1], BAD_SHAPE, {"method": "poll"}),
    ],
)
def test_ballots_of_the_wrong_shape(method, value, msgid, params):
    assert_tally_error(
        lambda: tallies.check_ballot(method, value, [1, 2]),
        msgid,
        value=value,
        **params,
    )


def test_ballots_naming_wrong_candidates():
    assert_tally_error(
        lambda: tallies.check_ballot("ranking", [1, 1], [1, 2]),
        REPEATED_IN_BALLOT,
        candidate=1,
    )
    assert_tally_error(
        lambda: tallies.check_ballot("approval", [True], [1, 2]),
        NOT_A_CANDIDATE,
        candidate=True,
    )
    assert_tally_error(
        lambda: tallies.check_ballot("score", {3: 1}, [1, 2]),
        NOT_A_CANDIDATE,
        candidate=3,
    )
    assert_tally_error(
        lambda: tallies.check_ballot("score", {1: 9}, [1, 2]),
        BAD_SCORE,
        score=9,
        candidate=1,
    )
