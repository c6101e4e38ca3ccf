# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, models

from odoo.addons.komunigi_membership.lib.dashboard_ratios import percent
from odoo.addons.komunigi_membership.models.shared_fields import figure

# The table whose rows name a co-financing invoice or credit note (`invoice_id`).
COFINANCING_LINKS = ("komunigi_cofinancing_invoice",)
# What a co-op is held to: a pledge, or the share it accepted.
COMMITTED = ("pledge", "accepted")


class KomunigiDashboard(models.TransientModel):
    """The co-financings: money committed against money needed, and their invoices.

    Needed: what the co-ops pay of the open co-financings (their totals less the
    common pot's and the provider's parts). Committed: the co-ops' pledges and
    accepted shares on them. For a co-op: the open co-financings it takes part in,
    and its own commitments and invoices.
    """

    _inherit = "komunigi.dashboard"

    cofinancing_needed = figure(
        "_compute_cofinancing_commitments", "Needed by the open co-financings"
    )
    cofinancing_committed = figure("_compute_cofinancing_commitments", "Committed")
    cofinancing_committed_percent = figure(
        "_compute_cofinancing_commitments", "Committed (%)", True
    )
    cofinancing_invoiced = figure(
        "_compute_cofinancing_invoices",
        "Co-financing invoiced",
        help="Co-financing invoices issued less their credit notes, taxes included.",
    )
    cofinancing_paid = figure("_compute_cofinancing_invoices", "Co-financing paid")
    cofinancing_open = figure(
        "_compute_cofinancing_invoices", "Co-financing to be paid"
    )
    cofinancing_paid_percent = figure(
        "_compute_cofinancing_invoices", "Co-financing paid (%)", True
    )

    def _open_cofinancing_domain(self):
        """The open co-financings of the company; of a co-op, those it takes part in."""
        domain = [("state", "=", "open"), ("company_id", "=", self.company_id.id)]
        if self.coop_id:
            domain += [("share_ids.partner_id", "=", self.coop_id.id)]
        return domain

    def _committed_domain(self):
        """The commitments on those co-financings; of a co-op, its own."""
        domain = [
            ("cofinancing_id.state", "=", "open"),
            ("cofinancing_id.company_id", "=", self.company_id.id),
            ("commitment", "in", COMMITTED),
        ]
        if self.coop_id:
            domain += [("partner_id", "=", self.coop_id.id)]
        return domain

    @api.depends("coop_id", "company_id")
    def _compute_cofinancing_commitments(self):
        self._check_figures_reader()
        for dashboard in self:
            totals = dashboard._sums(
                "komunigi.cofinancing",
                dashboard._open_cofinancing_domain(),
                ["amount_total", "pot_amount", "provider_share_amount"],
            )
            needed = (
                totals["amount_total"]
                - totals["pot_amount"]
                - totals["provider_share_amount"]
            )
            committed = dashboard._sums(
                "komunigi.cofinancing.share", dashboard._committed_domain(), ["pledge"]
            )["pledge"]
            dashboard.cofinancing_needed = needed
            dashboard.cofinancing_committed = committed
            dashboard.cofinancing_committed_percent = float(percent(committed, needed))

    @api.depends("coop_id", "company_id")
    def _compute_cofinancing_invoices(self):
        self._fill_invoice_figures("cofinancing", COFINANCING_LINKS)

    def action_open_cofinancings(self):
        """The open co-financings the figures count."""
        self.ensure_one()
        return self._open_list(
            "komunigi.cofinancing",
            _("Open co-financings"),
            self._open_cofinancing_domain(),
        )

    def action_open_cofinancing_invoices(self):
        """The co-financing invoices and credit notes the figures count."""
        self.ensure_one()
        ids = self._issued_invoice_ids(COFINANCING_LINKS)
        return self._open_list(
            "account.invoice", _("Co-financing invoices"), [("id", "in", ids)]
        )
