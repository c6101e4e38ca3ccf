# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Our Schulze method against schulze-condorcet 2.0.1, which follows the paper.

Runs on Python 3.9+ with ``pip install -r tests/oracle/requirements.txt``;
schulze-condorcet is only this oracle, never a runtime dependency.

How our input maps to schulze-condorcet's (read from its source,
``schulze_condorcet/schulze_condorcet.py`` and ``util.py``):

- Our ballot is a list of candidates, best first, without repeats; the
  candidates it leaves out rank below all it lists and tie among themselves.
  schulze-condorcet wants a vote string naming every candidate exactly once,
  ``>`` between levels and ``=`` inside a level: ``[b, a]`` over a, b, c, d is
  ``b>a>c=d``, and an empty ballot is ``a=b=c=d`` (it still counts in the
  number of votes).
- Candidates are strings without ``>`` or ``=``: ours are ``c0``, ``c1``...
- Its default strength, ``winning_votes``, is ``total * support -
  opposition`` for a link (support > opposition), 0 for a pairwise tie, -1 for
  a defeat: ordered as our (support, opposition) pairs are (more support
  first, then less opposition), and since an opposition is always below the
  number of votes the encoding is exact.
- ``schulze_evaluate`` returns the ranking as levels (``a=c>b>d``): the
  winners, then the winners among the candidates left (paths computed again
  over them), and so on, each level in the order the candidates were given.
  Our ``levels`` is that list of lists, ``winners`` its first level and
  ``order`` the levels one after the other.

The profiles are generated with a fixed seed: 2 to 6 candidates in a shuffled
order, 0 to 9 voters (small electorates tie often), partial rankings of any
length, some profiles drawn from a pool of 2 or 3 distinct ballots so that
pairwise ties and equal supports are frequent.
"""

import importlib
import os
import random
import sys
import types

import pytest
from komunigi_sources import ROOT, load
from schulze_condorcet import schulze_evaluate

PROFILES = 2000
SEED = 20260901


def _load_schulze():
    """Load komunigi_request_vote/lib/schulze.py by path, without Odoo.

    The folder of the addons becomes a package of its own, and each addon an empty
    package (its ``__init__`` imports Odoo and is not run), so that the libraries'
    relative imports of komunigi_membership's ``lib/rules.py`` resolve.
    """
    root = "komunigi_addons"
    for name, path in [(root, ROOT)] + [
        (root + "." + addon, os.path.join(ROOT, addon))
        for addon in ("komunigi_membership", "komunigi_request_vote")
    ]:
        if name not in sys.modules:
            sys.modules[name] = types.ModuleType(name)
            sys.modules[name].__path__ = [path]
    return importlib.import_module(root + ".komunigi_request_vote.lib.schulze")


schulze = _load_schulze()
# The smallest case of issue 9, shared with komunigi_request_vote/tests/test_lib_schulze.py.
issue_9 = load("komunigi_request_vote", "tests", "schulze_issue_9")


def vote_string(ballot, candidates):
    """Our partial ranking as schulze-condorcet's vote string."""
    levels = [[candidate] for candidate in ballot]
    unlisted = [candidate for candidate in candidates if candidate not in ballot]
    if unlisted:
        levels.append(unlisted)
    return ">".join("=".join(level) for level in levels)


def oracle_levels(ballots, candidates):
    """schulze-condorcet's ranking as a list of levels."""
    votes = [vote_string(ballot, candidates) for ballot in ballots]
    result = schulze_evaluate(votes, candidates)
    return [level.split("=") for level in result.split(">")]


def random_ballot(rng, candidates):
    """A partial ranking: any number of candidates, in any order."""
    return rng.sample(candidates, rng.randint(0, len(candidates)))


def profiles():
    """The generated profiles: (ballots, candidates in the order given)."""
    rng = random.Random(SEED)
    for _ in range(PROFILES):
        candidates = ["c%d" % n for n in range(rng.randint(2, 6))]
        rng.shuffle(candidates)
        voters = rng.randint(0, 9)
        if rng.random() < 0.3:
            pool = [random_ballot(rng, candidates) for _ in range(rng.randint(2, 3))]
            ballots = [list(rng.choice(pool)) for _ in range(voters)]
        else:
            ballots = [random_ballot(rng, candidates) for _ in range(voters)]
        yield ballots, candidates


def test_mapping_of_a_ballot():
    assert vote_string(["c1", "c0"], ["c0", "c1", "c2", "c3"]) == "c1>c0>c2=c3"
    assert vote_string([], ["c0", "c1"]) == "c0=c1"
    assert vote_string(["c1", "c0"], ["c0", "c1"]) == "c1>c0"


def test_issue_9_smallest_case_agrees_with_the_paper():
    ballots, candidates = issue_9.BALLOTS, issue_9.CANDIDATES
    assert oracle_levels(ballots, candidates) == [["c1", "c3"], ["c2"], ["c4"]]
    assert schulze.schulze(ballots, candidates)["levels"] == [
        ["c1", "c3"],
        ["c2"],
        ["c4"],
    ]


def test_winners_and_rankings_equal_the_oracle_on_generated_profiles():
    checked = ties = 0
    for ballots, candidates in profiles():
        expected = oracle_levels(ballots, candidates)
        result = schulze.schulze(ballots, candidates)
        context = (ballots, candidates)
        assert result["winners"] == expected[0], context
        assert result["levels"] == expected, context
        assert result["order"] == [c for level in expected for c in level], context
        checked += 1
        ties += any(len(level) > 1 for level in expected)
    assert checked == PROFILES >= 1000
    # The profiles exercise ties, where the two definitions used to part.
    assert ties >= PROFILES // 4


@pytest.mark.parametrize("voters", [0, 1])
def test_tiny_electorates(voters):
    candidates = ["c0", "c1", "c2"]
    ballots = [["c2"]] * voters
    assert schulze.schulze(ballots, candidates)["levels"] == oracle_levels(
        ballots, candidates
    )
