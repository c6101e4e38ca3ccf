# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Funding rounds: the Method of Equal Shares (MES), exactly, and its completions.

What the models, the pabulib reader and the tests use. Rules, with pabutools 1.2.3's
semantics:

- ``mes``: each round selects the project its supporters can pay with the lowest price
  ``rho`` per unit of utility, each supporter paying ``min(budget, rho * utility)``;
- ``mes-add1``: MES again with one more unit of budget per voter, as long as the outcome
  costs no more than the budget limit and is not exhaustive;
- ``greedy``: projects by utility per unit of cost, skipping those that no longer fit;
- ``mes-add1u``: ``mes-add1`` completed by ``greedy``.

Tie-breaking ``default`` prefers the lowest cost, then the most supporters, then the
project key in natural order ("REQ-9" before "REQ-10"); ``pabutools`` compares the keys
as strings, like pabutools' lexicographic default.

Where to read: ``mes_reference`` is the rule as the paper defines it (the
specification, a plain loop); ``mes_election`` reads and lays out the data;
``mes_engine`` is MES itself, exact and fast; ``mes_completions`` holds ``mes-add1``
and ``greedy``. Inputs and outputs are exact (``fractions.Fraction``).
"""

from .mes_completions import greedy, mes_add1, mes_add1_greedy
from .mes_election import (
    TIE_BREAKINGS,
    Election,
    Outcome,
    RuleError,
    _,
    approval_election,
)
from .mes_engine import method_of_equal_shares

__all__ = [
    "RULES",
    "TIE_BREAKINGS",
    "Election",
    "Outcome",
    "RuleError",
    "approval_election",
    "compute",
    "greedy",
    "mes_add1",
    "mes_add1_greedy",
    "method_of_equal_shares",
]

RULES = ("mes", "mes-add1", "greedy", "mes-add1u")


def compute(election, rule, tie_breaking="default"):
    """The outcome of ``rule`` (one of :data:`RULES`)."""
    if rule == "mes":
        return method_of_equal_shares(election, tie_breaking)
    if rule == "mes-add1":
        return mes_add1(election, tie_breaking)
    if rule == "greedy":
        return greedy(election, tie_breaking)
    if rule == "mes-add1u":
        return mes_add1_greedy(election, tie_breaking)
    raise RuleError(_("Unknown rule: %(rule)s."), rule=rule)
