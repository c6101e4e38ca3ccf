# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""When meeting reminders are due, with no Odoo import.

A reminder is due `offset` days before the meeting starts.  Each (meeting, attendee,
offset) is handled once: the Odoo layer records it with a uniqueness constraint.  A cron
that runs late catches up with the nearest due reminder only: a reminder "in 7 days"
sent the day before the meeting would be wrong, so the farther ones it replaces are
recorded as skipped instead of sent.
"""

from datetime import timedelta

from ...komunigi_membership.lib import rules

SEND = "send"
SKIP = "skip"


_ = rules._


class ReminderError(rules.RuleError):
    """A bad setting or meeting (see ``rules.RuleError``)."""


def check_offsets(offsets):
    """Every reminder offset is a whole, positive number of days."""
    for offset in offsets:
        if isinstance(offset, bool) or not isinstance(offset, int) or offset <= 0:
            raise ReminderError(
                _(
                    "A reminder offset must be a positive number of days, "
                    "not %(offset)s."
                ),
                offset=offset,
            )


def check_meeting_start(start, now):
    """A meeting is planned in the future: inviting to a past meeting makes no sense."""
    if start is None:
        raise ReminderError(_("Give the start of the meeting."))
    if start <= now:
        raise ReminderError(
            _("The meeting starts in the past (%(start)s): plan it in the future."),
            start=start.strftime("%Y-%m-%d %H:%M"),
        )


def plan(now, start, offsets, handled):
    """What to do now for one attendee of a meeting starting at `start`.

    `handled` holds the offsets already sent or skipped for this attendee.  Returns
    ``[(offset, SEND or SKIP)]``: the nearest due offset is sent, the farther due ones
    are skipped; nothing is due once the meeting has started.
    """
    if start <= now:
        return []
    due = sorted(
        offset
        for offset in set(offsets)
        if offset not in handled and now >= start - timedelta(days=offset)
    )
    if not due:
        return []
    return [(due[0], SEND)] + [(offset, SKIP) for offset in due[1:]]
