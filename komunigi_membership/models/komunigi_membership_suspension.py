# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class KomunigiMembershipSuspension(models.Model):
    """The days a membership was suspended: they are never invoiced.

    Opened by *Suspend* and closed by *Activate* or *End* (the membership's methods):
    nobody writes these records by hand, so that a closed suspension stays the
    history the dues and their credit notes were computed from.
    """

    _name = "komunigi.membership.suspension"
    _inherit = "komunigi.membership.record"
    _description = "Membership suspension"
    _order = "date_start desc, id desc"
    _rec_name = "date_start"

    date_start = fields.Date(string="From", required=True)
    date_end = fields.Date(
        string="Until", help="Last suspended day; empty while the suspension lasts."
    )

    @api.constrains("date_start", "date_end", "membership_id")
    def _check_dates(self):
        for suspension in self:
            membership = suspension.membership_id
            if suspension.date_end and suspension.date_end < suspension.date_start:
                raise ValidationError(
                    _("The suspension of %s cannot end before it starts.")
                    % membership.name
                )
            if suspension.date_start < membership.date_start:
                raise ValidationError(
                    _("The membership %s cannot be suspended before it starts (%s).")
                    % (membership.name, membership.date_start)
                )
            overlapping = membership.suspension_ids.filtered(
                lambda other, s=suspension: (
                    other != s
                    and (not other.date_end or other.date_end >= s.date_start)
                    and (not s.date_end or s.date_end >= other.date_start)
                )
            )
            if overlapping:
                raise ValidationError(
                    _("The membership %s is already suspended on %s.")
                    % (membership.name, overlapping[0].date_start)
                )
