# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models

# The shares of the co-ops that committed: the co-funders, who sign the agreement.
COMMITTED = ("pledge", "accepted", "joined")


class ReportCofinancingAgreement(models.AbstractModel):
    """The co-financing agreement: who pays what for which request, in which
    instalments, and where each party signs.

    The parties are the hub (the co-financing's company, which invoices the shares)
    and the co-ops that committed; a co-op listed without a commitment is no party
    yet. Records are read with the caller's rights; the portal renders it with sudo
    for a co-financing the co-op takes part in.
    """

    _name = "report.komunigi_cofinancing.report_cofinancing_agreement"
    _description = "Co-financing agreement"

    @api.model
    def get_report_values(self, docids, data=None):
        cofinancings = self.env["komunigi.cofinancing"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "komunigi.cofinancing",
            "docs": cofinancings,
            "co_funders_of": {
                cofinancing.id: cofinancing.share_ids.filtered(
                    lambda s: s.commitment in COMMITTED
                ).sorted(lambda s: (s.partner_id.name or "", s.id))
                for cofinancing in cofinancings
            },
        }
