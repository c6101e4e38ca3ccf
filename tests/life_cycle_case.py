# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the life-cycle tests do, through the public methods only.

A representative acts as their co-op's portal user (`.sudo(user)`, as the portal routes
do); the coordinator (the test's superuser) does the rest. Every membership operation is
also written in the scenario's `DuesLedger`, the expectation the dues are checked
against. The co-ops are new partners: the demo co-ops' memberships start in the demo's
own calendar.
"""

from datetime import datetime

from odoo import fields

from .dues_ledger import Clock, DuesLedger
from .lifecycle_invariants import check_cofinancings, check_dues, check_requests
from .newsletter_link_check import check_newsletter_links

TIERS = {"observer": 10, "active": 25, "active_plus": 35}


class LifeCycleMixin:
    """Mixed into a TransactionCase or SavepointCase: `env` is the coordinator's."""

    def setup_world(self, moment):
        env = self.env
        self.clock = Clock(env, moment)
        self.clock.__enter__()
        self.ledger = DuesLedger()
        self.tiers = {name: self.tier(name, rate) for name, rate in TIERS.items()}
        env.user.company_id.email = "coordination@komunigi.example"
        # The replayed dues invoices are not e-mailed (the demo's option, tested by
        # tests/test_dues_mail_smtp.py): they stay as the invoice state setting says.
        env.user.company_id.komunigi_dues_send = False
        self.coops, self.users, self.memberships = {}, {}, {}
        self.requests = env["komunigi.request"]
        self.cofinancings = env["komunigi.cofinancing"]
        self.mailings = env["mail.mass_mailing"]
        self.sent_links = {}  # what check_newsletter_links read of each mail
        self.Membership = env["komunigi.membership"]
        self.Ballot = env["komunigi.ballot"]

    def leave_world(self):
        self.clock.__exit__(None, None, None)

    def tier(self, name, rate):
        """The shipped tier (data of komunigi_membership), else one made alike."""
        tier = self.env.ref(
            "komunigi_membership.tier_" + name, raise_if_not_found=False
        )
        if tier and tier.monthly_rate == rate:
            return tier
        return self.env["komunigi.membership.tier"].create(
            {
                "name": name.replace("_", " ").capitalize() + " (replay)",
                "monthly_rate": rate,
                "product_id": self.env.ref("komunigi_membership.product_dues").id,
                "has_voting_right": name != "observer",
            }
        )

    # --- co-ops and memberships ------------------------------------------------------
    def make_coop(self, key, name, country, city):
        """A co-op with a complete address and one representative (a portal user
        once the co-op joins)."""
        Partner = self.env["res.partner"]
        coop = Partner.create(
            {
                "name": name,
                "is_company": True,
                "street": "Rue de l'Intercoop 1",
                "city": city,
                "zip": "1000",
                "country_id": self.env.ref("base." + country).id,
            }
        )
        Partner.create(
            {
                "name": "Representative of %s" % name,
                "parent_id": coop.id,
                "email": "rep.%s@replay.example" % key,
            }
        )
        self.coops[key] = coop
        return coop

    def rep(self, key):
        return self.coops[key].child_ids[:1]

    def join(self, key, tier, frequency="monthly"):
        """The co-op joins today; its representative gets a portal login."""
        coop, day = self.coops[key], self.clock.today
        membership = self.Membership.create(
            {
                "partner_id": coop.id,
                "tier_id": self.tiers[tier].id,
                "billing_frequency": frequency,
                "date_start": fields.Date.to_string(day),
                "representative_ids": [(6, 0, self.rep(key).ids)],
                "welcome_booklet_accepted_on": fields.Date.to_string(day),
            }
        )
        membership.action_activate()
        self.ledger.join(coop.id, day, TIERS[tier], frequency)
        if key not in self.users:
            membership.action_grant_portal_access()
            self.users[key] = self.rep(key).user_ids[:1]
        self.memberships[key] = membership
        return membership

    def suspend(self, key):
        self.memberships[key].action_suspend()
        self.ledger.suspend(self.coops[key].id, self.clock.today)

    def resume(self, key):
        self.memberships[key].action_activate()
        self.ledger.resume(self.coops[key].id, self.clock.today)

    def end(self, key):
        self.memberships[key].action_end()
        self.ledger.end(self.coops[key].id, self.clock.today)

    def change(self, key, tier, frequency, day):
        """The dated change wizard of the membership form (button Change)."""
        membership = self.memberships[key]
        Wizard = self.env["komunigi.membership.change.wizard"].with_context(
            active_id=membership.id, active_model="komunigi.membership"
        )
        wizard = Wizard.create(
            {
                "membership_id": membership.id,
                "tier_id": self.tiers[tier].id,
                "billing_frequency": frequency,
                "date": fields.Date.to_string(day),
                "date_start": membership.date_start,
            }
        )
        wizard.action_apply()
        self.ledger.change(self.coops[key].id, day, TIERS[tier], frequency)

    def dues_run(self):
        """The scheduled action of the dues, on today's date."""
        self.Membership._cron_invoice_dues()
        self.ledger.run(self.clock.today)

    # --- requests and sessions ---------------------------------------------------------
    def estimated_request(self, title, key, hours, fixed=0.0, rate=55.0):
        """A request of the co-op's representative, analysed and estimated."""
        request = self.env["komunigi.request"].create(
            {
                "title": title,
                "partner_id": self.coops[key].id,
                "representative_id": self.rep(key).id,
                "estimate_hours": hours,
                "hourly_rate": rate,
                "fixed_costs": fixed,
            }
        )
        request.action_submit()
        request.action_start_analysis()
        request.action_estimate()
        self.requests |= request
        return request

    def session(self, name, opens, closes, items):
        """A session opened and closed by the scheduled action at those moments."""
        session = self.env["komunigi.session"].create(
            {
                "name": name,
                "date": fields.Date.to_string(closes.date()),
                "voting_opens": fields.Datetime.to_string(opens),
                "voting_closes": fields.Datetime.to_string(closes),
                "item_ids": [(0, 0, item) for item in items],
            }
        )
        return session

    def sessions_cron(self):
        self.env["komunigi.session"]._cron_open_close()

    def vote(self, key, item, value):
        """The representative's ballot, as the portal casts it."""
        return self.Ballot.sudo(self.users[key]).cast(item, self.coops[key], value)

    # --- co-financings -----------------------------------------------------------------
    def cofinancing(self, name, total, keys, request=None, milestones=(100,)):
        values = {
            "name": name,
            "amount_total": total,
            "share_ids": [(0, 0, {"partner_id": self.coops[k].id}) for k in keys],
            "milestone_ids": [
                (0, 0, {"name": "Milestone %d" % index, "percent": percent})
                for index, percent in enumerate(milestones, 1)
            ],
        }
        if request:
            values["request_id"] = request.id
        record = self.env["komunigi.cofinancing"].create(values)
        record.action_compute_split()
        self.cofinancings |= record
        return record

    def share(self, record, key):
        return record.share_ids.filtered(lambda s: s.partner_id == self.coops[key])

    def pledge(self, record, key, amount):
        """The representative pledges on the portal (API of issue 9, item 3)."""
        self.share(record, key).sudo(self.users[key]).action_pledge(amount)

    def accept(self, record, key, reason=None):
        """The representative accepts its share; with a reason, the coordinator
        accepts on the co-op's behalf (API of issue 9, item 3)."""
        share = self.share(record, key)
        if reason:
            share.action_accept(reason=reason)
        else:
            share.sudo(self.users[key]).action_accept()

    def invoice(self, record, index):
        """The button of a milestone line."""
        return record.milestone_ids.sorted("sequence")[index].action_invoice()

    # --- newsletter --------------------------------------------------------------------
    def newsletter(self):
        """The quarter's newsletter: the coordinator reviews the log entries the
        addons drafted (and publishes them all), the wizard prepares the newsletter
        from the published ones, then it is sent."""
        self.env["komunigi.audience"]._cron_sync()
        self.env["komunigi.log.entry"].search(
            [("state", "=", "draft")]
        ).action_publish()
        wizard = self.env["komunigi.newsletter.wizard"].create({})
        action = wizard.action_prepare()
        # One mailing per language of the readers: the draft, or the list of drafts.
        Mailing = self.env["mail.mass_mailing"]
        if "res_id" in action:
            mailings = Mailing.browse(action["res_id"])
        else:
            mailings = Mailing.search(action["domain"])
        # Archived, the mails stay after sending: the links are read from them.
        mailings.write({"keep_archives": True})
        for mailing in mailings:  # Odoo's send_mail takes one mailing
            mailing.send_mail()
        self.mailings |= mailings
        return mailings

    # --- invariants --------------------------------------------------------------------
    def check_invariants(self):
        env = self.env
        env["res.partner"].invalidate_cache()
        coops = env["res.partner"].browse([c.id for c in self.coops.values()])
        check_dues(env, self.ledger, coops)
        cofinancings = self.cofinancings | env["komunigi.cofinancing"].search(
            [("share_ids.partner_id", "in", coops.ids)]
        )
        check_cofinancings(env, cofinancings)
        check_requests(env, self.requests | cofinancings.mapped("request_id"))
        check_newsletter_links(env, self.mailings, self.sent_links)


def moment(year, month, day, hour=10):
    return datetime(year, month, day, hour)


def session_item(name, method, quorum, requests=None, **values):
    """The values of a session item deciding on `requests`, or on what `values` name."""
    if requests:
        values["request_ids"] = [(6, 0, requests.ids)]
    return dict(values, name=name, method=method, quorum=quorum)
