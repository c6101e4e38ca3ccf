# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import socket
import threading
from contextlib import contextmanager
from datetime import datetime, timedelta

from werkzeug.exceptions import NotFound

from odoo import fields, http

from odoo.addons.komunigi_membership.tests.common import KomunigiCase, month_start
from odoo.addons.komunigi_membership.tests.users import make_user


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def in_days(days, hours=0):
    """A UTC datetime string `days` (and `hours`) from now."""
    moment = datetime.utcnow().replace(microsecond=0)
    return fields.Datetime.to_string(moment + timedelta(days=days, hours=hours))


class NewsletterCase(KomunigiCase):
    """Co-ops, memberships and people of the tests, apart from the demo data; built
    once per class, each test rolled back (see komunigi_membership's tests/common.py)."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Links in mailings are fetched for their title: a closed port answers at once.
        cls.env["ir.config_parameter"].set_param(
            "web.base.url", "http://127.0.0.1:%d" % free_port()
        )
        cls.Partner = cls.env["res.partner"]
        cls.list_reps = cls.env.ref("komunigi_newsletter.list_representatives")
        cls.list_contacts = cls.env.ref("komunigi_newsletter.list_contacts")
        cls.list_core = cls.env.ref("komunigi_newsletter.list_core_group")
        cls.channel = cls.env.ref("komunigi_newsletter.channel_mutual_help")

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

    @classmethod
    def make_coop(cls, name, **values):
        """A co-op with an address and an e-mail address."""
        email = "info@%s.example" % name.lower().replace(" ", "")
        return super().make_coop(name, **dict({"email": email}, **values))

    @classmethod
    def make_person(cls, coop, name, email=True, **values):
        if email is True:
            email = "%s@%s.example" % (
                name.split()[0].lower(),
                coop.name.lower().replace(" ", ""),
            )
        return cls.Partner.create(
            dict(
                {"name": name, "parent_id": coop.id, "email": email or False}, **values
            )
        )

    @classmethod
    def make_membership(cls, coop, representatives=None, activate=True, **values):
        """A membership from last month, with `representatives` (people of `coop`)."""
        values.setdefault("date_start", month_start(1))
        values["representative_ids"] = [(6, 0, (representatives or coop.browse()).ids)]
        return super().make_membership(coop, activate=activate, **values)

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

    @classmethod
    def make_user(cls, login, groups, partner=None):
        return make_user(cls.env, login, groups, partner)


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
