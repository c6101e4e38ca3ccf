# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

from odoo import _, api, fields, models
from odoo.exceptions import UserError
from odoo.tools import html_escape

from ..lib import digest as digest_rules
from ..lib import mailing_langs

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
    komunigi_lang = fields.Selection(
        "_komunigi_langs",
        string="Newsletter language",
        readonly=True,
        copy=False,
        help="The newsletter goes out in one mailing per language: this one reaches "
        "the readers of this language.",
    )

    @api.model
    def _komunigi_langs(self):
        return self.env["res.lang"].get_installed()

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
        """The newsletter's drafts of the digest from `start` to `end` (dates): one
        mass mailing per language of its readers, written in that language.

        A mass mailing has one text for all its recipients (Odoo fills in each one's
        placeholders, it does not translate the text): each reader gets the mailing of
        their language, the coordinator reviews each one. Readers whose language is
        not installed, or who have none, read the coordinator's language.
        """
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
        default = self.env.lang or self.env.user.lang or "en_US"
        langs = self._komunigi_reader_langs(lists, default)
        mailings = self.browse()
        for lang in langs:
            domain = mailing_langs.lang_domain(lists.ids, lang, default, langs)
            mailings |= self.with_context(lang=lang)._komunigi_create_digest(
                start, end, lists, domain, sender
            )
        return mailings.with_env(self.env)

    @api.model
    def _komunigi_reader_langs(self, lists, default):
        """The languages of the mailings: the default one, then the readers'."""
        contacts = self.env["mail.mass_mailing.contact"].search(
            [("list_ids", "in", lists.ids), ("opt_out", "=", False)]
        )
        installed = {code for code, _name in self.env["res.lang"].get_installed()}
        return mailing_langs.reader_langs(
            [contact.komunigi_partner_id.lang for contact in contacts],
            installed,
            default,
        )

    @api.model
    def _komunigi_create_digest(self, start, end, lists, domain, sender):
        """The draft of the digest in the context's language, to `domain`."""
        digest = self.env["komunigi.newsletter.digest"]
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
                "mailing_domain": repr(domain),
                "body_html": digest._render(start, end),
                "email_from": sender,
                "reply_to_mode": "email",
                "reply_to": sender,
                "komunigi_digest_from": fields.Date.to_string(start),
                "komunigi_digest_to": fields.Date.to_string(end),
                "komunigi_lang": self.env.lang,
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
        )
        if existing:
            return existing
        mailings = self._komunigi_prepare_digest(start, end)
        mailings._komunigi_notify_coordinator()
        _logger.info("Newsletter %s to %s prepared: %s", start, end, mailings)
        return mailings

    def _komunigi_notify_coordinator(self):
        """One message in the coordinator's inbox for the drafts of a newsletter (one
        per language), posted on the company's contact so that it also reaches a
        coordinator who runs the cron themselves."""
        company = self.env.user.company_id
        coordinator = company.komunigi_newsletter_user_id or self.env.user
        langs = dict(self._komunigi_langs())
        links = "".join(
            '<p><a href="/web#id=%d&model=mail.mass_mailing&view_type=form">%s</a></p>'
            % (
                mailing.id,
                html_escape(
                    "%s (%s)"
                    % (_("Open the newsletter"), langs.get(mailing.komunigi_lang, ""))
                ),
            )
            for mailing in self
        )
        body = "<p>%s</p>%s" % (
            html_escape(
                _(
                    'The newsletter draft "%s" is ready. Review it, then send it '
                    "when you decide to: nothing is sent without you."
                )
                % self[0].name
            ),
            links,
        )
        return company.partner_id.sudo().message_post(
            body=body,
            subject=_("Newsletter ready for review"),
            partner_ids=[coordinator.partner_id.id],
            author_id=company.partner_id.id,
            message_type="notification",
            subtype="mail.mt_comment",
        )
