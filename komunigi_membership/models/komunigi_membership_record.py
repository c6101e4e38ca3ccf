# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import fields, models

from .shared_fields import part_of


class KomunigiMembershipRecord(models.AbstractModel):
    """A record of a membership's history: an invoiced dues period, a suspension, a
    dated change of terms.

    It lives and dies with its membership, and carries the membership's co-op, stored,
    so that the lists, searches and record rules by co-op read it without a join to
    the membership. The history's own rules stay in each model.
    """

    _name = "komunigi.membership.record"
    _description = "Record of a membership's history"

    membership_id = part_of("komunigi.membership")
    partner_id = fields.Many2one(
        related="membership_id.partner_id", store=True, string="Co-op", readonly=True
    )
