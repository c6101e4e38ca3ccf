# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import socket
import threading
from contextlib import contextmanager
from datetime import date, datetime, timedelta

from dateutil.relativedelta import relativedelta
from werkzeug.exceptions import NotFound

from odoo import fields, http
from odoo.tests.common import TransactionCase

from odoo.addons.komunigi_membership.tests.users import make_user


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def in_days(days, hours=0):
    """A UTC datetime string `days` (and `hours`) from now."""
    moment = datetime.utcnow().replace(microsecond=0)
    return fields.Datetime.to_string(moment + timedelta(days=days, hours=hours))


class NewsletterCase(TransactionCase):
    """Co-ops, memberships and people of the tests, apart from the demo data."""

    @contextmanager
    def assertFails(self, exception):
        """The error is raised and the failed operation leaves nothing written."""
        with self.assertRaises(exception) as caught, self.env.cr.savepoint():
            yield caught

    def setUp(self):
        super().setUp()
        # Links in mailings are fetched for their title: a closed port answers at once.
        self.env["ir.config_parameter"].set_param(
            "web.base.url", "http://127.0.0.1:%d" % free_port()
        )
        self.Membership = self.env["komunigi.membership"]
        self.Partner = self.env["res.partner"]
        self.tier = self.env["komunigi.membership.tier"].create(
            {
                "name": "Newsletter test tier",
                "monthly_rate": 25.0,
                "product_id": self.env.ref("komunigi_membership.product_dues").id,
                "has_voting_right": True,
            }
        )
        self.list_reps = self.env.ref("komunigi_newsletter.list_representatives")
        self.list_contacts = self.env.ref("komunigi_newsletter.list_contacts")
        self.list_core = self.env.ref("komunigi_newsletter.list_core_group")
        self.channel = self.env.ref("komunigi_newsletter.channel_mutual_help")
        self.be = self.env.ref("base.be")

    def assertRouted(self, url):
        """A route of the installed addons answers `url` (the newsletter's links are
        followed this far here; tests/test_newsletter_links.py fetches them)."""
        modules = [""] + sorted(self.env.registry._init_modules - {"web"})
        routing = http.routing_map(
            modules, False, converters=self.env["ir.http"]._get_converters()
        )
        try:
            routing.bind("localhost").match(url.split("?")[0], method="GET")
        except NotFound:
            self.fail("No page answers %s" % url)

    def make_coop(self, name, **values):
        return self.Partner.create(
            dict(
                {
                    "name": name,
                    "is_company": True,
                    "street": "Rue de la Coop 1",
                    "city": "Bruxelles",
                    "country_id": self.be.id,
                    "email": "info@%s.example" % name.lower().replace(" ", ""),
                },
                **values,
            )
        )

    def make_person(self, coop, name, email=True, **values):
        if email is True:
            email = "%s@%s.example" % (
                name.split()[0].lower(),
                coop.name.lower().replace(" ", ""),
            )
        return self.Partner.create(
            dict(
                {"name": name, "parent_id": coop.id, "email": email or False}, **values
            )
        )

    def make_membership(self, coop, representatives=None, activate=True, **values):
        start = date.today().replace(day=1) - relativedelta(months=1)
        membership = self.Membership.create(
            dict(
                {
                    "partner_id": coop.id,
                    "tier_id": self.tier.id,
                    "date_start": fields.Date.to_string(start),
                    "representative_ids": [
                        (6, 0, (representatives or coop.browse()).ids)
                    ],
                },
                **values,
            )
        )
        if activate:
            membership.action_activate()
        return membership

    def contact_of(self, partner):
        return self.env["mail.mass_mailing.contact"].search(
            [
                "|",
                ("komunigi_partner_id", "=", partner.id),
                ("email", "=ilike", partner.email),
            ]
        )

    def in_list(self, partner, mailing_list):
        """The person gets the list's mailings: a contact in the list, not opted out."""
        contacts = self.contact_of(partner)
        return any(mailing_list in c.list_ids and not c.opt_out for c in contacts)

    def make_user(self, login, groups, partner=None):
        return make_user(self.env, login, groups, partner)


@contextmanager
def real_delivery():
    """Let Odoo connect to SMTP servers, which it never does while tests run.

    Only `mail.mail.send(auto_commit=False)` may run inside: with the flag down, Odoo's
    queue processing and mass mailing composer would commit the test transaction.
    """
    thread = threading.current_thread()
    before = getattr(thread, "testing", False)
    thread.testing = False
    try:
        yield
    finally:
        thread.testing = before
