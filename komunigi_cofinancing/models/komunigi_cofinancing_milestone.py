# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError

from odoo.addons.komunigi_membership.models.shared_fields import part_of


class KomunigiCofinancingMilestone(models.Model):
    """A step at which the co-funders are invoiced a percentage of their share."""

    _name = "komunigi.cofinancing.milestone"
    _description = "Co-financing milestone"
    _order = "cofinancing_id, sequence, id"

    cofinancing_id = part_of("komunigi.cofinancing")
    sequence = fields.Integer(default=10)
    name = fields.Char(required=True, help="e.g. At approval, At delivery.")
    percent = fields.Float(required=True, help="Percentage of each share invoiced.")
    invoiced = fields.Boolean(
        readonly=True, copy=False, help="Its invoices were issued (at least once)."
    )
    invoice_link_ids = fields.One2many("komunigi.cofinancing.invoice", "milestone_id")
    to_reissue = fields.Boolean(
        compute="_compute_to_reissue",
        help="One of its invoices is cancelled and not issued again yet.",
    )

    @api.depends("invoice_link_ids.invoice_id.state", "invoice_link_ids.attempt")
    def _compute_to_reissue(self):
        for milestone in self:
            latest = {}
            for link in milestone.invoice_link_ids.sorted("attempt"):
                latest[link.share_id] = link
            milestone.to_reissue = any(
                link.invoice_id.state == "cancel" for link in latest.values()
            )

    def action_invoice(self):
        """Invoice every co-funder its part of the milestone, once.

        Only committed co-funders are invoiced (a late joiner paid when joining).
        Invoicing again issues nothing new, except for the invoices cancelled since:
        each is issued again, once. The co-financing is locked meanwhile, so that two
        clicks in parallel cannot both issue.
        """
        self.check_access_rights("write")  # coordinators invoice, not co-ops (RPC)
        invoices = self.env["account.invoice"]
        for milestone in self:
            cofinancing = milestone.cofinancing_id
            cofinancing._lock()
            if cofinancing.state not in ("funded", "invoiced", "done"):
                raise UserError(
                    _("%s is not funded yet: it cannot be invoiced.") % cofinancing.name
                )
            funders = cofinancing.share_ids.filtered(
                lambda s: s.commitment in ("pledge", "accepted") and s.amount
            )
            for share in funders:
                invoices |= share._invoice_milestone(milestone)
            if not milestone.invoiced:
                milestone.invoiced = True
            cofinancing._after_invoicing()
        return invoices
