# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Method of Equal Shares as the paper defines it: the specification.

Peters, Pierczyński and Skowron, "Proportional Participatory Budgeting with Additive
Utilities" (NeurIPS 2021), as pabutools 1.2.3 and equalshares.net implement it. Each
voter ``i`` starts with a budget ``b_i``. A project ``p`` is ``rho``-affordable when
its supporters, each paying ``min(b_i, rho * u_i(p))``, pay exactly its cost. Each
round selects the project affordable at the lowest ``rho`` (ties broken by the
tie-breaking key), charges its supporters, and MES stops when no project is
affordable any more. Free projects are affordable at ``rho = 0``, so they come first.

Plain exact fractions, every price computed from the budgets as they stand: slow, and
plainly the definition. The fast engine (``mes.py``) must give the same selection and
payments (``tests/test_lib_mes_reference.py``).
"""

import re
from fractions import Fraction


def tie_key(tie_breaking, project, cost, supporters):
    """What orders projects at the same ``rho``, smallest first.

    ``pabutools``: the project's name as a string (pabutools' lexicographic order);
    ``default``: the lowest cost, then the most supporters, then the name in natural
    order ("REQ-9" before "REQ-10").
    """
    if tie_breaking == "pabutools":
        return str(project)
    parts = re.split(r"(\d+)", str(project))
    natural = [int(part) if index % 2 else part for index, part in enumerate(parts)]
    return (cost, -len(supporters), natural)


def rho(cost, budgets, utility):
    """The lowest ``rho`` at which the supporters (``utility``: ``{voter: u_i(p)}``),
    each paying ``min(b_i, rho * u_i(p))``, pay ``cost``; None if they cannot.

    Everybody pays ``rho * u_i(p)`` at first; those who cannot pay their whole budget
    instead, the others share the rest, which raises ``rho``: repeat until all can,
    or until nobody can (then all their budgets together fall short of ``cost``).
    """
    capped = set()
    while True:
        paying = [voter for voter in utility if voter not in capped]
        if not paying:
            return None
        price = (cost - sum(budgets[voter] for voter in capped)) / sum(
            utility[voter] for voter in paying
        )
        short = {voter for voter in paying if price * utility[voter] > budgets[voter]}
        if not short:
            return price
        capped |= short


def equal_shares(costs, utilities, budgets, tie_breaking="default"):
    """MES: ``(selected, payments)`` for ``costs`` ``{project: cost}``, ``utilities``
    ``{voter: {project: utility}}`` (zero: no support) and ``budgets`` ``{voter:
    budget}``; ``payments`` is ``{project: {voter: paid}}``, voters paying 0 left out.
    """
    budgets = {voter: Fraction(budget) for voter, budget in budgets.items()}
    supporters = {
        project: {
            voter: Fraction(ballot[project])
            for voter, ballot in utilities.items()
            if ballot.get(project)
        }
        for project in costs
    }
    # rho only rises as budgets fall: a project whose last rho already loses is skipped.
    last = {project: Fraction(0) for project in costs if supporters[project]}
    selected, payments = [], {}
    while True:
        best = None
        for project in sorted(last, key=last.get):
            if best is not None and last[project] > best[0][0]:
                break
            cost = Fraction(costs[project])
            price = rho(cost, budgets, supporters[project])
            if price is None:  # its supporters' budgets only fall: never again
                del last[project]
                continue
            last[project] = price
            key = (price, tie_key(tie_breaking, project, cost, supporters[project]))
            if best is None or key < best[0]:
                best = (key, project)
        if best is None:
            return selected, payments
        (price, _key), project = best
        del last[project]
        selected.append(project)
        payments[project] = {}
        for voter, utility in supporters[project].items():
            payment = min(budgets[voter], price * utility)
            budgets[voter] -= payment
            if payment:
                payments[project][voter] = payment
