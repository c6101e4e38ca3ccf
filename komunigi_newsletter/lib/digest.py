# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Date ranges of the newsletter digest, with no Odoo import.

A digest covers the days from its start to its end, both included.  The quarterly
newsletter covers the calendar quarter before the one the cron runs in, so that a
newsletter prepared in the first days of April tells what happened from January to
March.
"""

from datetime import date, timedelta

from ...komunigi_membership.lib import rules

_ = rules._


class DigestError(rules.RuleError):
    """A bad date range (see ``rules.RuleError``)."""


def check_range(start, end):
    """Refuse a range that is empty (a date missing) or that ends before it starts."""
    if not start or not end:
        raise DigestError(_("Give both the first and the last day of the newsletter."))
    if end < start:
        raise DigestError(
            _("The newsletter cannot end (%(end)s) before it starts (%(start)s)."),
            start=start.isoformat(),
            end=end.isoformat(),
        )


def in_range(day, start, end):
    """True when `day` is one of the days from `start` to `end`, both included."""
    return day is not None and start <= day <= end


def select(items, start, end, key):
    """The items whose date (``key(item)``) falls in the range, oldest first.

    Items without a date are left out: a digest only tells what it can date.
    """
    kept = [item for item in items if in_range(key(item), start, end)]
    return sorted(kept, key=key)


def quarter_start(day):
    """First day of the calendar quarter of `day`."""
    return date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def previous_quarter(day):
    """(first day, last day) of the calendar quarter before the one of `day`."""
    end = quarter_start(day) - timedelta(days=1)
    return quarter_start(end), end
