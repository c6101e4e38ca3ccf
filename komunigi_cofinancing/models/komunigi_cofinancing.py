# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from ..lib import splits

SPLIT_METHODS = [
    ("equal", "Equal shares"),
    ("weighted", "Weighted"),
    ("pledges", "Pledges, remainder split equally"),
    ("common_pot", "Common pot share, rest equal"),
    ("provider", "Provider contribution, rest equal"),
    ("capped", "Capped (Moulin-Shenker)"),
]
POT = "pot"
PROVIDER = "provider"


class KomunigiCofinancing(models.Model):
    """A development paid by the co-ops that want it, who split its cost."""

    _name = "komunigi.cofinancing"
    _description = "Co-financing"
    _inherit = ["mail.thread"]
    _order = "id desc"

    name = fields.Char(required=True, track_visibility="onchange")
    request_id = fields.Many2one(
        "komunigi.request",
        help="Optional: a migration, for instance, is financed on its own.",
    )
    funding_round_id = fields.Many2one(
        "komunigi.funding.round", readonly=True, help="The round that selected it."
    )
    company_id = fields.Many2one(
        "res.company", required=True, default=lambda self: self.env.user.company_id
    )
    currency_id = fields.Many2one(
        "res.currency",
        required=True,
        default=lambda self: self.env.user.company_id.currency_id,
    )
    amount_total = fields.Monetary(
        string="Total", required=True, track_visibility="onchange"
    )
    state = fields.Selection(
        [
            ("open", "Open for pledges"),
            ("funded", "Funded"),
            ("invoiced", "Invoiced"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="open",
        required=True,
        readonly=True,
        copy=False,
        track_visibility="onchange",
    )
    split_method = fields.Selection(SPLIT_METHODS, required=True, default="equal")
    pot_rate = fields.Float(
        string="Common pot (%)", help="Share of the total paid by the common pot."
    )
    pot_partner_id = fields.Many2one(
        "res.partner", string="Common pot", help="Who holds the common pot."
    )
    provider_partner_id = fields.Many2one("res.partner", string="Provider")
    provider_amount = fields.Monetary(help="What the provider pays of the total.")
    pot_amount = fields.Monetary(readonly=True, string="Paid by the common pot")
    provider_share_amount = fields.Monetary(
        readonly=True, string="Paid by the provider"
    )
    share_ids = fields.One2many(
        "komunigi.cofinancing.share", "cofinancing_id", string="Co-funders", copy=True
    )
    milestone_ids = fields.One2many(
        "komunigi.cofinancing.milestone", "cofinancing_id", copy=True
    )
    amount_pledged = fields.Monetary(compute="_compute_amounts")
    amount_invoiced = fields.Monetary(compute="_compute_amounts")
    note = fields.Html()

    @api.depends("share_ids.pledge", "share_ids.amount_invoiced")
    def _compute_amounts(self):
        for cofinancing in self:
            cofinancing.amount_pledged = sum(cofinancing.share_ids.mapped("pledge"))
            cofinancing.amount_invoiced = sum(
                cofinancing.share_ids.mapped("amount_invoiced")
            )

    @api.onchange("request_id")
    def _onchange_request_id(self):
        if self.request_id:
            self.name = self.name or self.request_id.title
            self.amount_total = self.request_id.estimate_total

    @api.constrains("amount_total")
    def _check_amount_total(self):
        for cofinancing in self:
            if (
                cofinancing.currency_id.compare_amounts(cofinancing.amount_total, 0)
                <= 0
            ):
                raise ValidationError(
                    _("The total of the co-financing %s must be positive.")
                    % cofinancing.name
                )

    @api.constrains("milestone_ids")
    def _check_milestones(self):
        for cofinancing in self.filtered("milestone_ids"):
            if round(sum(cofinancing.milestone_ids.mapped("percent")), 6) != 100:
                raise ValidationError(
                    _("The milestones of %s must add up to 100%%.") % cofinancing.name
                )

    # --- split ---------------------------------------------------------------------------
    def _split_params(self):
        """The engine's parameters for this co-financing's method, keyed by share id."""
        shares = self.share_ids
        equal = {"participants": shares.ids}
        if self.split_method == "equal":
            return equal
        if self.split_method == "weighted":
            return {"weights": [(s.id, s.weight) for s in shares]}
        if self.split_method == "pledges":
            pledged = shares.filtered("pledge")
            return {
                "pledges": [(s.id, s.pledge) for s in pledged],
                "remainder": [(s.id, 1) for s in shares - pledged],
            }
        if self.split_method == "capped":
            return {"caps": [(s.id, s.cap or None) for s in shares]}
        if self.split_method == "common_pot":
            return dict(equal, rate=self.pot_rate, pot=POT, rest_method="equal")
        return dict(
            equal, provider=PROVIDER, amount=self.provider_amount, rest_method="equal"
        )

    def action_compute_split(self):
        """Compute each co-funder's amount; the amounts add up to the total to the cent."""
        for cofinancing in self:
            if cofinancing.state not in ("open", "funded"):
                raise UserError(_("The split of an invoiced co-financing is fixed."))
            if not cofinancing.share_ids:
                raise UserError(_("Add the co-funders first."))
            try:
                amounts = splits.split(
                    cofinancing.split_method,
                    cofinancing.amount_total,
                    digits=cofinancing.currency_id.decimal_places,
                    **cofinancing._split_params(),
                )
            except splits.SplitError as error:
                raise UserError(cofinancing._split_error_message(error)) from error
            for share in cofinancing.share_ids:
                share.amount = float(amounts[share.id])
            cofinancing.write(
                {
                    "pot_amount": float(amounts.get(POT, 0)),
                    "provider_share_amount": float(amounts.get(PROVIDER, 0)),
                }
            )

    def _split_error_message(self, error):
        """The engine names co-funders by share id: show the co-ops' names instead."""
        shares = self.env["komunigi.cofinancing.share"]
        params = {
            key: shares.browse(value).partner_id.name
            if isinstance(value, int)
            else value
            for key, value in error.params.items()
        }
        return _(error.msgid) % params

    def action_check_funding(self):
        """Funded when the pledges cover what the co-ops pay; the request follows."""
        for cofinancing in self.filtered(lambda c: c.state == "open"):
            due = cofinancing.amount_total - cofinancing.pot_amount
            due -= cofinancing.provider_share_amount
            if (
                cofinancing.currency_id.compare_amounts(cofinancing.amount_pledged, due)
                < 0
            ):
                raise UserError(
                    _("The pledges (%s) do not cover the cost yet (%s).")
                    % (cofinancing.amount_pledged, due)
                )
            cofinancing.state = "funded"
            if cofinancing.request_id.state == "approved":
                cofinancing.request_id.action_fund()

    def action_cancel(self):
        if self.mapped("share_ids.invoice_link_ids"):
            raise UserError(_("Cancel the invoices of this co-financing first."))
        self.write({"state": "cancelled"})

    # --- invoicing -------------------------------------------------------------------------
    def _invoice_share(self, share, amount, label, kind, milestone=None):
        """One invoice (or credit note for `refund`) to the share's co-op, linked back."""
        Invoice = self.env["account.invoice"]
        type_ = "out_refund" if kind == "refund" else "out_invoice"
        vals = Invoice._komunigi_prepare(
            share.partner_id,
            self.company_id,
            fields.Date.context_today(self),
            self.name,
            type_=type_,
        )
        line = Invoice._komunigi_line(
            vals,
            self.env.ref("komunigi_cofinancing.product_cofinancing"),
            "%s: %s" % (self.name, label),
            amount,
        )
        invoice = Invoice._komunigi_create(vals, [line])
        self.env["komunigi.cofinancing.invoice"].create(
            {
                "share_id": share.id,
                "milestone_id": milestone.id if milestone else False,
                "kind": kind,
                "invoice_id": invoice.id,
                "amount": amount,
            }
        )
        return invoice

    def _milestone_amount(self, share, milestone):
        """The share's percentage; the last milestone takes what is left, to the cent."""
        others = self.milestone_ids - milestone
        if all(others.mapped("invoiced")):
            invoiced = sum(
                share.invoice_link_ids.filtered(
                    lambda link: link.kind == "milestone"
                ).mapped("amount")
            )
            return self.currency_id.round(share.amount - invoiced)
        return self.currency_id.round(share.amount * milestone.percent / 100)

    def action_invoice_milestone(self, milestone):
        """Invoice every co-funder its part of `milestone`, once (double-click safe)."""
        self.ensure_one()
        if self.state not in ("funded", "invoiced"):
            raise UserError(_("Only a funded co-financing is invoiced."))
        if milestone.cofinancing_id != self:
            raise UserError(_("This milestone belongs to another co-financing."))
        self.env.cr.execute(
            "SELECT id FROM komunigi_cofinancing_milestone WHERE id = %s FOR UPDATE NOWAIT",
            (milestone.id,),
        )
        milestone.invalidate_cache()
        if milestone.invoiced:
            return self.env["account.invoice"]
        invoices = self.env["account.invoice"]
        for share in self.share_ids.filtered("amount"):
            amount = self._milestone_amount(share, milestone)
            invoices |= self._invoice_share(
                share, amount, milestone.name, "milestone", milestone
            )
        milestone.invoiced = True
        if all(self.milestone_ids.mapped("invoiced")):
            self.state = "invoiced"
        return invoices

    # --- late joiners ----------------------------------------------------------------------
    def action_add_late_joiner(self, coop, discount=0.0):
        """A co-op adopts a delivered development: it pays its share of a re-split.

        The newcomer pays an equal share of what the co-ops paid, less an optional
        discount; the earlier co-funders are refunded exactly what it pays, in proportion
        to what each paid, so money in equals money out and nobody funds the discount.
        """
        self.ensure_one()
        if self.state not in ("invoiced", "done"):
            raise UserError(_("A co-op can join once the development is invoiced."))
        if not 0 <= discount < 100:
            raise UserError(_("The discount is a percentage from 0 to 100."))
        earlier = self.share_ids.filtered("amount")
        if coop in self.share_ids.mapped("partner_id"):
            raise UserError(_("%s already takes part in %s.") % (coop.name, self.name))
        paid = sum(earlier.mapped("amount"))
        fair = paid / (len(earlier) + 1)
        price = self.currency_id.round(fair * (100 - discount) / 100)
        refunds = splits.weighted(
            price,
            [(share.id, share.amount) for share in earlier],
            digits=self.currency_id.decimal_places,
        )
        newcomer = self.env["komunigi.cofinancing.share"].create(
            {"cofinancing_id": self.id, "partner_id": coop.id, "amount": price}
        )
        self._invoice_share(newcomer, price, _("joining after delivery"), "join")
        for share in earlier:
            refund = float(refunds[share.id])
            share.amount -= refund
            self._invoice_share(
                share, refund, _("refund after %s joined") % coop.name, "refund"
            )
        self.message_post(
            body=_("%s joined: it pays %s, refunded to the earlier co-funders.")
            % (coop.name, price)
        )
        return newcomer
