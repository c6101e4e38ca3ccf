# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bases of the co-financing tests: the demo co-ops that co-fund, co-financings split
and funded, funding rounds opened; built once per class (see
`komunigi_membership.tests.common`)."""

from datetime import date, timedelta

from odoo import fields

from odoo.addons.komunigi_request_vote.tests.common import RequestCase

from ..lib import splits


class CofinancingCase(RequestCase):
    """Six demo co-ops (BEES first) and the provider, Coop IT Easy."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        names = ("bees", "lafeve", "oufticoop", "bloum", "demain", "lenid")
        cls.coops = cls.demo(*("partner_" + name for name in names))
        (cls.provider,) = cls.demo("partner_coopiteasy")
        cls.Cofinancing = cls.env["komunigi.cofinancing"]

    @classmethod
    def cofinancing(cls, total, partners, milestones=(100,), **values):
        record = cls.Cofinancing.create(
            dict(
                {
                    "name": "Test development",
                    "amount_total": total,
                    "share_ids": [(0, 0, {"partner_id": p.id}) for p in partners],
                    "milestone_ids": [
                        (0, 0, {"name": "Step %d" % i, "percent": p, "sequence": i})
                        for i, p in enumerate(milestones)
                    ],
                },
                **values,
            )
        )
        record.action_compute_split()
        return record

    @classmethod
    def fund(cls, cofinancing):
        """Every listed co-op pledges its equal part of what the co-ops pay."""
        due = cofinancing.amount_total - cofinancing.pot_amount
        due -= cofinancing.provider_share_amount
        parts = splits.equal(due, cofinancing.share_ids.ids)
        for share in cofinancing.share_ids:
            share.write({"pledge": float(parts[share.id])})
        cofinancing.action_compute_split()
        cofinancing.action_check_funding()

    @classmethod
    def approved_request(cls, hours=6):
        request = cls.estimated(
            "Co-financing test request", hours, coop=cls.coops[0], hourly_rate=50
        )
        request.action_approve()
        return request


class CommitmentCase(CofinancingCase):
    """BEES and Oufticoop, and their representatives' portal users."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.bees_user, cls.ouf_user = cls.demo("user_bees_rep", "user_oufticoop_rep")
        cls.bees, cls.ouf = cls.coops[0], cls.coops[2]

    def share_of(self, cofinancing, coop):
        return cofinancing.share_ids.filtered(lambda s: s.partner_id == coop)

    def money_balance(self, record):
        """Invoiced minus credited, over the live (not cancelled) invoices."""
        return sum(record.share_ids.mapped("amount_invoiced"))

    def invoiced_partners(self, cofinancing):
        links = cofinancing.mapped("share_ids.invoice_link_ids")
        return links.mapped("invoice_id.partner_id")


class FundingRoundCase(CofinancingCase):
    """Requests estimated through the life cycle, rounds opened through their button."""

    @classmethod
    def costed_request(cls, title, cost):
        """A request of BEES estimated at its fixed `cost`."""
        return cls.estimated(title, 0, coop=cls.coops[0], fixed_costs=cost)

    @classmethod
    def new_round(cls, budgets, requests, **values):
        funding_round = cls.env["komunigi.funding.round"].create(
            dict(
                {
                    "name": "Round",
                    "date_to": fields.Date.to_string(date.today() + timedelta(days=7)),
                    "participant_ids": [
                        (0, 0, {"partner_id": coop.id, "budget": budget})
                        for coop, budget in budgets
                    ],
                    "request_ids": [(6, 0, [r.id for r in requests])],
                },
                **values,
            )
        )
        funding_round.action_open()
        return funding_round
