# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.komunigi_membership.models.shared_fields import life_cycle_state

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
# A co-financing funds its request once the request is approved (or further on).
DECIDED = (False, "approved", "funded", "development", "delivered")
PROVIDER = "provider"


class KomunigiCofinancing(models.Model):
    """A development paid by the co-ops that want it, who split its cost."""

    _name = "komunigi.cofinancing"
    _description = "Co-financing"
    _inherit = ["mail.thread", "komunigi.lockable"]
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
    state = life_cycle_state(
        [
            ("open", "Open for pledges"),
            ("funded", "Funded"),
            ("invoiced", "Invoiced"),
            ("done", "Done"),
            ("cancelled", "Cancelled"),
        ],
        default="open",
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
    pot_amount = fields.Monetary(
        string="Paid by the common pot", compute="_compute_outside_shares", store=True
    )
    provider_share_amount = fields.Monetary(
        string="Paid by the provider", compute="_compute_outside_shares", store=True
    )
    share_ids = fields.One2many(
        "komunigi.cofinancing.share", "cofinancing_id", string="Co-funders", copy=True
    )
    milestone_ids = fields.One2many(
        "komunigi.cofinancing.milestone", "cofinancing_id", copy=True
    )
    amount_due = fields.Monetary(
        string="Paid by the co-ops",
        compute="_compute_amounts",
        help="The total less what the common pot and the provider pay.",
    )
    amount_committed = fields.Monetary(string="Committed", compute="_compute_amounts")
    amount_invoiced = fields.Monetary(compute="_compute_amounts")
    note = fields.Html()

    def _outside_amounts(self):
        """What the common pot and the provider pay, by the split engine, to the cent
        (a SplitError for a rate or a contribution that does not fit the total)."""
        params = {"participants": ["co-ops"], "rest_method": "equal"}
        if self.split_method == "common_pot":
            params.update(rate=self.pot_rate, pot=POT)
        elif self.split_method == "provider":
            params.update(provider=PROVIDER, amount=self.provider_amount)
        else:
            return 0.0, 0.0
        amounts = splits.split(
            self.split_method,
            self.amount_total,
            self.currency_id.decimal_places,
            **params,
        )
        return float(amounts.get(POT, 0)), float(amounts.get(PROVIDER, 0))

    @api.depends("amount_total", "split_method", "pot_rate", "provider_amount")
    def _compute_outside_shares(self):
        for cofinancing in self:
            try:
                pot, provider = cofinancing._outside_amounts()
            except splits.SplitError:  # refused by _check_outside_shares
                pot = provider = 0.0
            cofinancing.pot_amount = pot
            cofinancing.provider_share_amount = provider

    @api.depends(
        "amount_total",
        "pot_amount",
        "provider_share_amount",
        "share_ids.pledge",
        "share_ids.commitment",
        "share_ids.amount_invoiced",
    )
    def _compute_amounts(self):
        for cofinancing in self:
            cofinancing.amount_due = (
                cofinancing.amount_total
                - cofinancing.pot_amount
                - cofinancing.provider_share_amount
            )
            committed = cofinancing.share_ids.filtered(
                lambda s: s.commitment in ("pledge", "accepted")
            )
            cofinancing.amount_committed = sum(committed.mapped("pledge"))
            cofinancing.amount_invoiced = sum(
                cofinancing.share_ids.mapped("amount_invoiced")
            )

    @api.onchange("request_id")
    def _onchange_request_id(self):
        if self.request_id:
            self.name = self.name or self.request_id.title
            self.amount_total = self.request_id.estimate_total

    @api.constrains("amount_total", "split_method", "pot_rate", "provider_amount")
    def _check_amounts(self):
        """A positive total; the pot's rate and the provider's part fit the total, and
        the commitments fit what the co-ops pay."""
        for cofinancing in self:
            if (
                cofinancing.currency_id.compare_amounts(cofinancing.amount_total, 0)
                <= 0
            ):
                raise ValidationError(
                    _("The total of the co-financing %s must be positive.")
                    % cofinancing.name
                )
            try:
                cofinancing._outside_amounts()
            except splits.SplitError as error:
                raise ValidationError(
                    cofinancing._split_error_message(error)
                ) from error
            if cofinancing._amount_missing() < 0:
                raise ValidationError(
                    _("The co-ops of %s committed more than they pay of the new total.")
                    % cofinancing.name
                )

    @api.constrains("milestone_ids")
    def _check_milestones(self):
        for cofinancing in self:
            if round(sum(cofinancing.milestone_ids.mapped("percent")), 6) != 100:
                raise ValidationError(
                    _("The milestones of %s must add up to 100%%.") % cofinancing.name
                )

    @api.model
    def create(self, vals):
        """Without milestones, the co-funders are invoiced once: 100 % at delivery."""
        if not vals.get("milestone_ids"):
            milestone = {"name": _("At delivery"), "percent": 100, "sequence": 1}
            vals = dict(vals, milestone_ids=[(0, 0, milestone)])
        return super().create(vals)

    def write(self, vals):
        """A new total or split re-checks the funding; invoiced figures are fixed."""
        money = {"amount_total", "split_method", "pot_rate", "provider_amount"}
        if money & set(vals) and self.mapped("share_ids.invoice_link_ids"):
            raise UserError(
                _("The total and split of an invoiced co-financing are fixed.")
            )
        result = super().write(vals)
        if money & set(vals):
            self._update_funding()
        return result

    # --- life cycle ----------------------------------------------------------------------
    def _lock(self):
        """Lock the co-financings for this transaction's commitments and invoices.

        The no-op update after the lock matters under Odoo's REPEATABLE READ: a
        parallel transaction waiting on the lock then fails to serialize (and its
        request is retried with fresh data) instead of going on with a snapshot that
        misses this transaction's commitments.
        """
        super()._lock()
        if not self.ids:
            return
        self.env.cr.execute(
            "UPDATE komunigi_cofinancing SET write_date = write_date WHERE id IN %s",
            (tuple(self.ids),),
        )
        self.invalidate_cache()  # all of it: the shares are read again too

    def _amount_missing(self, without=None):
        """What the co-ops' commitments (but `without`'s) still leave uncovered."""
        self.ensure_one()
        others = self.share_ids.filtered(
            lambda s: s != without and s.commitment in ("pledge", "accepted")
        )
        return self.currency_id.round(self.amount_due - sum(others.mapped("pledge")))

    def _check_open_for_commitments(self):
        if self.state != "open":
            raise UserError(
                _("%s is no longer open for pledges: nothing was changed.") % self.name
            )

    def _update_funding(self):
        """Funded once the commitments cover what the co-ops pay (and the request is
        approved); open again when a commitment is withdrawn before any invoice. The
        request follows: funded with its co-financing, approved again without it."""
        for cofinancing in self.filtered(lambda c: c.state in ("open", "funded")):
            covered = not cofinancing.currency_id.compare_amounts(
                cofinancing.amount_committed, cofinancing.amount_due
            )
            request = cofinancing.request_id
            if cofinancing.state == "open" and covered:
                if request.state in DECIDED:
                    cofinancing.state = "funded"
                    self.env["komunigi.log.entry"]._draft_cofinancing_funded(
                        cofinancing
                    )
                    if request.state == "approved":
                        request.action_fund()
            elif cofinancing.state == "funded" and not covered:
                cofinancing.state = "open"
                cofinancing.request_id._release_funding()

    def action_check_funding(self):
        """Funded if the commitments cover the cost, else say what is missing."""
        self.check_access_rights("write")
        self._update_funding()
        for cofinancing in self.filtered(lambda c: c.state == "open"):
            raise UserError(
                _(
                    "The commitments to %(name)s (%(committed)s) do not cover %(due)s yet."
                )
                % {
                    "name": cofinancing.name,
                    "committed": cofinancing.amount_committed,
                    "due": cofinancing.amount_due,
                }
            )

    def _after_invoicing(self):
        """Invoiced once every milestone is; done when the request is delivered too."""
        for cofinancing in self.filtered(lambda c: c.state == "funded"):
            if all(cofinancing.milestone_ids.mapped("invoiced")):
                cofinancing.state = "invoiced"
        self._check_done()

    def _check_done(self):
        """Done when every milestone is invoiced and the request (if any) delivered."""
        for cofinancing in self.filtered(lambda c: c.state == "invoiced"):
            if cofinancing.request_id.state in (False, "delivered"):
                cofinancing.state = "done"

    def action_cancel(self):
        """Cancel before any invoice; a funded request goes back to approved."""
        self.check_access_rights("write")
        for cofinancing in self:
            cofinancing._lock()
            if cofinancing.mapped("share_ids.invoice_link_ids"):
                raise UserError(
                    _("Cancel the invoices of %s first: it is invoiced.")
                    % cofinancing.name
                )
            if cofinancing.state not in ("open", "funded"):
                raise UserError(_("%s cannot be cancelled now.") % cofinancing.name)
            was_funded = cofinancing.state == "funded"
            cofinancing.state = "cancelled"
            if was_funded:
                cofinancing.request_id._release_funding()

    # --- split: the offers to the co-ops that have not committed -----------------------
    def _split_offers(self, raise_errors=False):
        """The offers: what is still missing, split among the listed co-ops that have
        not committed, keyed by share id ({} when nothing is missing or offered)."""
        self.ensure_one()
        listed = self.share_ids.filtered(lambda s: s.commitment == "none")
        missing = self._amount_missing()
        if self.state != "open" or not listed or missing <= 0:
            return {}
        # The pot and the provider are deducted already: the co-ops' part is split
        # equally, unless the method weighs or caps them.
        method, params = "equal", {"participants": listed.ids}
        if self.split_method == "weighted":
            method, params = "weighted", {"weights": [(s.id, s.weight) for s in listed]}
        elif self.split_method == "capped":
            method, params = "capped", {"caps": [(s.id, s.cap or None) for s in listed]}
        try:
            amounts = splits.split(
                method, missing, digits=self.currency_id.decimal_places, **params
            )
        except splits.SplitError as error:
            if raise_errors:
                raise UserError(self._split_error_message(error)) from error
            return {}
        return {key: float(value) for key, value in amounts.items()}

    def action_compute_split(self):
        """Check the split: its error, if the offers cannot be computed."""
        self.check_access_rights("write")
        for cofinancing in self:
            if cofinancing.state not in ("open", "funded"):
                raise UserError(
                    _("The split of %s is fixed: it is invoiced.") % cofinancing.name
                )
            if not cofinancing.share_ids:
                raise UserError(_("Add the co-ops to %s first.") % cofinancing.name)
            cofinancing._split_offers(raise_errors=True)

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

    # --- invoicing -------------------------------------------------------------------------
    def action_invoice_milestone(self, milestone):
        """Invoice every co-funder its part of `milestone` (see the milestone)."""
        self.check_access_rights("write")
        self.ensure_one()
        if milestone.cofinancing_id != self:
            raise UserError(_("This milestone belongs to another co-financing."))
        return milestone.action_invoice()

    # --- late joiners ----------------------------------------------------------------------
    def action_add_late_joiner(self, coop, discount=0.0):
        """A co-op adopts a delivered development: it pays its share of a re-split.

        The newcomer pays an equal share of what the co-ops paid, less an optional
        discount; the earlier co-funders are refunded exactly what it pays, in proportion
        to what each paid, so money in equals money out and nobody funds the discount.
        """
        self.ensure_one()
        self.check_access_rights("write")
        self._lock()
        if self.state not in ("invoiced", "done"):
            raise UserError(_("A co-op can join once the development is invoiced."))
        if not 0 <= discount < 100:
            raise UserError(_("The discount is a percentage from 0 to 100."))
        newcomer = self.share_ids.filtered(lambda s: s.partner_id == coop)
        if newcomer.commitment not in (False, "none"):
            raise UserError(_("%s already takes part in %s.") % (coop.name, self.name))
        earlier = self.share_ids.filtered("amount")
        paid = sum(earlier.mapped("amount"))
        fair = paid / (len(earlier) + 1)
        price = self.currency_id.round(fair * (100 - discount) / 100)
        refunds = splits.weighted(
            price,
            [(share.id, share.amount) for share in earlier],
            digits=self.currency_id.decimal_places,
        )
        newcomer = newcomer or newcomer.create(
            {"cofinancing_id": self.id, "partner_id": coop.id}
        )
        newcomer._join(price)
        for share in earlier:
            share._refund_after_join(float(refunds[share.id]), coop)
        self.message_post(
            body=_("%s joined: it pays %s, refunded to the earlier co-funders.")
            % (coop.name, price)
        )
        return newcomer
