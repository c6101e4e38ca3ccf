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

Exactness and speed. Arithmetic is ``fractions.Fraction`` throughout. Voters are bits of
Python integers: a project's supporters (per utility level) and every group of voters who
share the same budget are bit masks, so one MES round costs a few ``&`` and popcounts per
budget group, not per voter. Prices are evaluated lazily (a price only rises as budgets
fall, so a stale price is a lower bound, as in Peters' reference implementation).
``mes-add1`` need not rerun MES at every unit: a run at budget increment ``t`` tracks every
quantity as an affine function of ``t`` and every comparison the outcome rests on, and
so knows up to which increment the very same rounds (selections, capped voters,
discarded projects) happen; the increments in between would give the same outcome, so
they are skipped, with exactly pabutools' result. ``jump=False`` runs every unit, to
check that claim.
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
        endowments = self._endowments(endowments)
        self.budget_limit = (
            sum(endowments) if budget_limit is None else _number(budget_limit)
        )
        self.scale = _common_denominator(self.costs + endowments)
        self.endowment_groups = {}
        for bit, endowment in enumerate(endowments):
            units = int(endowment * self.scale)
            self.endowment_groups[units] = (
                self.endowment_groups.get(units, 0) | 1 << bit
            )
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
            endowments = dict.fromkeys(self.voters, endowments)
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
        """Per project, the bit mask of its supporters for each utility value."""
        levels = [{} for _project in self.projects]
        numbers = {}
        for bit, voter in enumerate(self.voters):
            for project, utility in utilities[voter].items():
                position = self.index.get(project)
                if position is None:
                    raise RuleError(
                        _("%(voter)s supports the unknown project %(project)s."),
                        voter=voter,
                        project=project,
                    )
                value = numbers.get(utility)
                if value is None:
                    value = numbers[utility] = _number(utility)
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
                if value:
                    levels[position][value] = levels[position].get(value, 0) | 1 << bit
        self.supporters = [
            _or_all(project_levels.values()) for project_levels in levels
        ]
        self.approvals = [_popcount(mask) for mask in self.supporters]
        self.total_utility = [
            sum(utility * _popcount(mask) for utility, mask in project_levels.items())
            for project_levels in levels
        ]
        self.levels = _whole_levels(levels)

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
    """Utilities scaled to whole numbers: per project ``(utility, mask, order)``
    triples where ``order`` is a multiplier making ``budget * order`` sort like
    ``budget / utility``."""
    scale = _common_denominator([value for level in levels for value in level])
    whole = []
    for project_levels in levels:
        utilities = [int(value * scale) for value in project_levels]
        common = 1
        for utility in utilities:
            common = common * utility // math.gcd(common, utility)
        whole.append(
            [
                (utility, mask, common // utility)
                for utility, mask in zip(utilities, project_levels.values())
            ]
        )
    return whole


def _or_all(masks):
    result = 0
    for mask in masks:
        result |= mask
    return result


class _Bound:
    """The largest step ``k`` such that every recorded comparison keeps its result
    for the increments ``t0 .. t0 + k``; None while nothing limits it.

    A comparison is recorded as an affine function ``value + slope * k`` of whole
    numbers (over some positive denominator) that must stay positive (``strict``) or
    non-negative; it holds at ``k = 0``.
    """

    def __init__(self):
        self.steps = None

    def keep(self, value, slope, strict):
        if slope >= 0:
            return
        steps = (value - 1 if strict else value) // -slope
        if self.steps is None or steps < self.steps:
            self.steps = steps


class _Run:
    """One MES run at per-voter budget increment ``t0``, parametric in the increment.

    Voters sharing a budget form one group (a bit mask) keyed by ``(budget, slope)``:
    the budget at ``t0`` and its growth per extra unit of increment, both whole
    numbers over ``self.denominator`` (in money units of ``1 / election.scale``).
    Groups that are charged everything leave the run. A price is a triple
    ``(value, slope, denominator)`` per unit of (scaled) utility.
    """

    def __init__(self, election, tie_keys, t0):
        self.election = election
        self.keys = tie_keys
        self.bound = _Bound()
        scale = election.scale
        self.denominator = 1
        self.groups = {
            (units + t0 * scale, scale): mask
            for units, mask in election.endowment_groups.items()
        }
        self.costs = [int(cost * scale) for cost in election.costs]
        self.selected = []
        self.payments = []
        self.remaining = [
            position
            for position, mask in enumerate(election.supporters)
            if mask and self.costs[position] > 0
        ]
        self.price = {}
        for position in self.remaining:
            total = sum(
                utility * _popcount(mask)
                for utility, mask, _order in election.levels[position]
            )
            self.price[position] = (self.costs[position], 0, total)

    def run(self):
        while self.remaining:
            best = self._best()
            if best is None:
                break
            self._certify(best)
            self._pay(best)
        return self

    def _items(self, position):
        """(budget, slope, utility, count, mask, order) of a project's supporters."""
        items = []
        supporters = self.election.supporters[position]
        levels = self.election.levels[position]
        for (budget, slope), mask in self.groups.items():
            if mask & supporters:
                for utility, level, order in levels:
                    common = mask & level
                    if common:
                        items.append(
                            (budget, slope, utility, _popcount(common), common, order)
                        )
        return items

    def _best(self):
        """The cheapest affordable project, or None.

        Prices are evaluated lazily, cheapest stale price first (floats only choose
        that order); a project whose exact stale price already loses to the best
        so far is skipped, since prices only rise.
        """
        best = None
        keys = self.keys
        price = self.price
        self.evaluated = {}
        for position in sorted(
            self.remaining, key=lambda p: (price[p][0] / price[p][2], keys[p])
        ):
            if best is not None and not _beats(
                price[position], keys[position], price[best], keys[best]
            ):
                continue
            evaluation = self._evaluate(position)
            if evaluation is None:
                self.remaining.remove(position)
                continue
            self.evaluated[position] = evaluation
            price[position] = evaluation[0]
            if best is None or _beats(
                price[position], keys[position], price[best], keys[best]
            ):
                best = position
        return best

    def _evaluate(self, position):
        """(price, supporters' items, capped count) of a project now, recording
        why; None if its supporters cannot afford it any more."""
        cost = self.costs[position] * self.denominator
        items = self._items(position)
        available = available_slope = weight = 0
        for budget, slope, utility, count, _mask, _order in items:
            available += count * budget
            available_slope += count * slope
            weight += count * utility
        if available < cost:
            self.bound.keep(cost - available, -available_slope, strict=True)
            return None
        self.bound.keep(available - cost, available_slope, strict=False)
        items.sort(key=lambda item: item[0] * item[5])
        paid = paid_slope = capped = 0
        for budget, slope, utility, count, _mask, _order in items:
            if (cost - paid) * utility <= budget * weight:
                break
            paid += count * budget
            paid_slope += count * slope
            weight -= count * utility
            capped += 1
        self._record_caps(items, capped, cost - paid, paid_slope, weight)
        return (cost - paid, -paid_slope, self.denominator * weight), items, capped

    def _record_caps(self, items, capped, due, paid_slope, weight):
        """Capped supporters pay their whole budget, the others ``price * utility``
        (the price being ``due / (denominator * weight)``)."""
        for index, (budget, slope, utility, _c, _m, _o) in enumerate(items):
            margin = budget * weight - due * utility
            margin_slope = slope * weight + paid_slope * utility
            if index < capped:
                self.bound.keep(-margin, -margin_slope, strict=True)
            else:
                self.bound.keep(margin, margin_slope, strict=False)

    def _certify(self, best):
        """Record that no other project beats ``best`` (lazy prices: lower bounds)."""
        value, slope, denominator = self.price[best]
        best_key = self.keys[best]
        for position in self.remaining:
            if position != best:
                other, other_slope, other_denominator = self.price[position]
                self.bound.keep(
                    other * denominator - value * other_denominator,
                    other_slope * denominator - slope * other_denominator,
                    strict=self.keys[position] < best_key,
                )

    def _pay(self, best):
        """Charge the supporters of ``best`` and regroup voters by budget."""
        (due, due_slope, _denominator), items, capped = self.evaluated[best]
        weight = sum(item[2] * item[3] for item in items[capped:])
        old = self.denominator
        self.denominator = old * weight
        supporters = self.election.supporters[best]
        groups = {}
        for (budget, slope), mask in self.groups.items():
            rest = mask & ~supporters
            if rest:
                key = (budget * weight, slope * weight)
                groups[key] = groups.get(key, 0) | rest
        paid = []
        for index, (budget, slope, utility, _count, mask, _order) in enumerate(items):
            if index < capped:
                paid.append((mask, budget, slope, old))
                continue
            paid.append((mask, due * utility, due_slope * utility, self.denominator))
            key = (
                budget * weight - due * utility,
                slope * weight - due_slope * utility,
            )
            groups[key] = groups.get(key, 0) | mask
        self.groups = groups
        self._reduce()
        self.selected.append(best)
        self.payments.append(paid)
        self.remaining.remove(best)

    def _reduce(self):
        """Divide budgets and their denominator by their common factor."""
        common = self.denominator
        for budget, slope in self.groups:
            common = math.gcd(math.gcd(common, budget), slope)
            if common == 1:
                return
        self.denominator //= common
        self.groups = {
            (budget // common, slope // common): mask
            for (budget, slope), mask in self.groups.items()
        }

    def outcome(self, steps, increment):
        """The outcome ``steps`` increments after ``t0`` (same rounds, other sums)."""
        election = self.election
        payments = {}
        for position, paid in zip(self.selected, self.payments):
            shares = {}
            for mask, value, slope, denominator in paid:
                amount = Fraction(value + slope * steps, denominator * election.scale)
                if amount:
                    shares.update(
                        dict.fromkeys(_voters_of(mask, election.voters), amount)
                    )
            payments[election.projects[position]] = _in_voter_order(
                shares, election.voters
            )
        selected = [election.projects[position] for position in self.selected]
        return Outcome(selected, payments, increment)


def _beats(price, key, other_price, other_key):
    """True if ``price`` (and then ``key``) is smaller: exact cross-multiplication."""
    left = price[0] * other_price[2]
    right = other_price[0] * price[2]
    return left < right or (left == right and key < other_key)


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
    run = _Run(election, keys, 0).run()
    return _with_free(_free_projects(election, keys), election, run.outcome(0, 0))


def _is_exhaustive(election, chosen, candidates):
    """True if none of ``candidates`` outside ``chosen`` still fits the budget."""
    room = election.budget_limit - election.cost_of(chosen)
    return all(
        position in chosen or election.costs[position] > room for position in candidates
    )


def mes_add1(election, tie_breaking="default", jump=True):
    """MES with every voter's budget raised by 1 until the outcome would cost more
    than the budget limit (the last affordable outcome is kept) or is exhaustive
    among the supported projects; ``jump=False`` reruns MES at every unit."""
    keys = election.tie_keys(tie_breaking)
    free = _free_projects(election, keys)
    candidates = [
        position
        for position, mask in enumerate(election.supporters)
        if mask and election.costs[position] > 0
    ]
    previous = None
    increment = 0
    while True:
        run = _Run(election, keys, increment).run()
        chosen = set(free) | set(run.selected)
        if election.cost_of(chosen) > election.budget_limit:
            break
        if _is_exhaustive(election, chosen, candidates):
            previous = (run, 0, increment)
            break
        steps = run.bound.steps if jump else 0
        if steps is None:
            raise RuntimeError("an MES outcome cannot stay non-exhaustive for ever")
        previous = (run, steps, increment + steps)
        increment += steps + 1
    if previous is None:
        return _with_free(free, election, Outcome([], {}, 0))
    run, steps, increment = previous
    return _with_free(free, election, run.outcome(steps, increment))


def greedy(election, tie_breaking="default", outcome=None):
    """Greedy utilitarian welfare: projects by total utility per unit of cost,
    skipping those that no longer fit; completes ``outcome`` if given.

    Like pabutools, projects nobody supports come last but are still taken if they
    fit (their payments are empty); added projects are split equally among their
    supporters.
    """
    keys = election.tie_keys(tie_breaking)
    outcome = outcome or Outcome([], {}, 0)
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
