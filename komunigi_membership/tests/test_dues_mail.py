# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Dues that arrive: the dues invoices e-mailed, the unpaid ones reminded, each in the
co-op's language (tests/test_dues_mail_smtp.py delivers them to an SMTP server)."""

from datetime import timedelta
from unittest.mock import patch

from odoo import _, fields
from odoo.exceptions import UserError, ValidationError

from .common import KomunigiCase, on


class DuesMailCase(KomunigiCase):
    """A French-speaking co-op with an invoicing contact, a Dutch-speaking one without,
    in a company that e-mails its dues invoices."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env.user.company_id
        cls.company.write(
            {
                "email": "coordination@komunigi.example",
                "komunigi_dues_send": True,
                "komunigi_dues_reminder_days": 15,
                "komunigi_dues_reminder_days_2": 45,
            }
        )
        cls.coop_fr = cls.make_coop(
            "Coop Francophone", lang="fr_FR", email="info@francophone.example"
        )
        cls.accounting = cls.env["res.partner"].create(
            {
                "name": "Comptabilité",
                "type": "invoice",
                "parent_id": cls.coop_fr.id,
                "email": "factures@francophone.example",
            }
        )
        cls.coop_nl = cls.make_coop(
            "Coop Nederlandstalig", lang="nl_BE", email="info@nederlandstalig.example"
        )
        cls.memberships = cls.make_membership(cls.coop_fr) | cls.make_membership(
            cls.coop_nl
        )
        cls.Invoice = cls.env["account.invoice"]
        # The invoice's PDF is rendered by tests/test_dues_mail_smtp.py, through
        # wkhtmltopdf, once; here (where Odoo would render it in HTML, compiling the
        # report's templates for each language, for half a minute) the e-mail alone.
        cls.env.ref("account.email_template_edi_invoice").report_template = False

    def invoice_of(self, coop):
        return self.Invoice.search([("partner_id", "=", coop.id)])

    def mails_of(self, records):
        return self.env["mail.mail"].search(
            [("model", "=", records._name), ("res_id", "in", records.ids)]
        )


class TestDuesInvoiceMail(DuesMailCase):
    def test_each_invoice_is_validated_then_mailed_once_to_the_invoicing_address(self):
        run = self.invoice(self.memberships)
        self.assertEqual(len(run.invoices), 2)
        self.assertEqual(set(run.invoices.mapped("state")), {"open"})
        self.assertTrue(all(run.invoices.mapped("komunigi_dues_mail_pending")))
        self.assertFalse(self.mails_of(run.invoices))  # the run renders no PDF
        queued = self.Invoice._cron_komunigi_send_dues()
        self.assertEqual(queued, run.invoices)
        french, dutch = self.invoice_of(self.coop_fr), self.invoice_of(self.coop_nl)
        [to_french] = self.mails_of(french)
        [to_dutch] = self.mails_of(dutch)
        self.assertEqual(to_french.recipient_ids, self.accounting)
        self.assertEqual(to_dutch.recipient_ids, self.coop_nl)
        # Odoo's invoice template, in the co-op's language, with the invoice's PDF.
        self.assertIn("Facture", to_french.subject)
        self.assertIn("factuur", to_dutch.subject)
        self.assertIn(french.number, to_french.subject)
        for mail in to_french | to_dutch:
            self.assertEqual(mail.state, "outgoing")
            self.assertIn("coordination@komunigi.example", mail.email_from)
        self.assertFalse(any(run.invoices.mapped("komunigi_dues_mail_pending")))
        self.assertTrue(all(run.invoices.mapped("sent")))
        # Runs again: no invoice, no e-mail.
        self.assertFalse(self.invoice(self.memberships).invoices)
        self.assertFalse(self.Invoice._cron_komunigi_send_dues())
        self.assertEqual(len(self.mails_of(run.invoices)), 2)

    def test_an_email_that_fails_keeps_its_invoice_for_the_next_run(self):
        run = self.invoice(self.memberships)
        french = self.invoice_of(self.coop_fr)
        Template = type(self.env["mail.template"])
        original = Template.send_mail

        def fail_for_french(template, res_id, **kwargs):
            if res_id == french.id:
                raise UserError(_("Injected failure"))
            return original(template, res_id, **kwargs)

        with patch.object(Template, "send_mail", fail_for_french):
            queued = self.Invoice._cron_komunigi_send_dues()
        self.assertEqual(queued, run.invoices - french)
        self.assertTrue(french.komunigi_dues_mail_pending)
        self.assertFalse(self.mails_of(french))
        self.assertEqual(set(run.invoices.mapped("state")), {"open"})
        self.assertEqual(self.Invoice._cron_komunigi_send_dues(), french)
        self.assertEqual(len(self.mails_of(run.invoices)), 2)

    def test_a_run_that_does_not_see_the_mark_cleared_sends_nothing(self):
        """A twin run that read the mark before the first one cleared it: the lock's
        check of the row finds it cleared."""
        run = self.invoice(self.memberships)
        stale = run.invoices[0]
        stale._komunigi_send_dues_isolated()
        stale._cache["komunigi_dues_mail_pending"] = True  # what the twin had read
        self.assertFalse(stale._komunigi_send_dues_isolated())
        self.assertEqual(len(self.mails_of(stale)), 1)

    def test_without_the_option_the_invoices_stay_drafts(self):
        self.company.komunigi_dues_send = False
        run = self.invoice(self.memberships)
        self.assertEqual(set(run.invoices.mapped("state")), {"draft"})
        self.assertFalse(self.Invoice._cron_komunigi_send_dues())


class TestDuesReminders(DuesMailCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        today = fields.Date.from_string(fields.Date.today())
        cls.invoices = cls.memberships._invoice_dues(today).invoices
        cls.Reminder = cls.env["komunigi.dues.reminder"]

    def remind(self, days_late, everyone=False):
        """The monthly action on the day the invoices are `days_late` days late: the
        reminders of these invoices (the demo's unpaid dues are reminded too), or
        every reminder sent."""
        due = fields.Date.from_string(self.invoices[0].date_due)
        with on(fields.Date.to_string(due + timedelta(days=days_late))):
            sent = self.Reminder._cron_send()
        return (
            sent if everyone else sent.filtered(lambda r: r.invoice_id in self.invoices)
        )

    def test_each_level_once_per_invoice_in_the_coops_language(self):
        self.assertFalse(self.remind(14))
        first = self.remind(15)
        self.assertEqual(first.mapped("invoice_id"), self.invoices)
        self.assertEqual(set(first.mapped("level")), {1})
        self.assertFalse(self.remind(20))  # the same level: never twice
        second = self.remind(50)
        self.assertEqual(set(second.mapped("level")), {2})
        self.assertFalse(self.remind(80))
        french = self.invoice_of(self.coop_fr)
        dutch = self.invoice_of(self.coop_nl)
        mails = self.mails_of(first | second)
        self.assertEqual(len(mails), 4)
        to_french = mails.filtered(lambda m: m.recipient_ids == self.accounting)
        self.assertEqual(
            sorted(to_french.mapped("subject")),
            [
                "Deuxième rappel : facture %s impayée" % french.number,
                "Rappel : facture %s impayée" % french.number,
            ],
        )
        self.assertIn("reste impayé", to_french[0].body_html)
        to_dutch = mails.filtered(lambda m: m.recipient_ids == self.coop_nl)
        self.assertEqual(len(to_dutch), 2)
        self.assertEqual(
            sorted(to_dutch.mapped("subject")),
            [
                "Herinnering: factuur %s is onbetaald" % dutch.number,
                "Tweede herinnering: factuur %s is onbetaald" % dutch.number,
            ],
        )

    def pay(self, invoice):
        payment = self.env["account.payment"].create(
            {
                "payment_type": "inbound",
                "partner_type": "customer",
                "partner_id": invoice.partner_id.id,
                "amount": invoice.residual,
                "journal_id": self.env["account.journal"]
                .search([("type", "=", "bank")], limit=1)
                .id,
                "payment_method_id": self.env.ref(
                    "account.account_payment_method_manual_in"
                ).id,
                "invoice_ids": [(6, 0, invoice.ids)],
            }
        )
        payment.post()
        self.assertEqual(invoice.state, "paid")

    def test_paid_invoices_and_switched_off_reminders_send_nothing(self):
        self.pay(self.invoice_of(self.coop_nl))
        self.assertEqual(
            self.remind(60).mapped("invoice_id"), self.invoice_of(self.coop_fr)
        )
        self.company.komunigi_dues_reminder_days = 0
        self.assertFalse(self.remind(400, everyone=True))

    def test_a_level_is_claimed_once(self):
        invoice = self.invoices[0]
        today = fields.Date.from_string(fields.Date.today())
        claimed = self.Reminder._claim(invoice, 1, today)
        self.assertTrue(claimed)
        self.assertFalse(self.Reminder._claim(invoice, 1, today))
        self.assertEqual(invoice.komunigi_reminder_ids, claimed)

    def test_the_delays_follow_each_other(self):
        with self.assertFails(ValidationError):
            self.company.komunigi_dues_reminder_days_2 = 10

    def test_a_reminder_that_fails_is_sent_by_the_next_run(self):
        with patch.object(
            type(self.Reminder),
            "_queue_mail",
            side_effect=UserError(_("Injected failure")),
        ):
            self.assertFalse(self.remind(20))
        self.assertFalse(
            self.Reminder.search([("invoice_id", "in", self.invoices.ids)])
        )
        self.assertEqual(len(self.remind(20)), 2)
