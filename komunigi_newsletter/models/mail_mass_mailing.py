# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ..lib import digest as digest_rules

_logger = logging.getLogger(__name__)


def formataddr(name, email):
    """'"Name" <email>': the From of Odoo 11's own mails."""
    return '"%s" <%s>' % ((name or "").replace('"', "'"), email)


class MailMassMailing(models.Model):
    """The quarterly newsletter: a mass mailing draft the coordinator reviews and sends.

    Preparing it never sends it: sending stays a human decision.
    """

    _inherit = "mail.mass_mailing"

    komunigi_digest_from = fields.Date(
        string="Newsletter from", readonly=True, copy=False, index=True
    )
    komunigi_digest_to = fields.Date(string="Newsletter to", readonly=True, copy=False)

    @api.model
    def _komunigi_sender(self):
        """The company's address sends the newsletter, else the coordinator's."""
        company = self.env.user.company_id
        if company.email:
            return formataddr(company.name, company.email)
        if self.env.user.email:
            return formataddr(self.env.user.name, self.env.user.email)
        raise UserError(
            _("Give the company an e-mail address: the newsletter is sent from it.")
        )

    @api.model
    def _komunigi_prepare_digest(self, start, end):
        """A draft mass mailing of the digest from `start` to `end` (dates) to the lists
        that receive the newsletter."""
        digest = self.env["komunigi.newsletter.digest"]
        digest._check_range(start, end)
        lists = self.env["mail.mass_mailing.list"].search(
            [("komunigi_newsletter", "=", True)]
        )
        if not lists:
            raise UserError(
                _(
                    'No mailing list receives the newsletter: tick "Receives the '
                    'newsletter" on the member lists first.'
                )
            )
        sender = self._komunigi_sender()
        return self.create(
            {
                "name": _("Komunigi newsletter, %(start)s to %(end)s")
                % {
                    "start": digest._format_date(start),
                    "end": digest._format_date(end),
                },
                "mailing_model_id": self.env.ref(
                    "mass_mailing.model_mail_mass_mailing_list"
                ).id,
                "contact_list_ids": [(6, 0, lists.ids)],
                "mailing_domain": "[('list_ids', 'in', %s), ('opt_out', '=', False)]"
                % lists.ids,
                "body_html": digest._render(start, end),
                "email_from": sender,
                "reply_to_mode": "email",
                "reply_to": sender,
                "komunigi_digest_from": fields.Date.to_string(start),
                "komunigi_digest_to": fields.Date.to_string(end),
            }
        )

    @api.model
    def _cron_komunigi_quarterly(self):
        """Prepare the newsletter of the quarter that just ended, once, and tell the
        coordinator. A second run in the same quarter finds the draft, does nothing."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        start, end = digest_rules.previous_quarter(today)
        existing = self.with_context(active_test=False).search(
            [
                ("komunigi_digest_from", "=", fields.Date.to_string(start)),
                ("komunigi_digest_to", "=", fields.Date.to_string(end)),
            ],
            limit=1,
        )
        if existing:
            return existing
        mailing = self._komunigi_prepare_digest(start, end)
        mailing._komunigi_notify_coordinator()
        _logger.info("Newsletter %s to %s prepared: %s", start, end, mailing)
        return mailing

    def _komunigi_notify_coordinator(self):
        """A message in the coordinator's inbox, posted on the company's contact so
        that it also reaches a coordinator who runs the cron themselves."""
        self.ensure_one()
        company = self.env.user.company_id
        coordinator = company.komunigi_newsletter_user_id or self.env.user
        url = "/web#id=%d&model=mail.mass_mailing&view_type=form" % self.id
        body = '<p>%s</p><p><a href="%s">%s</a></p>' % (
            html_escape(
                _(
                    'The newsletter draft "%s" is ready. Review it, then send it '
                    "when you decide to: nothing is sent without you."
                )
                % self.name
            ),
            url,
            html_escape(_("Open the newsletter")),
        )
        return company.partner_id.sudo().message_post(
            body=body,
            subject=_("Newsletter ready for review"),
            partner_ids=[coordinator.partner_id.id],
            author_id=company.partner_id.id,
            message_type="notification",
            subtype="mail.mt_comment",
        )
