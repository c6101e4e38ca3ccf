# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Funding rounds: the Method of Equal Shares (MES), exactly, and its completions.

Voters (co-ops) bring endowments, projects (requests) have costs, and each voter gives a
positive utility to the projects it supports: the cost itself for approval ballots
(pabutools' ``Cost_Sat``), the points for cumulative or scoring ballots
(``Additive_Cardinal_Sat``). Rules, with pabutools 1.2.3's semantics:

- ``mes``: each round selects the project its supporters can pay with the lowest price
  ``rho`` per unit of utility, each supporter paying ``min(budget, rho * utility)``;
- ``mes-add1``: MES again with one more unit of budget per voter, as long as the outcome
  costs no more than the budget limit and is not exhaustive (pabutools'
  ``voter_budget_increment=1``);
- ``greedy``: projects by utility per unit of cost, skipping those that no longer fit;
- ``mes-add1u``: ``mes-add1`` completed by ``greedy``.

Tie-breaking ``default`` prefers the lowest cost, then the most supporters, then the
project key in natural order ("REQ-9" before "REQ-10"); ``pabutools`` compares the keys
as strings, like pabutools' lexicographic default.

Exactness and speed. Inputs and outputs are exact (``fractions.Fraction``); inside,
money and utilities are scaled to whole numbers and every fraction is kept as whole
numbers over a common denominator, compared by cross-multiplication, so no rounding
ever happens. Voters are the bits of Python integers: the supporters of a project (per
utility level) and each group of voters who share the same budget are bit masks, so a
round costs a few ``&`` and popcounts per budget group, not per voter. Prices are
evaluated lazily (a price only rises as budgets fall, so a stale price is a lower
bound, as in Peters' reference implementation). ``mes-add1`` does not rerun MES from
scratch at every unit: the rounds are computed as affine functions of the budget
increment, with every comparison they rest on (which project is cheapest, which
supporters pay their whole budget, which projects are out of reach), so each round
knows the last increment up to which it happens the same way. The increments in
between give the same outcome and are skipped, and at the next one only the rounds
that change are recomputed: pabutools' result, exactly, without its thousands of runs.
``mes_add1(..., jump=False)`` runs every unit from scratch, to check that claim.
"""

import math
import re
from collections import namedtuple
from collections.abc import Mapping
from decimal import Decimal
from fractions import Fraction


def _(text):
    """Mark ``text`` for Odoo's translation extractor; the Odoo layer translates."""
    return text


class RuleError(ValueError):
    """Input a funding rule cannot work with; ``msgid % params`` explains why."""

    def __init__(self, msgid, **params):
        self.msgid = msgid
        self.params = params
        super().__init__(msgid % params)


RULES = ("mes", "mes-add1", "greedy", "mes-add1u")
TIE_BREAKINGS = ("default", "pabutools")

Outcome = namedtuple("Outcome", "selected payments increment")
Outcome.__doc__ = """What a rule decides.

``selected``: project keys in selection order; ``payments``: ``{project: {voter:
Fraction}}`` for every selected project, voters paying nothing left out (MES payments,
or the cost split equally among supporters for projects a greedy completion adds);
``increment``: what each voter's budget was raised by for the MES part (0 without add1).
"""

try:
    _popcount = int.bit_count
except AttributeError:  # Python < 3.10

    def _popcount(mask):
        return bin(mask).count("1")


def _number(value):
    """``value`` as an exact Fraction (floats through their shortest repr)."""
    number = repr(value) if isinstance(value, float) else value
    try:
        if isinstance(number, str):
            number = Decimal(number.strip())
        if isinstance(number, bool):
            raise TypeError(number)
        return Fraction(number)
    except (ArithmeticError, TypeError, ValueError):
        raise RuleError(_("%(value)s is not a number."), value=value) from None


def _natural(key):
    """Sort key putting "REQ-9" before "REQ-10"."""
    parts = re.split(r"(\d+)", str(key))
    return [int(part) if index % 2 else part for index, part in enumerate(parts)]


def _voters_of(mask, voters):
    """The voters whose bits are set in ``mask``, in order."""
    found = []
    while mask:
        low = mask & -mask
        found.append(voters[low.bit_length() - 1])
        mask ^= low
    return found


class Election:
    """Projects, voters' utilities and endowments, checked and prepared once.

    ``costs``: ``{project: cost}`` or pairs; ``utilities``: ``{voter: {project:
    utility}}`` for every voter (an empty dict for a voter who supports nothing; zero
    utilities mean no support); ``endowments``: ``{voter: budget}`` or one budget for
    every voter; ``budget_limit``: what the outcome may cost in total, the sum of the
    endowments by default.

    MES itself works on whole numbers: money is counted in units of ``1 / scale``
    (every cost and endowment is a whole number of them) and utilities are scaled to
    whole numbers too, which changes no comparison between prices.
    """

    def __init__(self, costs, utilities, endowments, budget_limit=None):
        pairs = list(costs.items() if isinstance(costs, Mapping) else costs)
        self.projects = [project for project, _cost in pairs]
        self.index = {}
        for position, project in enumerate(self.projects):
            if project in self.index:
                raise RuleError(
                    _("%(project)s appears more than once."), project=project
                )
            self.index[project] = position
        self.costs = [self._cost(project, cost) for project, cost in pairs]
        self.voters = list(utilities)
        self.endowments = self._endowments(endowments)
        self.budget_limit = (
            sum(self.endowments) if budget_limit is None else _number(budget_limit)
        )
        self.scale = _common_denominator(self.costs + self.endowments)
        by_endowment = {}
        for bit, endowment in enumerate(self.endowments):
            by_endowment[endowment] = by_endowment.get(endowment, 0) | 1 << bit
        self.endowment_groups = {
            int(endowment * self.scale): mask
            for endowment, mask in by_endowment.items()
        }
        self._prepare_levels(utilities)

    @staticmethod
    def _cost(project, cost):
        value = _number(cost)
        if value < 0:
            raise RuleError(
                _("The cost of %(project)s cannot be negative (%(cost)s)."),
                project=project,
                cost=cost,
            )
        return value

    def _endowments(self, endowments):
        if not isinstance(endowments, Mapping):
            value = _number(endowments)
            if value < 0:
                raise RuleError(
                    _("A budget cannot be negative (%(budget)s)."), budget=endowments
                )
            return [value] * len(self.voters)
        values = []
        for voter in self.voters:
            if voter not in endowments:
                raise RuleError(_("%(voter)s has no budget."), voter=voter)
            values.append(_number(endowments[voter]))
            if values[-1] < 0:
                raise RuleError(
                    _("The budget of %(voter)s cannot be negative (%(budget)s)."),
                    voter=voter,
                    budget=endowments[voter],
                )
        return values

    def _prepare_levels(self, utilities):
        """Per project, the bit mask of its supporters for each utility value.

        Masks are first keyed by the utilities as given (often small ints, quick to
        hash), each distinct one converted and checked once, then merged by value.
        """
        given = [{} for _project in self.projects]
        values = {}
        for bit, voter in enumerate(self.voters):
            for project, utility in utilities[voter].items():
                position = self.index.get(project)
                if position is None:
                    raise RuleError(
                        _("%(voter)s supports the unknown project %(project)s."),
                        voter=voter,
                        project=project,
                    )
                if utility not in values:
                    values[utility] = self._utility(voter, project, utility)
                given[position][utility] = given[position].get(utility, 0) | 1 << bit
        levels = [{} for _project in self.projects]
        for position, project_levels in enumerate(given):
            for utility, mask in project_levels.items():
                value = values[utility]
                if value:
                    levels[position][value] = levels[position].get(value, 0) | mask
        self.supporters = [
            _or_all(project_levels.values()) for project_levels in levels
        ]
        self.approvals = [_popcount(mask) for mask in self.supporters]
        self.total_utility = [
            sum(utility * _popcount(mask) for utility, mask in project_levels.items())
            for project_levels in levels
        ]
        self.levels, self.factors = _whole_levels(levels)

    @staticmethod
    def _utility(voter, project, utility):
        value = _number(utility)
        if value < 0:
            raise RuleError(
                _(
                    "The utility of %(project)s for %(voter)s cannot be "
                    "negative (%(utility)s)."
                ),
                voter=voter,
                project=project,
                utility=utility,
            )
        return value

    def tie_keys(self, tie_breaking):
        """Per project, the key that orders tied projects (smallest first)."""
        if tie_breaking == "pabutools":
            return [str(project) for project in self.projects]
        if tie_breaking == "default":
            return [
                (cost, -approvals, _natural(project))
                for project, cost, approvals in zip(
                    self.projects, self.costs, self.approvals
                )
            ]
        raise RuleError(
            _("Unknown tie-breaking: %(tie_breaking)s."), tie_breaking=tie_breaking
        )

    def supporters_of(self, position):
        return _voters_of(self.supporters[position], self.voters)

    def cost_of(self, positions):
        return sum(self.costs[position] for position in positions)


def approval_election(costs, approvals, endowments, budget_limit=None):
    """An :class:`Election` from approval ballots ``{voter: [project, ...]}``, a
    supporter's utility being the project's cost (pabutools' ``Cost_Sat``)."""
    pairs = list(costs.items() if isinstance(costs, Mapping) else costs)
    cost_of = dict(pairs)
    utilities = {}
    for voter, projects in approvals.items():
        utilities[voter] = {}
        for project in projects:
            if project not in cost_of:
                raise RuleError(
                    _("%(voter)s supports the unknown project %(project)s."),
                    voter=voter,
                    project=project,
                )
            utilities[voter][project] = cost_of[project]
    return Election(pairs, utilities, endowments, budget_limit)


def _common_denominator(numbers):
    denominator = 1
    for number in numbers:
        denominator = (
            denominator
            * number.denominator
            // math.gcd(denominator, number.denominator)
        )
    return denominator


def _whole_levels(levels):
    """Utilities as whole numbers: per project, ``(reduced, mask, order)`` for each
    utility level, and the project's ``factor``.

    One scale makes every utility whole (prices of different projects compare);
    ``reduced = utility / factor``, ``factor`` being the project's common divisor,
    is enough to share a project's cost; ``order`` makes ``budget * order`` sort like
    ``budget / utility``.
    """
    scale = _common_denominator([value for level in levels for value in level])
    whole = []
    factors = []
    for project_levels in levels:
        utilities = [int(value * scale) for value in project_levels]
        factor = 0
        multiple = 1
        for utility in utilities:
            factor = math.gcd(factor, utility)
            multiple = multiple * utility // math.gcd(multiple, utility)
        factors.append(factor)
        whole.append(
            [
                (utility // factor, mask, multiple // utility)
                for utility, mask in zip(utilities, project_levels.values())
            ]
        )
    return whole, factors


def _or_all(masks):
    result = 0
    for mask in masks:
        result |= mask
    return result


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


class _Trajectory:
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
                reduced * _popcount(mask)
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
                        count = _popcount(common)
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


def _outcome(election, rounds, increment):
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
                shares.update(dict.fromkeys(_voters_of(mask, election.voters), amount))
        payments[project] = _in_voter_order(shares, election.voters)
    return Outcome(selected, payments, increment)


def _in_voter_order(shares, voters):
    return {voter: shares[voter] for voter in voters if voter in shares}


def _free_projects(election, keys):
    """Supported projects that cost nothing: pabutools selects them before MES."""
    return sorted(
        (
            position
            for position, mask in enumerate(election.supporters)
            if mask and election.costs[position] == 0
        ),
        key=lambda position: keys[position],
    )


def _with_free(free, election, outcome):
    """Prepend the free projects (nobody pays for them) to an MES outcome."""
    projects = [election.projects[position] for position in free]
    payments = dict.fromkeys(projects, {})
    payments.update(outcome.payments)
    return Outcome(projects + outcome.selected, payments, outcome.increment)


def method_of_equal_shares(election, tie_breaking="default"):
    """Plain MES at the voters' endowments (no completion)."""
    keys = election.tie_keys(tie_breaking)
    trajectory = _Trajectory(election, keys).solve(0)
    outcome = _outcome(election, trajectory.rounds, 0)
    return _with_free(_free_projects(election, keys), election, outcome)


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
    free = _free_projects(election, keys)
    candidates = [
        position
        for position, mask in enumerate(election.supporters)
        if mask and election.costs[position] > 0
    ]
    trajectory = _Trajectory(election, keys)
    kept = None  # the rounds to return and their increment
    increment = 0
    while True:
        if not jump:
            trajectory = _Trajectory(election, keys)
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
    outcome = _outcome(election, *kept) if kept else Outcome([], {}, 0)
    return _with_free(free, election, outcome)


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
