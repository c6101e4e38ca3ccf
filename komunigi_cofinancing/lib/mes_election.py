# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The data of a funding round for the Method of Equal Shares: projects, voters,
utilities and endowments, checked once and prepared for the engine (``mes_engine``).

Why a separate module: reading and checking input, and laying it out for speed, is
bookkeeping that has nothing to do with the rule; the engine and the completions only
read an :class:`Election`.

Voters (co-ops) bring endowments, projects (requests) have costs, and each voter gives a
positive utility to the projects it supports: the cost itself for approval ballots
(pabutools' ``Cost_Sat``), the points for cumulative or scoring ballots
(``Additive_Cardinal_Sat``).

The layout: money and utilities are scaled to whole numbers (no rounding ever happens)
and voters are the bits of Python integers. The supporters of a project (per utility
level) and each group of voters who share the same budget are bit masks, so the engine
works per budget group, not per voter.
"""

import importlib.util
import math
import os
import re
from collections import namedtuple
from collections.abc import Mapping

try:
    from ...komunigi_membership.lib import rules
except (ImportError, ValueError):  # ValueError on Python 3.7
    # This folder loaded as a package of its own (pabulib as a script, benchmarks,
    # tests), with no addons above it: komunigi_membership's rules read by path.
    _LIB = os.path.dirname(os.path.abspath(__file__))
    _spec = importlib.util.spec_from_file_location(
        "komunigi_membership_rules",
        os.path.join(_LIB, "..", "..", "komunigi_membership", "lib", "rules.py"),
    )
    rules = importlib.util.module_from_spec(_spec)
    _spec.loader.exec_module(rules)

_ = rules._


class RuleError(rules.RuleError):
    """Input a funding rule cannot work with (see ``rules.RuleError``)."""


TIE_BREAKINGS = ("default", "pabutools")

Outcome = namedtuple("Outcome", "selected payments increment")
Outcome.__doc__ = """What a rule decides.

``selected``: project keys in selection order; ``payments``: ``{project: {voter:
Fraction}}`` for every selected project, voters paying nothing left out (MES payments,
or the cost split equally among supporters for projects a greedy completion adds);
``increment``: what each voter's budget was raised by for the MES part (0 without add1).
"""

try:
    popcount = int.bit_count
except AttributeError:  # Python < 3.10

    def popcount(mask):
        return bin(mask).count("1")


def _number(value):
    """``value`` as an exact Fraction (floats through their shortest repr)."""
    return rules.parse_number(value, RuleError)


def _natural(key):
    """Sort key putting "REQ-9" before "REQ-10"."""
    parts = re.split(r"(\d+)", str(key))
    return [int(part) if index % 2 else part for index, part in enumerate(parts)]


def voters_of(mask, voters):
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
    endowments by default. ``utilities`` is kept as given: the plain reference
    (``mes_reference``) reads it where it checks the engine.

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
        self.utilities = utilities
        self._prepare_levels(utilities)

    @staticmethod
    def _cost(project, cost):
        return rules.parse_non_negative(
            cost,
            RuleError,
            _("The cost of %(project)s cannot be negative (%(cost)s)."),
            project=project,
            cost=cost,
        )

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
        self.approvals = [popcount(mask) for mask in self.supporters]
        self.total_utility = [
            sum(utility * popcount(mask) for utility, mask in project_levels.items())
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
        return voters_of(self.supporters[position], self.voters)

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
