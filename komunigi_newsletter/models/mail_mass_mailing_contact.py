# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, fields, models

from ..lib import audience as audience_rules


class MailMassMailingContact(models.Model):
    """A mailing contact remembers the person it was synced from.

    The link lets the sync follow a person whose address changes and take out of a
    list only the contacts it put there, never those a coordinator added by hand.
    """

    _inherit = "mail.mass_mailing.contact"

    komunigi_partner_id = fields.Many2one(
        "res.partner",
        string="Synced from",
        index=True,
        ondelete="set null",
        readonly=True,
        help="The contact whose membership keeps this address in the member lists.",
    )

    @api.model
    def _komunigi_of_addresses(self, emails):
        """The contacts holding one of `emails`, compared whole, case and surrounding
        blanks aside.

        An address is data, never a pattern: `%` and `_` match only themselves, where
        an `=ilike` would make them wildcards (and `%@coop.example` every contact of
        the domain). Read with the rights of the caller's environment: callers that
        change subscriptions pass a sudo one, for an address that is the user's own.
        """
        emails = tuple({audience_rules.normalize(email) for email in emails} - {""})
        if not emails:
            return self.browse()
        self.env.cr.execute(
            "SELECT id FROM mail_mass_mailing_contact WHERE lower(trim(email)) IN %s",
            (emails,),
        )
        return self.browse(sorted(row[0] for row in self.env.cr.fetchall()))
