# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models


class ReportCoopStatement(models.AbstractModel):
    """The yearly statement names the co-financing invoices: the co-financing and
    the milestone, or the late joiner's refund, each invoice is for."""

    _inherit = "report.komunigi_membership.report_coop_statement"

    @api.model
    def _statement_labels(self, invoices):
        labels = super()._statement_labels(invoices)
        links = self.env["komunigi.cofinancing.invoice"].search(
            [("invoice_id", "in", invoices.ids)]
        )
        kinds = dict(links._fields["kind"]._description_selection(self.env))
        for link in links:
            labels[link.invoice_id.id] = _("Co-financing %(name)s: %(what)s") % {
                "name": link.share_id.cofinancing_id.name,
                "what": link.milestone_id.name or kinds[link.kind],
            }
        return labels
