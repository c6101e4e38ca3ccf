# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The fast engine (lib/mes.py) against the specification (lib/mes_reference.py).

Same selection, in the same order, and the same payments, exactly:

- plain MES with pabutools' tie-breaking on every pabulib file of
  ``tests/data/pabulib`` (the oracle checks the same files against pabutools itself);
- plain MES and ``mes-add1`` with both tie-breakings on generated rounds (hypothesis,
  KOMUNIGI_HYPOTHESIS_EXAMPLES examples per property, default 30). ``mes-add1`` is read
  literally there: the reference reruns MES at every budget increment.
"""

import glob
import os

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from ..lib import mes, mes_reference, pabulib
from .test_lib_mes_properties import rounds

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "tests", "data", "pabulib")
FILES = sorted(glob.glob(os.path.join(DATA, "*.pb")))
EXAMPLES = int(os.environ.get("KOMUNIGI_HYPOTHESIS_EXAMPLES", "30"))
SETTINGS = settings(max_examples=EXAMPLES, deadline=None, database=None)


def _reference(election, tie_breaking, increment=0):
    """The reference's MES on ``election`` with every budget raised by ``increment``."""
    return mes_reference.equal_shares(
        dict(zip(election.projects, election.costs)),
        election.utilities,
        {
            voter: endowment + increment
            for voter, endowment in zip(election.voters, election.endowments)
        },
        tie_breaking,
    )


def _reference_add1(election, tie_breaking):
    """pabutools' ``voter_budget_increment=1`` read literally: MES at every budget
    increment 0, 1, 2... until the outcome costs more than the budget limit (the one
    before is kept) or no supported project left out still fits (this one is kept)."""
    kept = None
    increment = 0
    while True:
        selected, payments = _reference(election, tie_breaking, increment)
        cost = election.cost_of(election.index[project] for project in selected)
        if cost > election.budget_limit:
            return kept
        kept = (selected, payments, increment)
        if all(
            project in selected or cost_ > election.budget_limit - cost
            for project, cost_, supporters in zip(
                election.projects, election.costs, election.supporters
            )
            if supporters and cost_ > 0
        ):
            return kept
        increment += 1


def _assert_same(outcome, selected, payments):
    assert outcome.selected == selected
    assert outcome.payments == payments


def test_the_pabulib_files_are_there():
    assert len(FILES) >= 60


@pytest.mark.parametrize("path", FILES, ids=[os.path.basename(p) for p in FILES])
def test_same_mes_as_the_reference_on_pabulib_files(path):
    election = pabulib.election(pabulib.read(path))
    outcome = mes.method_of_equal_shares(election, "pabutools")
    _assert_same(outcome, *_reference(election, "pabutools"))


@SETTINGS
@given(rounds(), st.sampled_from(mes.TIE_BREAKINGS))
def test_same_mes_as_the_reference_on_generated_rounds(round_, tie_breaking):
    election = mes.Election(*round_)
    outcome = mes.method_of_equal_shares(election, tie_breaking)
    _assert_same(outcome, *_reference(election, tie_breaking))


@SETTINGS
@given(rounds(), st.sampled_from(mes.TIE_BREAKINGS))
def test_same_mes_add1_as_the_reference_on_generated_rounds(round_, tie_breaking):
    election = mes.Election(*round_)
    outcome = mes.mes_add1(election, tie_breaking)
    selected, payments, increment = _reference_add1(election, tie_breaking)
    _assert_same(outcome, selected, payments)
    assert outcome.increment == increment
