# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dues that arrive, end to end, on the real server of the test database.

An `odoo shell` makes two co-ops, a French-speaking one with an invoicing contact and
a Dutch-speaking one without, invoices their dues with the option that e-mails the
dues invoices, e-mails them (Odoo's invoice template, the PDF rendered by
wkhtmltopdf), then reminds them of the invoices left unpaid, and sends all of it
through Odoo's outgoing mail server to an SMTP server this test starts (aiosmtpd on
127.0.0.1, a free port). The data is only added to the shared test database.
"""

import pytest
from aiosmtpd.controller import Controller

from odoo.addons.komunigi_newsletter.tests.test_delivery_smtp import Inbox, html_of

from .conftest import free_port
from .odoo_shell import shell_facts

MARKER = "KOMUNIGI_DUES_MAIL_DATA="

SEND_SCRIPT = """
import json
import time
from datetime import timedelta
from dateutil.relativedelta import relativedelta
from odoo import fields

company = env.user.company_id
company.write({
    "email": company.email or "coordination@komunigi.example",
    "komunigi_dues_send": True,
})
tag = str(int(time.time() * 1000))
Partner = env["res.partner"]
today = fields.Date.from_string(fields.Date.context_today(env.user))
memberships = env["komunigi.membership"]
addresses = {}
for lang, name, invoicing in (("fr_FR", "Coop Facture", True), ("nl_BE", "Coop Factuur", False)):
    coop = Partner.create({
        "name": "%s %s" % (name, tag), "is_company": True, "lang": lang,
        "street": "Rue de la Coop 1", "city": "Bruxelles",
        "country_id": env.ref("base.be").id,
        "email": "info-%s@%s.example" % (tag, lang.lower()),
    })
    addresses[lang] = coop.email
    if invoicing:
        addresses[lang] = Partner.create({
            "name": "Comptabilité", "type": "invoice", "parent_id": coop.id,
            "email": "factures-%s@%s.example" % (tag, lang.lower()),
        }).email
    membership = memberships.create({
        "partner_id": coop.id,
        "tier_id": env.ref("komunigi_membership.tier_active").id,
        "date_start": fields.Date.to_string(today.replace(day=1) - relativedelta(months=1)),
    })
    membership.action_activate()
    memberships |= membership
env.cr.commit()
last_mail = env["mail.mail"].search([], order="id desc", limit=1).id or 0
invoices = memberships._invoice_dues(today).invoices
env.cr.commit()
for invoice in invoices:
    invoice._komunigi_send_dues_isolated()
    env.cr.commit()
# A month later, the invoices are unpaid: the first reminder.
later = today + timedelta(days=30)
invoices.write({"date_due": fields.Date.to_string(today)})
Reminder = env["komunigi.dues.reminder"]
for invoice in invoices:
    Reminder._send_isolated(invoice, 1, later)
env.cr.commit()
# The local SMTP server, for these e-mails only (archived at once).
server = env["ir.mail_server"].create({
    "name": "komunigi dues test SMTP", "smtp_host": "127.0.0.1",
    "smtp_port": PORT, "smtp_encryption": "none", "sequence": 0,
})
mails = env["mail.mail"].search([("id", ">", last_mail), ("state", "=", "outgoing")])
mails.write({"mail_server_id": server.id})
mails.send()
server.active = False
env.cr.commit()
print(MARKER + json.dumps({
    "addresses": addresses,
    "numbers": {inv.partner_id.lang: inv.number for inv in invoices},
    "states": sorted(set(invoices.mapped("state"))),
    "sender": company.email,
}))
"""


@pytest.fixture(scope="module")
def delivered(odoo_server):
    """The dues e-mails and reminders, sent once: (facts, messages)."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        facts = shell_facts(SEND_SCRIPT, MARKER, PORT=port)
    finally:
        controller.stop()
    return facts, inbox.messages()


def received(messages, address):
    """{subject: message} of what `address` received."""
    return {
        message["Subject"]: message for rcpts, message in messages if address in rcpts
    }


@pytest.mark.parametrize(
    "lang, invoice_subject, reminder",
    [
        ("fr_FR", "Facture (Ref %s)", "Rappel : facture %s impayée"),
        ("nl_BE", "factuur (Ref %s)", "Herinnering: factuur %s is onbetaald"),
    ],
)
def test_the_dues_invoice_and_its_reminder_arrive_in_the_coops_language(
    delivered, lang, invoice_subject, reminder
):
    facts, messages = delivered
    assert facts["states"] == ["open"]
    number = facts["numbers"][lang]
    arrived = received(messages, facts["addresses"][lang])
    assert len(arrived) == 2, sorted(arrived)
    [invoice_mail] = [
        m for s, m in arrived.items() if s.endswith(invoice_subject % number)
    ]
    [pdf] = list(invoice_mail.iter_attachments())
    assert pdf.get_content_type() == "application/pdf"
    assert number.replace("/", "_") in pdf.get_filename()
    assert pdf.get_content().startswith(b"%PDF")
    reminder_mail = arrived[reminder % number]
    assert number in html_of(reminder_mail)
    for mail in (invoice_mail, reminder_mail):
        assert facts["sender"] in mail["From"]
