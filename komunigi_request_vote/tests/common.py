# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Bases of the request and vote tests: the demo co-ops, requests moved through their
life cycle, sessions and their items; built once per class (see
`komunigi_membership.tests.common`)."""

from odoo import fields
from odoo.tests.common import SavepointCase

from odoo.addons.komunigi_membership.tests.common import KomunigiMixin, moment


class RequestCase(KomunigiMixin, SavepointCase):
    """The demo co-ops that ask, support and vote."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.oufticoop, cls.demain, cls.lenid, cls.bees = cls.demo(
            "partner_oufticoop", "partner_demain", "partner_lenid", "partner_bees"
        )
        cls.Request = cls.env["komunigi.request"]

    @classmethod
    def new_request(cls, title="Shift alert field", coop=None, **values):
        return cls.Request.create(
            dict({"title": title, "partner_id": (coop or cls.oufticoop).id}, **values)
        )

    @classmethod
    def estimated(cls, title, hours=2, coop=None, **values):
        """A request estimated at `hours` (and `values`) through the life cycle's
        methods."""
        request = cls.new_request(title, coop, estimate_hours=hours, **values)
        request.action_submit()
        request.action_start_analysis()
        request.action_estimate()
        return request


class SessionCase(RequestCase):
    """A draft session whose voting window is open now, and the co-ops that vote."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Session = cls.env["komunigi.session"]
        cls.Item = cls.env["komunigi.session.item"]
        cls.Ballot = cls.env["komunigi.ballot"]
        cls.eligible = cls.Session._eligible_coops()
        cls.session = cls.new_session("April meeting")

    @classmethod
    def new_session(cls, name):
        return cls.Session.create(
            {
                "name": name,
                "date": fields.Date.today(),
                "voting_opens": moment(hours=-1),
                "voting_closes": moment(days=1),
            }
        )

    @classmethod
    def new_item(cls, method, requests, session=None, **values):
        values.update(
            {
                "session_id": (session or cls.session).id,
                "name": "%s item" % method,
                "method": method,
                "request_ids": [(6, 0, requests.ids)],
            }
        )
        return cls.Item.create(values)

    def voters(self, count):
        self.assertGreaterEqual(len(self.eligible), count, "demo co-ops with a vote")
        return self.eligible.sorted("id")[:count]
