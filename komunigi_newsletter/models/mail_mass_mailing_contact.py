# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models


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
