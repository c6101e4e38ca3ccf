# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Fill a database of the release 11.0.1.0.0 through that release's public methods.

Run by tests/test_upgrade.py as an `odoo shell` script (stdin) with the addons of
the tag, on top of their demo data (memberships of every state, co-financings open,
funded and invoiced with a late joiner, an open funding round). It adds what the
demo lacks: a tier change, a dues run, a suspension from a tracked state change, a
session closed with its ballots, a closed funding round with its co-financing, a
milestone invoiced, a session's meeting, a co-op invoiced by the split without having pledged, a common
pot never split, log entries and mailing contacts. Only the old code's methods
are called: the data is what a user of 11.0.1.0.0 has.
"""

# ruff: noqa: F821  (`env` is given by `odoo shell`)
from datetime import datetime, timedelta

from odoo import fields

NOW = datetime.utcnow()
Membership = env["komunigi.membership"]
Request = env["komunigi.request"]


def estimated_request(title, hours):
    request = Request.create(
        {
            "title": title,
            "partner_id": Membership.search([], limit=1, order="id").partner_id.id,
            "estimate_hours": hours,
            "hourly_rate": 50,
        }
    )
    request.action_submit()
    request.action_start_analysis()
    request.action_estimate()
    return request


# Memberships: a tier change (deferred to the next period), a dues run, a suspension.
active = Membership.search([("state", "=", "active")], order="id")
voters = active.filtered("tier_id.has_voting_right")
tiers = env["komunigi.membership.tier"].search([], order="monthly_rate")
changed = voters[0]
changed.tier_id = (tiers - changed.tier_id)[-1]
Membership._cron_invoice_dues()
suspended = active.filtered(lambda m: m not in voters)[:1] or active[-1]
suspended.action_suspend()

# A session with a yes/no item and an approval item, ballots cast, then closed.
candidates = estimated_request("Upgrade: invoice export", 4) | estimated_request(
    "Upgrade: member card", 6
)
decided = estimated_request("Upgrade: shift swap", 5)
session = env["komunigi.session"].create(
    {
        "name": "Upgrade session",
        "date": fields.Date.context_today(Membership),
        "voting_opens": fields.Datetime.to_string(NOW - timedelta(hours=1)),
        "voting_closes": fields.Datetime.to_string(NOW + timedelta(hours=1)),
        "item_ids": [
            (
                0,
                0,
                {
                    "name": "Shift swap",
                    "method": "yes_no",
                    "quorum": 0,
                    "request_ids": [(6, 0, decided.ids)],
                },
            ),
            (
                0,
                0,
                {
                    "name": "Which first",
                    "method": "approval",
                    "quorum": 0,
                    "request_ids": [(6, 0, candidates.ids)],
                },
            ),
        ],
    }
)
session.action_open()
Ballot = env["komunigi.ballot"]
yes_no, approval = session.item_ids.sorted("sequence")
for index, coop in enumerate(voters.mapped("partner_id")):
    Ballot.cast(yes_no, coop, "yes" if index % 3 != 2 else "no")
    Ballot.cast(approval, coop, candidates[: 2 if index == 0 else 1].ids)
session.action_close()

# The session's meeting, planned with the release's newsletter wizard for the session
# (its link was the event's document; 11.0.1.3.0 gives the session the field).
env["komunigi.meeting.wizard"].with_context(no_mail_to_attendees=True).create(
    {
        "kind": "session",
        "session_ref": "komunigi.session,%d" % session.id,
        "name": session.name,
        "start": fields.Datetime.to_string(NOW + timedelta(days=2)),
    }
).action_create_meeting()

# A funding round closed: its outcome becomes a co-financing with pledged shares.
offered = estimated_request("Upgrade: round request", 6)
round_coops = voters.mapped("partner_id")[:2]
funding_round = env["komunigi.funding.round"].create(
    {
        "name": "Upgrade round",
        "date_from": fields.Date.context_today(Membership),
        "date_to": fields.Date.context_today(Membership),
        "participant_ids": [
            (0, 0, {"partner_id": c.id, "budget": 400}) for c in round_coops
        ],
        "request_ids": [(6, 0, offered.ids)],
    }
)
funding_round.action_open()
for coop in round_coops:
    env["komunigi.funding.round.ballot"].cast(funding_round, coop, offered)
funding_round.action_close()

# The funded demo co-financing invoiced for its first milestone.
funded = env.ref("komunigi_cofinancing.cofinancing_shift_reminders")
funded.action_invoice_milestone(funded.milestone_ids.sorted("sequence")[0])

# Funded by two pledges, invoiced by the equal split: the third co-op pays without
# having pledged. And a common pot never split: its stored part was still 0.
coops = voters.mapped("partner_id")[:3]
Cofinancing = env["komunigi.cofinancing"]
split = Cofinancing.create(
    {
        "name": "Upgrade: equal split",
        "amount_total": 300,
        "share_ids": [
            (0, 0, {"partner_id": coop.id, "pledge": pledge})
            for coop, pledge in zip(coops, (200, 100, 0))
        ],
        "milestone_ids": [(0, 0, {"name": "Once", "percent": 100})],
    }
)
split.action_compute_split()
split.action_check_funding()
split.action_invoice_milestone(split.milestone_ids)
Cofinancing.create(
    {
        "name": "Upgrade: common pot",
        "amount_total": 1000,
        "split_method": "common_pot",
        "pot_rate": 20,
        "share_ids": [(0, 0, {"partner_id": coop.id}) for coop in coops],
    }
)

# Log entries (one written by hand, published with a tag; those the cron drafts of
# the session closed above, one of them dropped) and mailing contacts.
Entry = env["komunigi.log.entry"]
tag = env["komunigi.log.tag"].create({"name": "Upgrade tag"})
Entry.create(
    {
        "name": "Upgrade rehearsal",
        "body": "<p>Kept.</p>",
        "is_published": True,
        "tag_ids": [(6, 0, tag.ids)],
    }
)
drafted = Entry._cron_draft_entries()
assert drafted.filtered(lambda e: e.source_event == "session_closed"), drafted
drafted.filtered(lambda e: e.source_event != "session_closed")[:1].action_drop()
mailing_list = env["mail.mass_mailing.list"].create({"name": "Upgrade readers"})
env["mail.mass_mailing.contact"].create(
    {
        "name": "Reader",
        "email": "reader@upgrade.example",
        "list_ids": [(6, 0, mailing_list.ids)],
    }
)
env.cr.commit()
print("FILLED", session.id, funding_round.id, funded.id)
