# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import api, models


class ReportFundingRoundResult(models.AbstractModel):
    """The result of a closed funding round: the offer, the selected requests, what
    each co-op pays, the rule that decided it and how to check it again.

    It reads the round's frozen offer (its lines) and the co-financings the round
    created, as the portal does; what each co-op pays is its share of each selected
    request, as the round's outcome set it. Records are read with the caller's
    rights; the portal renders it with sudo for a round the co-op took part in.
    """

    _name = "report.komunigi_cofinancing.report_funding_round_result"
    _description = "Funding round result"

    @api.model
    def get_report_values(self, docids, data=None):
        rounds = self.env["komunigi.funding.round"].browse(docids)
        return {
            "doc_ids": docids,
            "doc_model": "komunigi.funding.round",
            "docs": rounds,
            "results": {r.id: self._round_result(r) for r in rounds},
        }

    @api.model
    def _round_result(self, funding_round):
        """The selected requests with each co-op's payment, and the co-ops with
        their budget and what they pay in all (in the round's currency)."""
        currency = funding_round.currency_id
        cofinancings = funding_round.cofinancing_ids.sorted("id")
        selected = [
            {
                "cofinancing": cofinancing,
                "shares": cofinancing.share_ids.sorted(lambda s: (-s.amount, s.id)),
            }
            for cofinancing in cofinancings
        ]
        shares = cofinancings.mapped("share_ids")
        coops = [
            {
                "partner": participant.partner_id,
                "budget": participant.budget,
                "paid": currency.round(
                    sum(
                        shares.filtered(
                            lambda s, p=participant.partner_id: s.partner_id == p
                        ).mapped("amount")
                    )
                ),
            }
            for participant in funding_round.participant_ids
        ]
        return {
            "selected": selected,
            "coops": coops,
            "cost": currency.round(sum(cofinancings.mapped("amount_total"))),
            "paid": currency.round(sum(coop["paid"] for coop in coops)),
            "equal_budgets": len(set(funding_round.participant_ids.mapped("budget")))
            <= 1,
        }
