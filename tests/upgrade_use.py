# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Use the upgraded data through the current code's public methods.

Run by tests/test_upgrade.py as an `odoo shell` script (stdin) after the upgrade: the
migrated commitments, milestones, suspensions and log entries must work with the methods of
HEAD. It prints what they did as JSON after MARKER, and rolls everything back.
"""

# ruff: noqa: F821  (`env` is given by `odoo shell`)
import json

MARKER = "KOMUNIGI-UPGRADE-USE:"
Cofinancing = env["komunigi.cofinancing"]
result = {}

# The round's co-financing got a milestone: its two pledges are invoiced for it.
from_round = Cofinancing.search([("funding_round_id", "!=", False)], limit=1)
invoices = from_round.milestone_ids.action_invoice()
result["round_invoices"] = sorted(invoices.mapped("amount_untaxed"))
result["round_state"] = from_round.state

# A late joiner of the co-financing invoiced by the split: the co-op that accepted it
# is refunded like the two that pledged.
split = Cofinancing.search([("name", "=", "Upgrade: equal split")])
newcomer = env["res.partner"].create({"name": "Upgrade latecomer", "is_company": True})
joined = split.action_add_late_joiner(newcomer)
result["joined"] = [joined.commitment, joined.amount]
result["after_join"] = sorted(
    (share.commitment, share.pledge, share.amount) for share in split.share_ids - joined
)

# The co-ops listed in an open co-financing are offered its split.
listed = Cofinancing.search([("name", "=", "Upgrade: common pot")]).share_ids
result["offers"] = sorted(listed.mapped("amount_offered"))

# A suspended membership is activated: its migrated suspension is closed.
suspended = env["komunigi.membership"].search([("state", "=", "suspended")])
suspended.action_activate()
result["reactivated"] = len(suspended)
result["open_suspensions"] = len(
    suspended.mapped("suspension_ids").filtered(lambda s: not s.date_end)
)

# The project log, now membership's: a closed session's entry drafted by the release's
# cron is found again (never drafted twice), and a new event is drafted as before.
Entry = env["komunigi.log.entry"].with_context(active_test=False)
old_entries = Entry.search([("source_event", "=", "session_closed")])
sessions = env["komunigi.session"].browse(old_entries.mapped("source_id"))
again = Entry.browse()
for closed_session in sessions:
    again |= Entry._draft_session_closed(closed_session)
result["log_found_again"] = bool(old_entries) and again == old_entries
fresh = Entry._draft_event(
    env.user.company_id.partner_id,
    "joined",
    "2026-01-01",
    "Upgrade use",
    public_url="/komunigi/log",
)
result["log_entry"] = [fresh.state, fresh.public_url]

# A session's meeting planned by the release is in the session's meetings.
meetings = env["calendar.event"].search([("komunigi_session_id", "!=", False)])
result["session_meetings"] = [
    [meeting.id, meeting.komunigi_session_id.id]
    for meeting in meetings.sorted("id")
    if meeting in meeting.komunigi_session_id.meeting_ids
]
print(MARKER + json.dumps(result))
env.cr.rollback()
