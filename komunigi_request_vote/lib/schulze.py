# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The Schulze method (winning votes) and the requests a ranking approves.

Reference: Markus Schulze, "A new monotonic, clone-independent, reversal
symmetric, and Condorcet-consistent single-winner election method", Social
Choice and Welfare 36 (2011), section 2.1 and its "winning votes" strength:
a link a->b exists when more voters prefer a to b than b to a; its strength
is the pair (support, opposition), and of two links the one with more support
is stronger, at equal support the one with less opposition. Keeping the
support only (as this module did before) leaves ties the paper breaks, and
so picks other winners on small electorates.

``schulze-condorcet`` 2.0.1 (PyPI), which follows the paper, is the oracle of
``tests/oracle/test_schulze_oracle.py``: winners and full rankings agree.
"""

from fractions import Fraction

from .tallies import (
    TallyError,
    _,
    _check_candidates,
    _check_distinct,
    non_negative,
)

NO_PATH = (0, 0)
"""The (support, opposition) of a missing link: weaker than every link."""


def schulze(ballots, candidates):
    """Rank candidates by the Schulze method (winning votes).

    Each ballot is a ranking: a sequence of candidates, best first, without
    repeats. Candidates a ballot leaves out rank below all those it lists and
    tie among themselves.

    Returns:

    - ``d``: ``d[a][b]``, the number of ballots ranking a above b;
    - ``p``: ``p[a][b]``, the (support, opposition) of the weakest link of the
      strongest path from a to b, ``(0, 0)`` when there is no path;
    - ``winners``: the candidates no one beats (b beats a when ``p[b][a]`` is
      stronger than ``p[a][b]``), in the given order;
    - ``levels``: the full ranking as tied groups, best first: the winners,
      then the winners among the candidates left (strongest paths computed
      again over them only), and so on, as schulze-condorcet does; each group
      in the given candidate order;
    - ``order``: the levels one after the other, so the candidates the method
      leaves tied come in the given candidate order.
    """
    candidates = _check_candidates(candidates)
    d = _pairwise_preferences(ballots, candidates)
    p = _strongest_paths(d, candidates)
    levels = [_winners(p, candidates)]
    remaining = [c for c in candidates if c not in levels[0]]
    while remaining:
        level = _winners(_strongest_paths(d, remaining), remaining)
        levels.append(level)
        remaining = [c for c in remaining if c not in level]
    return {
        "d": d,
        "p": p,
        "winners": levels[0],
        "levels": levels,
        "order": [c for level in levels for c in level],
    }


def select_ranked(levels, seats=0, budget=None, costs=None):
    """Return the candidates a ranking approves: the top seats, within a budget.

    ``levels`` is the ranking as tied groups, best first (``schulze``'s
    ``levels``); within a group, the given order comes first. ``seats`` (0: no
    limit) caps the number approved; ``budget`` (None: no budget) caps their
    total cost, ``costs`` giving each candidate's cost. Walking the ranking
    from the top, a candidate is approved when a seat is left and its cost
    fits what is left of the budget; one that does not fit is passed over and
    the walk goes on (the greedy rule of participatory budgeting), so a
    cheaper request further down may still fit. At least one of ``seats`` and
    ``budget`` must be set. Amounts are exact: floats are read through their
    shortest repr.

    Returns ``selected`` (in ranking order), ``spent`` (Fraction, 0 without a
    budget) and ``tied_at_cut``: True when a group is only partly approved,
    that is when the given order chose among tied candidates.
    """
    levels = [list(level) for level in levels]
    seats = _check_seats(seats)
    left = None if budget is None else _check_budget(budget)
    if not seats and left is None:
        raise TallyError(
            _(
                "A ranking approves its top requests or as many as fit a "
                "budget: set a number of seats or a budget."
            )
        )
    selected, spent = [], Fraction(0)
    for candidate in (c for level in levels for c in level):
        if seats and len(selected) == seats:
            break
        cost = Fraction(0) if left is None else _check_cost(candidate, costs)
        if left is not None:
            if cost > left:
                continue
            left -= cost
        selected.append(candidate)
        spent += cost
    return {
        "selected": selected,
        "spent": spent,
        "tied_at_cut": any(
            0 < len(set(level) & set(selected)) < len(level) for level in levels
        ),
    }


def _pairwise_preferences(ballots, candidates):
    """Return d[a][b], the number of ballots ranking a above b."""
    d = {a: {b: 0 for b in candidates if b != a} for a in candidates}
    for ranking in ballots:
        ranked = _check_distinct(ranking, d)
        below = [c for c in candidates if c not in ranked]
        for position, a in enumerate(ranked):
            for b in ranked[position + 1 :] + below:
                d[a][b] += 1
    return d


def _strength(link):
    """Comparison key of a (support, opposition) pair: support first, then less
    opposition."""
    support, opposition = link
    return support, -opposition


def _strongest_paths(d, candidates):
    """Return p[a][b] over ``candidates`` only (Floyd-Warshall, widest paths).

    The direct link a->b is (d[a][b], d[b][a]) when a beats b, else missing.
    """
    p = {
        a: {
            b: (d[a][b], d[b][a]) if d[a][b] > d[b][a] else NO_PATH
            for b in candidates
            if b != a
        }
        for a in candidates
    }
    for i in candidates:
        for j in candidates:
            if j == i:
                continue
            for k in candidates:
                if k not in (i, j):
                    through = min(p[j][i], p[i][k], key=_strength)
                    p[j][k] = max(p[j][k], through, key=_strength)
    return p


def _winners(p, candidates):
    """The candidates that no other beats by strongest paths, in the given order."""
    return [
        a
        for a in candidates
        if not any(
            _strength(p[b][a]) > _strength(p[a][b]) for b in candidates if b != a
        )
    ]


def _check_seats(seats):
    """Return the number of seats: a whole number, 0 or more."""
    if isinstance(seats, bool) or not isinstance(seats, int) or seats < 0:
        raise TallyError(
            _("The number of seats must be a whole number, 0 or more, got %(seats)s."),
            seats=seats,
        )
    return seats


def _check_budget(budget):
    """Return the budget as an exact Fraction, 0 or more."""
    return non_negative(
        budget,
        TallyError,
        _("The budget must be an amount, 0 or more, got %(budget)s."),
        budget=budget,
    )


def _check_cost(candidate, costs):
    """Return a candidate's cost as an exact Fraction, 0 or more."""
    cost = (costs or {}).get(candidate)
    return non_negative(
        cost,
        TallyError,
        _("The cost of %(candidate)s must be an amount, 0 or more, got %(cost)s."),
        candidate=candidate,
        cost=cost,
    )
