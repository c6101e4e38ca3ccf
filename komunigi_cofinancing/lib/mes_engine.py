# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Method of Equal Shares (MES), exactly and fast, on an :class:`Election`.

``mes_reference.py`` is the rule as the paper states it: each round selects the
project its supporters can pay with the lowest price ``rho`` per unit of utility, each
supporter paying ``min(budget_i, rho * u_i(p))``. This module computes the same
selection and the same payments (``tests/test_lib_mes_reference.py``), fast enough for
``mes-add1`` (``mes_completions``), which reruns MES at every budget increment.

Why it looks different from the reference: every fraction is kept as whole numbers over
a common denominator, compared by cross-multiplication; budgets are held per group of
voters sharing the same budget (bit masks, see ``mes_election``), so a round costs a few
``&`` and popcounts per budget group, not per voter. Prices are evaluated lazily (a
price only rises as budgets fall, so a stale price is a lower bound, as in Peters'
reference implementation). And the rounds are computed as affine functions of the
per-voter budget increment, with every comparison they rest on (which project is
cheapest, which supporters pay their whole budget, which projects are out of reach),
so each round knows the last increment up to which it happens the same way:
``mes-add1`` skips the increments in between, and at the next one recomputes only the
rounds that change.

Tie-breaking keys come from :meth:`Election.tie_keys`; supported projects that cost
nothing are selected first, as pabutools does.
"""

from fractions import Fraction

from .mes_election import Outcome, popcount, voters_of


def _holds(limit, increment):
    return limit is None or increment <= limit


class _State:
    """Where MES stands before a round, at per-voter budget increment ``base``.

    ``groups``: voters sharing a budget, ``{(budget, slope): mask}``: the budget at
    ``base`` and its growth per extra unit of increment, whole numbers over
    ``denominator`` (money in units of ``1 / election.scale``); voters charged their
    whole budget leave. ``price``: per remaining project, a lower bound of its price
    per unit of scaled utility, ``(value, slope, denominator)``.
    """

    __slots__ = ("base", "groups", "denominator", "remaining", "price")

    def __init__(self, base, groups, denominator, remaining, price):
        self.base = base
        self.groups = groups
        self.denominator = denominator
        self.remaining = remaining
        self.price = price

    def shifted(self, increment):
        """The same state at another increment (reached by the same rounds)."""
        steps = increment - self.base
        return _State(
            increment,
            {
                (budget + slope * steps, slope): mask
                for (budget, slope), mask in self.groups.items()
            },
            self.denominator,
            self.remaining,
            {
                position: (value + slope * steps, slope, denominator)
                for position, (value, slope, denominator) in self.price.items()
            },
        )


class _Round:
    """One MES round: its ``start`` state, the project it selected (None: MES
    stopped), the payments ``(mask, value, slope, denominator)`` at ``start.base``,
    and ``limit``, the last increment at which it and all rounds before it happen
    the same way (None: no limit)."""

    __slots__ = ("start", "best", "paid", "limit")

    def __init__(self, start, best, paid, limit):
        self.start = start
        self.best = best
        self.paid = paid
        self.limit = limit


class Trajectory:
    """The rounds of MES at a per-voter budget increment, parametric in it.

    Budgets, prices and payments are affine in the increment as long as the same
    rounds happen (same selections, same capped voters, same discarded projects);
    every comparison they rest on is recorded, so each round knows up to which
    increment it stays the same. :meth:`solve` at a later increment keeps the
    rounds still valid there and recomputes the rest only.
    """

    def __init__(self, election, tie_keys):
        self.election = election
        self.keys = tie_keys
        self.costs = [int(cost * election.scale) for cost in election.costs]
        self.rounds = []
        self.limit = None

    def solve(self, increment):
        """Bring the rounds to ``increment``; returns self."""
        rounds = self.rounds
        kept = 0
        while kept < len(rounds) and _holds(rounds[kept].limit, increment):
            kept += 1
        if rounds and kept == len(rounds):
            return self
        if kept < len(rounds):
            state = rounds[kept].start.shifted(increment)
        else:
            state = self._initial(increment)
        self.limit = rounds[kept - 1].limit if kept else None
        del rounds[kept:]
        while True:
            start = state
            state = _State(
                start.base,
                start.groups,
                start.denominator,
                list(start.remaining),
                dict(start.price),
            )
            best, evaluation = self._best(state)
            if best is None:
                rounds.append(_Round(start, None, [], self.limit))
                return self
            self._certify(state, best)
            paid = self._pay(state, best, evaluation)
            rounds.append(_Round(start, best, paid, self.limit))

    def _initial(self, increment):
        election = self.election
        scale = election.scale
        remaining = [
            position
            for position, mask in enumerate(election.supporters)
            if mask and self.costs[position] > 0
        ]
        price = {}
        for position in remaining:
            total = sum(
                reduced * popcount(mask)
                for reduced, mask, _order in election.levels[position]
            )
            price[position] = (
                self.costs[position],
                0,
                total * election.factors[position],
            )
        groups = {
            (units + increment * scale, scale): mask
            for units, mask in election.endowment_groups.items()
        }
        return _State(increment, groups, 1, remaining, price)

    def _keep(self, base, value, slope, strict):
        """Record that ``value + slope * k`` (whole numbers over a positive
        denominator) stays positive (``strict``) or non-negative at the increments
        ``base + k``; it holds at ``k = 0``."""
        if slope < 0:
            limit = base + (value - 1 if strict else value) // -slope
            if self.limit is None or limit < self.limit:
                self.limit = limit

    def _items(self, state, position):
        """The supporters of a project, one item per budget group and utility
        level: ``(budget, slope, reduced utility, count, mask, sort key)``, and
        their total budget, its slope and their total reduced utility."""
        items = []
        append = items.append
        available = available_slope = weight = 0
        supporters = self.election.supporters[position]
        levels = self.election.levels[position]
        for (budget, slope), mask in state.groups.items():
            if mask & supporters:
                for reduced, level, order in levels:
                    common = mask & level
                    if common:
                        count = popcount(common)
                        append((budget, slope, reduced, count, common, budget * order))
                        available += count * budget
                        available_slope += count * slope
                        weight += count * reduced
        return items, available, available_slope, weight

    def _best(self, state):
        """The cheapest affordable project, or None.

        Prices are evaluated lazily, cheapest stale price first (floats only choose
        that order); a project whose exact stale price already loses to the best so
        far is skipped, since prices only rise as budgets fall.
        """
        best = chosen = None
        keys = self.keys
        price = state.price
        for position in sorted(
            state.remaining, key=lambda p: (price[p][0] / price[p][2], keys[p])
        ):
            if best is not None and not _beats(
                price[position], keys[position], price[best], keys[best]
            ):
                continue
            evaluation = self._evaluate(state, position)
            if evaluation is None:
                state.remaining.remove(position)
                continue
            price[position] = evaluation[0]
            if best is None or _beats(
                price[position], keys[position], price[best], keys[best]
            ):
                best, chosen = position, evaluation
        return best, chosen

    def _evaluate(self, state, position):
        """``(price, items, capped, weight)`` of a project now, recording why, or
        None if its supporters cannot afford it any more.

        The items are sorted by budget per utility; the first ``capped`` pay their
        whole budget, the others ``price * utility``; ``weight``: the others'
        reduced utilities. Slopes of budgets are never negative and those of prices
        never positive, so an affordable project stays affordable and a supporter
        who can pay its share still can at higher increments: only the opposite
        facts are recorded.
        """
        cost = self.costs[position] * state.denominator
        items, available, available_slope, weight = self._items(state, position)
        if available < cost:
            self._keep(state.base, cost - available, -available_slope, strict=True)
            return None
        items.sort(key=_sort_key)
        paid = paid_slope = capped = 0
        for budget, slope, reduced, count, _mask, _key in items:
            if (cost - paid) * reduced <= budget * weight:
                break
            paid += count * budget
            paid_slope += count * slope
            weight -= count * reduced
            capped += 1
        for budget, slope, reduced, _count, _mask, _key in items[:capped]:
            self._keep(
                state.base,
                (cost - paid) * reduced - budget * weight,
                -paid_slope * reduced - slope * weight,
                strict=True,
            )
        factor = self.election.factors[position]
        price = (cost - paid, -paid_slope, state.denominator * weight * factor)
        return price, items, capped, weight

    def _certify(self, state, best):
        """Record that no other project beats ``best`` (stale prices are lower
        bounds, so they suffice)."""
        value, slope, denominator = state.price[best]
        best_key = self.keys[best]
        for position in state.remaining:
            if position != best:
                other, other_slope, other_denominator = state.price[position]
                self._keep(
                    state.base,
                    other * denominator - value * other_denominator,
                    other_slope * denominator - slope * other_denominator,
                    strict=self.keys[position] < best_key,
                )

    def _pay(self, state, best, evaluation):
        """Charge the supporters of ``best``; returns the payments."""
        (due, due_slope, _denominator), items, capped, weight = evaluation
        old = state.denominator
        state.denominator = old * weight
        supporters = self.election.supporters[best]
        groups = {}
        for (budget, slope), mask in state.groups.items():
            rest = mask & ~supporters
            if rest:
                key = (budget * weight, slope * weight)
                groups[key] = groups.get(key, 0) | rest
        paid = []
        for index, (budget, slope, reduced, _count, mask, _key) in enumerate(items):
            if index < capped:
                paid.append((mask, budget, slope, old))
                continue
            payment = (due * reduced, due_slope * reduced)
            paid.append((mask,) + payment + (state.denominator,))
            key = (budget * weight - payment[0], slope * weight - payment[1])
            groups[key] = groups.get(key, 0) | mask
        state.groups = groups
        state.remaining.remove(best)
        return paid


def _sort_key(item):
    return item[5]


def _beats(price, key, other_price, other_key):
    """True if ``price`` (then ``key``) is smaller: exact cross-multiplication."""
    left = price[0] * other_price[2]
    right = other_price[0] * price[2]
    return left < right or (left == right and key < other_key)


def outcome_at(election, rounds, increment):
    """The outcome of ``rounds`` (valid at ``increment``) at ``increment``."""
    selected = []
    payments = {}
    for step in rounds:
        if step.best is None:
            continue
        project = election.projects[step.best]
        selected.append(project)
        shares = {}
        for mask, value, slope, denominator in step.paid:
            amount = Fraction(
                value + slope * (increment - step.start.base),
                denominator * election.scale,
            )
            if amount:
                shares.update(dict.fromkeys(voters_of(mask, election.voters), amount))
        payments[project] = _in_voter_order(shares, election.voters)
    return Outcome(selected, payments, increment)


def _in_voter_order(shares, voters):
    return {voter: shares[voter] for voter in voters if voter in shares}


def free_projects(election, keys):
    """Supported projects that cost nothing: pabutools selects them before MES."""
    return sorted(
        (
            position
            for position, mask in enumerate(election.supporters)
            if mask and election.costs[position] == 0
        ),
        key=lambda position: keys[position],
    )


def with_free(free, election, outcome):
    """Prepend the free projects (nobody pays for them) to an MES outcome."""
    projects = [election.projects[position] for position in free]
    payments = dict.fromkeys(projects, {})
    payments.update(outcome.payments)
    return Outcome(projects + outcome.selected, payments, outcome.increment)


def method_of_equal_shares(election, tie_breaking="default"):
    """Plain MES at the voters' endowments (no completion)."""
    keys = election.tie_keys(tie_breaking)
    trajectory = Trajectory(election, keys).solve(0)
    outcome = outcome_at(election, trajectory.rounds, 0)
    return with_free(free_projects(election, keys), election, outcome)
