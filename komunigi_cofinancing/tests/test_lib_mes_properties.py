# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Properties of the Method of Equal Shares (lib/mes.py) over generated rounds.

- every co-op pays no more than its budget (its endowment, plus the increment that
  ``mes-add1`` gave every budget), each selected request is paid in full, and the
  outcome costs no more than the budget limit;
- the outcome does not depend on the co-ops' ids nor on the order they come in:
  relabelling the voters relabels the payments and changes nothing else.

KOMUNIGI_HYPOTHESIS_EXAMPLES sizes the run (default 30 per property).
"""

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from ..lib import mes

EXAMPLES = int(os.environ.get("KOMUNIGI_HYPOTHESIS_EXAMPLES", "30"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None)
BUDGETED_RULES = ("mes", "mes-add1")


@st.composite
def rounds(draw):
    """(costs, utilities, endowments) of a small funding round; approval or scores."""
    projects = ["REQ-%d" % n for n in range(1, draw(st.integers(1, 6)) + 1)]
    costs = {
        p: draw(st.integers(0, 120) | st.decimals(1, 120, places=2)) for p in projects
    }
    voters = draw(st.lists(st.integers(1, 10**6), min_size=1, max_size=8, unique=True))
    approval = draw(st.booleans())
    utilities = {}
    for voter in voters:
        supported = draw(st.lists(st.sampled_from(projects), unique=True))
        utilities[voter] = {
            p: costs[p] if approval else draw(st.integers(1, 5)) for p in supported
        }
    endowments = {voter: draw(st.integers(0, 60)) for voter in voters}
    return costs, utilities, endowments


def _spent(outcome):
    """What each voter paid in total over the selected requests."""
    spent = {}
    for payments in outcome.payments.values():
        for voter, amount in payments.items():
            spent[voter] = spent.get(voter, 0) + amount
    return spent


@SETTINGS
@given(rounds(), st.sampled_from(BUDGETED_RULES))
def test_nobody_pays_more_than_their_budget(round_, rule):
    costs, utilities, endowments = round_
    election = mes.Election(costs, utilities, endowments)
    outcome = mes.compute(election, rule)
    for voter, paid in _spent(outcome).items():
        assert paid <= endowments[voter] + outcome.increment, (voter, outcome)
    for project in outcome.selected:
        paid = sum(outcome.payments[project].values())
        assert paid == election.costs[election.index[project]], (project, outcome)
    assert election.cost_of(election.index[p] for p in outcome.selected) <= sum(
        endowments.values()
    )


@SETTINGS
@given(rounds(), st.sampled_from(mes.RULES), st.randoms())
def test_relabelling_the_coops_changes_nothing(round_, rule, random):
    costs, utilities, endowments = round_
    voters = list(utilities)
    labels = random.sample(range(10**6, 2 * 10**6), len(voters))
    relabel = dict(zip(voters, labels))
    shuffled = random.sample(voters, len(voters))
    outcome = mes.compute(mes.Election(costs, utilities, endowments), rule)
    renamed = mes.compute(
        mes.Election(
            costs,
            {relabel[v]: utilities[v] for v in shuffled},
            {relabel[v]: endowments[v] for v in shuffled},
        ),
        rule,
    )
    assert renamed.selected == outcome.selected
    assert renamed.increment == outcome.increment
    for project, payments in outcome.payments.items():
        assert renamed.payments[project] == {
            relabel[v]: amount for v, amount in payments.items()
        }
