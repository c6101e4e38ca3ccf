# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Completions of the Method of Equal Shares: ``mes-add1``, ``greedy`` and both.

Why: plain MES often leaves money unspent, because supporters' equal shares fall short
of the expensive projects. pabutools 1.2.3 offers the remedies used here:

- ``mes-add1``: MES again with one more unit of budget per voter, as long as the
  outcome costs no more than the budget limit and is not exhaustive (pabutools'
  ``voter_budget_increment=1``);
- ``greedy``: projects by utility per unit of cost, skipping those that no longer fit;
- ``mes-add1u``: ``mes-add1`` completed by ``greedy``.

``mes-add1`` does not rerun MES from scratch at every unit: the engine's
:class:`~mes_engine.Trajectory` tells up to which increment its rounds stay the same,
so the increments in between, which give the same outcome, are skipped: pabutools'
result, exactly, without its thousands of runs. ``mes_add1(..., jump=False)`` runs
every unit from scratch, to check that claim.
"""

from .mes_election import Outcome
from .mes_engine import Trajectory, free_projects, outcome_at, with_free


def _is_exhaustive(election, chosen, candidates):
    """True if none of ``candidates`` outside ``chosen`` still fits the budget."""
    room = election.budget_limit - election.cost_of(chosen)
    return all(
        position in chosen or election.costs[position] > room for position in candidates
    )


def mes_add1(election, tie_breaking="default", jump=True):
    """MES with every voter's budget raised by 1 until the outcome would cost more
    than the budget limit (the last affordable outcome is kept) or is exhaustive
    among the supported projects.

    By default increments whose rounds are known to be the same are skipped and
    still valid rounds reused; ``jump=False`` reruns MES from scratch at every unit,
    as pabutools does (to check the former).
    """
    keys = election.tie_keys(tie_breaking)
    free = free_projects(election, keys)
    candidates = [
        position
        for position, mask in enumerate(election.supporters)
        if mask and election.costs[position] > 0
    ]
    trajectory = Trajectory(election, keys)
    kept = None  # the rounds to return and their increment
    increment = 0
    while True:
        if not jump:
            trajectory = Trajectory(election, keys)
        rounds = list(trajectory.solve(increment).rounds)
        chosen = set(free) | {step.best for step in rounds if step.best is not None}
        if election.cost_of(chosen) > election.budget_limit:
            break
        if _is_exhaustive(election, chosen, candidates):
            kept = (rounds, increment)
            break
        last = trajectory.limit if jump else increment
        if last is None:
            raise RuntimeError("an MES outcome cannot stay non-exhaustive for ever")
        kept = (rounds, last)
        increment = last + 1
    outcome = outcome_at(election, *kept) if kept else Outcome([], {}, 0)
    return with_free(free, election, outcome)


def greedy(election, tie_breaking="default", outcome=None):
    """Greedy utilitarian welfare: projects by total utility per unit of cost,
    skipping those that no longer fit; completes ``outcome`` if given.

    Like pabutools, projects nobody supports come last but are still taken if they
    fit (their payments are empty); added projects are split equally among their
    supporters.
    """
    keys = election.tie_keys(tie_breaking)
    if outcome is None:
        outcome = Outcome([], {}, 0)
    chosen = {election.index[project] for project in outcome.selected}
    room = election.budget_limit - election.cost_of(chosen)
    selected = list(outcome.selected)
    payments = dict(outcome.payments)
    for position in sorted(
        (
            position
            for position in range(len(election.projects))
            if position not in chosen
        ),
        key=lambda position: _density_order(election, position) + (keys[position],),
    ):
        cost = election.costs[position]
        if cost <= room:
            room -= cost
            project = election.projects[position]
            selected.append(project)
            supporters = election.supporters_of(position)
            share = cost / len(supporters) if supporters else 0
            payments[project] = dict.fromkeys(supporters, share) if share else {}
    return Outcome(selected, payments, outcome.increment)


def _density_order(election, position):
    """Highest utility per unit of cost first; free supported projects before all."""
    utility = election.total_utility[position]
    cost = election.costs[position]
    if not cost:
        return (0 if utility else 1, 0)
    return (1, -utility / cost)


def mes_add1_greedy(election, tie_breaking="default"):
    """``mes-add1`` completed by ``greedy`` (pabutools' rule combination)."""
    return greedy(election, tie_breaking, mes_add1(election, tie_breaking))
