# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Properties of the vote tallies (lib/tallies.py, lib/schulze.py).

A session counts one ballot per co-op. Whatever the ballots already cast, adding one
co-op's ballot adds exactly that ballot to the counts: what every other co-op's ballot
counted for stays the same, and the order in which ballots arrive changes nothing.
KOMUNIGI_HYPOTHESIS_EXAMPLES sizes the run (default 30 per property).
"""

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from ..lib import schulze, tallies

EXAMPLES = int(os.environ.get("KOMUNIGI_HYPOTHESIS_EXAMPLES", "30"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None)

CANDIDATES = ["REQ-%d" % number for number in range(1, 6)]
candidates = st.lists(st.sampled_from(CANDIDATES), min_size=1, unique=True)


def _ballots_of(ballot):
    """One ballot per co-op: {co-op id: ballot}, co-op ids as the database gives."""
    return st.dictionaries(st.integers(1, 10**6), ballot, max_size=15)


def _ballot_and_coop(ballot):
    return st.tuples(_ballots_of(ballot), st.integers(1, 10**6), ballot).filter(
        lambda drawn: drawn[1] not in drawn[0]
    )


def _difference(after, before):
    return {key: after[key] - before[key] for key in after}


yes_no = st.sampled_from(tallies.YES_NO_VALUES)


@SETTINGS
@given(_ballot_and_coop(yes_no), st.randoms())
def test_a_yes_no_ballot_adds_its_own_vote_only(drawn, random):
    cast, _coop, ballot = drawn
    before = tallies.tally_yes_no(list(cast.values()), 20, 0, 0.5)
    after_ballots = list(cast.values()) + [ballot]
    random.shuffle(after_ballots)
    after = tallies.tally_yes_no(after_ballots, 20, 0, 0.5)
    counts = {value: after[value] - before[value] for value in tallies.YES_NO_VALUES}
    assert counts == {value: int(value == ballot) for value in tallies.YES_NO_VALUES}
    assert after["voted"] == before["voted"] + 1


def _approval_setup(data):
    names = data.draw(candidates)
    ballot = st.lists(st.sampled_from(names), unique=True)
    return names, data.draw(_ballot_and_coop(ballot))


@SETTINGS
@given(st.data(), st.randoms())
def test_an_approval_ballot_adds_its_own_approvals_only(data, random):
    names, (cast, _coop, ballot) = _approval_setup(data)
    before = tallies.tally_approval(cast.values(), names)
    after_ballots = list(cast.values()) + [ballot]
    random.shuffle(after_ballots)
    after = tallies.tally_approval(after_ballots, names)
    added = _difference(after["totals"], before["totals"])
    assert added == {name: int(name in ballot) for name in names}
    assert after["ballots"] == before["ballots"] + 1


@SETTINGS
@given(st.data(), st.randoms())
def test_a_score_ballot_adds_its_own_scores_only(data, random):
    names = data.draw(candidates)
    ballot = st.dictionaries(st.sampled_from(names), st.sampled_from(range(6)))
    cast, _coop, new = data.draw(_ballot_and_coop(ballot))
    before = tallies.tally_score(cast.values(), names)
    after_ballots = list(cast.values()) + [new]
    random.shuffle(after_ballots)
    after = tallies.tally_score(after_ballots, names)
    assert _difference(after["counts"], before["counts"]) == {
        name: int(name in new) for name in names
    }
    assert _difference(after["totals"], before["totals"]) == {
        name: new.get(name, 0) for name in names
    }


@SETTINGS
@given(st.data(), st.randoms())
def test_a_ranking_adds_its_own_preferences_only(data, random):
    names = data.draw(candidates)
    ranking = st.lists(st.sampled_from(names), unique=True)
    cast, _coop, new = data.draw(_ballot_and_coop(ranking))
    before = schulze.schulze(list(cast.values()), names)["d"]
    after_ballots = list(cast.values()) + [new]
    random.shuffle(after_ballots)
    after = schulze.schulze(after_ballots, names)["d"]
    alone = schulze.schulze([new], names)["d"]
    for a in names:
        assert _difference(after[a], before[a]) == alone[a]
