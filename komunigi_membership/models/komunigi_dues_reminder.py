# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The reminders of the dues invoices left unpaid."""

import logging
from datetime import timedelta

from odoo import api, fields, models

from ..lib import dues_reminders
from .account_invoice import committing, queue_isolated
from .komunigi_membership import to_date

_logger = logging.getLogger(__name__)


class KomunigiDuesReminder(models.Model):
    """A reminder of an unpaid dues invoice: one per invoice and level, ever.

    A run claims a level by inserting its record before the e-mail is queued; the
    unique (invoice, level) makes the insert of a second run a no-op, and a twin run
    at the same time waits for the first one's commit, then inserts nothing: only the
    run that inserted the record sends the reminder.
    """

    _name = "komunigi.dues.reminder"
    _description = "Dues reminder"
    _order = "date desc, id desc"

    invoice_id = fields.Many2one(
        "account.invoice",
        required=True,
        readonly=True,
        index=True,
        ondelete="cascade",
    )
    level = fields.Integer(required=True, readonly=True)
    date = fields.Date(required=True, readonly=True)
    partner_id = fields.Many2one(
        "res.partner",
        string="Sent to",
        readonly=True,
        ondelete="set null",
        help="The co-op's invoicing contact, in whose co-op's language it is written.",
    )
    company_id = fields.Many2one(related="invoice_id.company_id", readonly=True)

    _sql_constraints = [
        (
            "invoice_level_unique",
            "unique(invoice_id, level)",
            "This reminder of the invoice was already sent.",
        )
    ]

    @api.model
    def _cron_send(self):
        """The monthly scheduled action: the reminders due today, each committed
        with its e-mail."""
        today = to_date(fields.Date.context_today(self))
        sent = self.browse()
        for company in self.env["res.company"].search([]):
            delays = company._komunigi_reminder_delays()
            if not delays:
                continue
            for invoice in self._invoices_to_remind(
                company, today - timedelta(days=delays[0])
            ):
                level = dues_reminders.level_to_send(
                    to_date(invoice.date_due),
                    today,
                    delays,
                    invoice.komunigi_reminder_ids.mapped("level"),
                )
                if level:
                    sent |= self._send_isolated(invoice, level, today)
                    if committing():
                        self.env.cr.commit()  # pylint: disable=invalid-commit
        _logger.info("Dues reminders: %d queued", len(sent))
        return sent

    @api.model
    def _invoices_to_remind(self, company, due_before):
        """The company's validated dues invoices still unpaid, due on `due_before` or
        earlier."""
        dues = self.env["komunigi.membership.dues"].search(
            [
                ("invoice_id.company_id", "=", company.id),
                ("invoice_id.type", "=", "out_invoice"),
                ("invoice_id.state", "=", "open"),
                ("invoice_id.date_due", "<=", fields.Date.to_string(due_before)),
            ]
        )
        return dues.mapped("invoice_id")

    @api.model
    def _send_isolated(self, invoice, level, today):
        """Claim the level and queue its e-mail in a savepoint: the reminder, or
        nothing when another run claimed it or the e-mail failed (logged)."""
        return queue_isolated(
            self,
            lambda: self._claim(invoice, level, today)._queue_mail(),
            "Reminder of %s" % invoice.number,
        )

    @api.model
    def _claim(self, invoice, level, today):
        """Insert the reminder of `level`, unless it exists (nothing is returned)."""
        contact = invoice._komunigi_invoicing_contact()
        self.env.cr.execute(
            "INSERT INTO komunigi_dues_reminder "
            "(invoice_id, level, date, partner_id, create_uid, write_uid, "
            "create_date, write_date) VALUES (%s, %s, %s, %s, %s, %s, "
            "now() at time zone 'UTC', now() at time zone 'UTC') "
            "ON CONFLICT (invoice_id, level) DO NOTHING RETURNING id",
            (invoice.id, level, today, contact.id, self.env.uid, self.env.uid),
            log_exceptions=False,
        )
        row = self.env.cr.fetchone()
        invoice.invalidate_cache(["komunigi_reminder_ids"], invoice.ids)
        return self.browse(row[0] if row else [])

    def _queue_mail(self):
        """The reminder e-mail, in the co-op's language (see its template)."""
        template = self.env.ref("komunigi_membership.mail_template_dues_reminder")
        for reminder in self:
            template.send_mail(reminder.id)
        return self
