# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The thresholds of a session item, decided exactly (pure Python, no database).

An agenda item stores its quorum and majority as Odoo floats; lib/tallies reads them
as the decimal the coordinator typed. Each rule is pinned where it matters: a
threshold exactly met, and missed by one ballot. The float products in the comments
are what a float comparison would have used instead.
"""

from fractions import Fraction

import pytest

from ..lib import tallies


def test_check_shares_reads_floats_as_typed():
    assert tallies.check_shares(0.07, 0.6) == (Fraction(7, 100), Fraction(3, 5))
    assert tallies.check_shares(0, 1) == (0, 1)


@pytest.mark.parametrize(
    "quorum, majority, field",
    [(1.5, 0.5, "quorum"), (-0.1, 0.5, "quorum"), (0.5, 2, "majority")],
)
def test_check_shares_refuses_what_is_no_share(quorum, majority, field):
    with pytest.raises(tallies.TallyError) as info:
        tallies.check_shares(quorum, majority)
    assert field in info.value.params


def test_quorum_exactly_met_and_missed_by_one_ballot():
    # 0.07 * 100 is 7.000000000000001 in floats: 7 ballots would miss the quorum.
    assert tallies.quorum_reached(7, 100, 0.07) is True
    assert tallies.quorum_reached(6, 100, 0.07) is False


def test_yes_no_majority_exactly_met_and_missed_by_one_ballot():
    # 0.6: 3 yes of 5 expressed is exactly the majority; abstentions do not count.
    met = tallies.tally_yes_no(["yes"] * 3 + ["no"] * 2 + ["abstain"], 6, 0.5, 0.6)
    assert met["yes_share"] == Fraction(3, 5)
    assert met["outcome"] == "adopted"
    missed = tallies.tally_yes_no(["yes"] * 2 + ["no"] * 3 + ["abstain"], 6, 0.5, 0.6)
    assert missed["outcome"] == "rejected"


def test_yes_no_quorum_counts_abstentions_and_is_exact():
    ballots = ["yes"] * 6 + ["abstain"]
    assert tallies.tally_yes_no(ballots, 100, 0.07, 0.5)["outcome"] == "adopted"
    assert tallies.tally_yes_no(ballots[1:], 100, 0.07, 0.5)["outcome"] == "rejected"


def test_approval_threshold_exactly_met_and_missed_by_one_ballot():
    # 0.07 of 100 ballots: 0.07 * 100 is 7.000000000000001 approvals in floats.
    met = tallies.decide_approval([["a"]] * 7 + [["b"]] * 93, ["a", "b"], 100, 0, 0.07)
    assert met["shares"]["a"] == Fraction(7, 100)
    assert met["approved"] == ["b", "a"]
    missed = tallies.decide_approval(
        [["a"]] * 6 + [["b"]] * 94, ["a", "b"], 100, 0, 0.07
    )
    assert missed["approved"] == ["b"]


def test_score_threshold_exactly_met_and_missed_by_one_point():
    # 0.14 of the top score 5 is a mean of 0.7; 0.14 * 5 is 0.7000000000000001.
    met = tallies.decide_score([{"a": 1}] * 7 + [{"a": 0}] * 3, ["a", "b"], 10, 0, 0.14)
    assert met["means"]["a"] == Fraction(7, 10)
    assert met["approved"] == ["a"]
    missed = tallies.decide_score(
        [{"a": 1}] * 6 + [{"a": 0}] * 4, ["a", "b"], 10, 0, 0.14
    )
    assert missed["approved"] == []


def test_a_two_thirds_share_is_a_fraction_not_a_rounded_float():
    # 0.6667 is what a coordinator types: 2 of 3 is below it, a Fraction is not.
    ballots = [["a"], ["a"], ["b"]]
    assert tallies.decide_approval(ballots, ["a", "b"], 3, 0, 0.6667)["approved"] == []
    exact = tallies.decide_approval(ballots, ["a", "b"], 3, 0, Fraction(2, 3))
    assert exact["approved"] == ["a"]
