# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Composition rules of the core group ("noyau"), with no Odoo import.

At any date the core group counts 1-2 members of the provider and 2-3 members elected by
the co-ops; a co-op member's mandate lasts at most 2 years.  A group is built one mandate
at a time, so a change is refused when it *breaks* the rule: it puts too many members in
the group at some date, or it takes a category below its minimum where it was met.
"""

from collections import namedtuple
from datetime import date, timedelta

from .rules import RuleError, _

PROVIDER = "provider"
COOP = "coop"
LIMITS = {PROVIDER: (1, 2), COOP: (2, 3)}
MAX_COOP_YEARS = 2

Mandate = namedtuple("Mandate", "key kind start end")
Mandate.__doc__ = "A core-group mandate: kind is PROVIDER or COOP, end None = open."


class CoreGroupError(RuleError):
    """A broken composition rule (see ``rules.RuleError``)."""


def check_length(start, end, kind):
    """A co-op member's mandate has an end, at most 2 years after its start."""
    if end is not None and end < start:
        raise CoreGroupError(_("A mandate cannot end before it starts."))
    if kind != COOP:
        return
    if end is None:
        raise CoreGroupError(_("A co-op member's mandate needs an end date."))
    if end > _add_years(start, MAX_COOP_YEARS) - timedelta(days=1):
        raise CoreGroupError(
            _("A co-op member's mandate lasts at most %(years)s years."),
            years=MAX_COOP_YEARS,
        )


def composition(mandates, day):
    """Number of provider and co-op members in office on `day`."""
    counts = {PROVIDER: 0, COOP: 0}
    for mandate in mandates:
        if mandate.start <= day and (mandate.end is None or day <= mandate.end):
            counts[mandate.kind] += 1
    return counts


def check_change(before, after):
    """Raise CoreGroupError when going from mandates `before` to `after` breaks the rule."""
    for day in _change_days(before, after):
        old, new = composition(before, day), composition(after, day)
        for kind, (low, high) in sorted(LIMITS.items()):
            if new[kind] > high and new[kind] > old[kind]:
                raise CoreGroupError(
                    _TOO_MANY[kind], day=day, count=new[kind], limit=high
                )
            if new[kind] < low <= old[kind]:
                raise CoreGroupError(
                    _TOO_FEW[kind], day=day, count=new[kind], limit=low
                )


_TOO_MANY = {
    PROVIDER: _(
        "On %(day)s the core group would count %(count)s provider members; "
        "at most %(limit)s are allowed."
    ),
    COOP: _(
        "On %(day)s the core group would count %(count)s co-op members; "
        "at most %(limit)s are allowed."
    ),
}
_TOO_FEW = {
    PROVIDER: _(
        "On %(day)s the core group would count %(count)s provider members; "
        "at least %(limit)s are needed."
    ),
    COOP: _(
        "On %(day)s the core group would count %(count)s co-op members; "
        "at least %(limit)s are needed."
    ),
}


def _change_days(before, after):
    """The composition only changes on a start day or on the day after an end."""
    days = set()
    for mandate in set(before) | set(after):
        days.add(mandate.start)
        if mandate.end is not None:
            days.add(mandate.end + timedelta(days=1))
    return sorted(days)


def _add_years(day, years):
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return date(day.year + years, 3, 1)
