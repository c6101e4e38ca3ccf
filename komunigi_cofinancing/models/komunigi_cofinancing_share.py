# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import math

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import html_escape
from odoo.tools.misc import formatLang

from odoo.addons.komunigi_membership.models.shared_fields import part_of

COMMITMENTS = [
    ("none", "Not committed"),
    ("pledge", "Pledged"),
    ("accepted", "Accepted its share"),
    ("joined", "Joined after delivery"),
]
# Set by the commitment methods only, whichever door a change comes through.
COMMITMENT_FIELDS = ("commitment", "pledge", "amount")
PLEDGE_LIMIT = 1e15  # no pledge reaches it: a float that large has lost its cents


class KomunigiCofinancingShare(models.Model):
    """A co-op listed in a co-financing; it becomes a co-funder only by committing.

    A co-op commits with a pledge (at most what is still missing) or by accepting the
    share the split offers it. What it pays (`amount`) is its commitment, less the
    refunds it gets when late joiners come: never more than it committed.
    """

    _name = "komunigi.cofinancing.share"
    _inherit = "komunigi.coop.line"
    _description = "Co-funder share"
    _order = "cofinancing_id, id"

    cofinancing_id = part_of("komunigi.cofinancing")
    currency_id = fields.Many2one(related="cofinancing_id.currency_id", readonly=True)
    weight = fields.Float(default=1.0, help="Weighted split: tier, members, turnover.")
    cap = fields.Monetary(help="Capped split: the most the co-op can pay.")
    commitment = fields.Selection(
        COMMITMENTS, required=True, default="none", readonly=True, copy=False
    )
    pledge = fields.Monetary(
        string="Commitment amount",
        readonly=True,
        copy=False,
        help="What the co-op committed to pay at most: its pledge or the share it "
        "accepted.",
    )
    amount_offered = fields.Monetary(
        string="Offered share",
        compute="_compute_amount_offered",
        help="What the split proposes to this co-op of what is still missing, while "
        "it has not committed: it commits to it by accepting.",
    )
    amount = fields.Monetary(
        readonly=True,
        copy=False,
        help="What the co-op pays: its commitment, less the refunds after late "
        "joiners.",
    )
    invoice_link_ids = fields.One2many("komunigi.cofinancing.invoice", "share_id")
    amount_invoiced = fields.Monetary(compute="_compute_invoiced")
    amount_paid = fields.Monetary(compute="_compute_invoiced")

    _sql_constraints = [
        (
            "coop_unique",
            "unique(cofinancing_id, partner_id)",
            "A co-op takes part once in a co-financing.",
        )
    ]

    @api.depends("invoice_link_ids.amount", "invoice_link_ids.invoice_id.state")
    def _compute_invoiced(self):
        for share in self:
            links = share.invoice_link_ids.filtered(
                lambda link: link.invoice_id.state != "cancel"
            )
            share.amount_invoiced = sum(links.mapped("signed_amount"))
            share.amount_paid = sum(
                links.filtered(lambda link: link.invoice_id.state == "paid").mapped(
                    "signed_amount"
                )
            )

    @api.depends(
        "commitment",
        "weight",
        "cap",
        "cofinancing_id.state",
        "cofinancing_id.amount_total",
        "cofinancing_id.split_method",
        "cofinancing_id.share_ids.pledge",
    )
    def _compute_amount_offered(self):
        for cofinancing in self.mapped("cofinancing_id"):
            offers = cofinancing._split_offers() if cofinancing.id else {}
            for share in self.filtered(lambda s, c=cofinancing: s.cofinancing_id == c):
                share.amount_offered = offers.get(share.id, 0.0)

    @api.constrains("weight", "cap")
    def _check_positive(self):
        for share in self:
            if min(share.weight, share.cap) < 0:
                raise ValidationError(
                    _("Weights and caps cannot be negative (%s).")
                    % share.partner_id.name
                )

    # --- every door goes through the commitment methods ------------------------------
    @api.model
    def create(self, vals):
        """A pledge given at creation (backend line, funding round) is a pledge."""
        vals = dict(vals)
        pledge = vals.pop("pledge", 0)
        for name, default in (("commitment", "none"), ("amount", 0)):
            if name in vals and vals[name] == default:  # a client sends the defaults
                del vals[name]
        self._refuse_commitment_fields(vals)
        share = super().create(vals)
        if pledge:
            share.action_pledge(pledge)
        return share

    def write(self, vals):
        """A pledge written directly (form, RPC) follows the pledge rules."""
        vals = dict(vals)
        has_pledge = "pledge" in vals
        pledge = vals.pop("pledge", 0)
        self._refuse_commitment_fields(vals)
        result = super().write(vals) if vals else True
        if has_pledge:
            self.action_pledge(pledge)
        return result

    @staticmethod
    def _refuse_commitment_fields(vals):
        written = [name for name in COMMITMENT_FIELDS if name in vals]
        if written:
            raise UserError(
                _(
                    "A co-op commits by pledging or accepting its share: %s cannot be "
                    "written directly."
                )
                % ", ".join(written)
            )

    def _write_commitment(self, vals):
        """Write the commitment fields, bypassing the guard of `write`."""
        return super(KomunigiCofinancingShare, self.sudo()).write(vals)

    # --- who may commit --------------------------------------------------------------
    def _acts_on_behalf(self, reason=None, reason_needed=False):
        """False for a representative of the share's own co-op, True for a
        coordinator acting on its behalf; anybody else is refused."""
        self.ensure_one()
        user = self.env.user
        coop = self.sudo().partner_id
        if user.partner_id.commercial_partner_id == coop:
            return False
        if not (
            user._is_admin() or user.has_group("komunigi_membership.group_coordinator")
        ):
            raise AccessError(
                _("You can only commit for your own co-op, not for %s.") % coop.name
            )
        if reason_needed and not (reason or "").strip():
            raise UserError(
                _("Say why you accept the share of %s on its behalf.") % coop.name
            )
        return True

    # --- commitments -------------------------------------------------------------------
    def action_pledge(self, amount, reason=None):
        """Commit the co-op to pay `amount` at most; 0 withdraws its commitment.

        Rules: the co-financing is open, the pledge is a number from 0 to what is
        still missing, and only the co-op's representative (or a coordinator) pledges.
        Every door ends here: what is no finite amount (a text, NaN, a number beyond
        any budget) is refused before anything is read or locked.
        """
        if (
            isinstance(amount, bool)
            or not isinstance(amount, (int, float))
            or not math.isfinite(amount)
            or abs(amount) >= PLEDGE_LIMIT
        ):
            raise UserError(_("Type the pledge as a number, for example 1250.50."))
        for share in self:
            share._acts_on_behalf(reason)
            cofinancing = share.sudo().cofinancing_id
            value = cofinancing.currency_id.round(amount)
            if share._holds_commitment("pledge", value):
                continue  # sent again (a double click): recorded once, nothing locked
            cofinancing._lock()
            if cofinancing.currency_id.is_zero(value):
                share._withdraw(reason)
                continue
            if value < 0:
                raise UserError(_("A pledge cannot be negative."))
            cofinancing._check_open_for_commitments()
            missing = cofinancing._amount_missing(without=share)
            if cofinancing.currency_id.compare_amounts(value, missing) > 0:
                raise UserError(
                    _(
                        "%(coop)s cannot pledge %(amount)s to %(name)s: at most "
                        "%(missing)s is still missing."
                    )
                    % {
                        "coop": share.sudo().partner_id.name,
                        "amount": share._money(value),
                        "name": cofinancing.name,
                        "missing": share._money(missing),
                    }
                )
            if not share._holds_commitment("pledge", value):
                share._commit("pledge", value, reason)

    def action_accept(self, reason=None, expected=None):
        """Commit the co-op to the share the split offers it.

        `expected`: the offer the co-op saw; if another commitment changed it in the
        meantime, nothing is committed and the error says the new offer. Accepting
        twice commits once. A coordinator accepting on a co-op's behalf gives a reason,
        logged in the chatter.
        """
        for share in self:
            share._acts_on_behalf(reason, reason_needed=True)
            if share._holds_commitment("accepted"):
                continue  # accepted again (a double click): nothing locked, nothing written
            cofinancing = share.sudo().cofinancing_id
            cofinancing._lock()
            current = share.sudo()
            if current.commitment == "accepted":
                continue
            cofinancing._check_open_for_commitments()
            if current.commitment != "none":
                raise UserError(
                    _("%(coop)s has already committed %(amount)s to %(name)s.")
                    % {
                        "coop": current.partner_id.name,
                        "amount": share._money(current.pledge),
                        "name": cofinancing.name,
                    }
                )
            offered = current.amount_offered
            if cofinancing.currency_id.is_zero(offered):
                raise UserError(
                    _("The split of %(name)s offers %(coop)s no share to accept.")
                    % {"name": cofinancing.name, "coop": current.partner_id.name}
                )
            if expected is not None and cofinancing.currency_id.compare_amounts(
                offered, expected
            ):
                raise UserError(
                    _(
                        "The share offered to %(coop)s changed to %(amount)s in the "
                        "meantime: nothing was committed, check it and accept again."
                    )
                    % {"coop": current.partner_id.name, "amount": share._money(offered)}
                )
            share._commit("accepted", offered, reason)

    def action_withdraw(self, reason=None):
        """Withdraw the co-op's commitment; only before the first invoice."""
        for share in self:
            share._acts_on_behalf(reason)
            share.sudo().cofinancing_id._lock()
            share._withdraw(reason)

    def _holds_commitment(self, kind, amount=None):
        """True when the share already holds this commitment (and amount).

        Checked before `_lock`: the lock touches the co-financing so that every
        transaction waiting for it starts again, which 20 copies of one click would
        do one after the other. A repeat that changes nothing needs no lock.
        """
        current = self.sudo()
        return current.commitment == kind and (
            amount is None
            or not current.currency_id.compare_amounts(current.pledge, amount)
        )

    def _withdraw(self, reason):
        current = self.sudo()
        if current.commitment == "none":
            return
        cofinancing = current.cofinancing_id
        if cofinancing.state not in ("open", "funded"):
            cofinancing._check_open_for_commitments()
        if cofinancing.mapped("share_ids.invoice_link_ids"):
            raise UserError(
                _(
                    "%(coop)s cannot withdraw from %(name)s: invoices are issued, its "
                    "commitment is final."
                )
                % {"coop": current.partner_id.name, "name": cofinancing.name}
            )
        self._commit("none", 0.0, reason)

    def _commit(self, kind, amount, reason):
        """Record the commitment, say so in the chatter, update the funding."""
        current = self.sudo()
        old = current.pledge
        current._write_commitment(
            {"commitment": kind, "pledge": amount, "amount": amount}
        )
        self._log_commitment(kind, old, amount, reason)
        current.cofinancing_id._update_funding()

    def _money(self, value):
        return formatLang(self.env, value, currency_obj=self.sudo().currency_id)

    def _log_commitment(self, kind, old, new, reason):
        """An internal note: the coordinators see it, no e-mail goes out, and the
        author does not become a follower (the discussions name other co-ops)."""
        coop = html_escape(self.sudo().partner_id.name)
        if kind == "none":
            body = _("%(coop)s withdraws its commitment of %(old)s.")
        elif kind == "accepted":
            body = _("%(coop)s accepts its share: %(new)s.")
        else:
            body = _("%(coop)s pledges %(new)s (was %(old)s).")
        body %= {"coop": coop, "new": self._money(new), "old": self._money(old)}
        if self._acts_on_behalf(reason):
            body += " " + _("Recorded on its behalf by %(user)s: %(reason)s") % {
                "user": html_escape(self.env.user.name),
                "reason": html_escape(reason or _("no reason given")),
            }
        self.sudo().cofinancing_id.with_context(
            mail_create_nosubscribe=True
        ).message_post(
            body=body,
            author_id=self.env.user.partner_id.id,
            message_type="comment",
            subtype="mail.mt_note",
        )

    # --- invoices ------------------------------------------------------------------------
    def _milestone_amount(self, milestone):
        """The share's percentage; the last milestone takes what is left, to the cent.

        What is left counts each other milestone once (its first issue: a re-issued
        invoice repeats the cancelled one's amount).
        """
        currency = self.currency_id
        others = milestone.cofinancing_id.milestone_ids - milestone
        if all(others.mapped("invoiced")):
            first_issues = self.invoice_link_ids.filtered(
                lambda link: (
                    link.kind == "milestone"
                    and link.attempt == 0
                    and link.milestone_id != milestone
                )
            )
            return currency.round(self.amount - sum(first_issues.mapped("amount")))
        return currency.round(self.amount * milestone.percent / 100)

    def _invoice(self, amount, label, kind, milestone=None, attempt=0):
        """One invoice (or credit note for `refund`) to the co-op, linked back."""
        return self.env["komunigi.cofinancing.invoice"]._issue(
            self, amount, label, kind, milestone, attempt
        )

    def _invoice_milestone(self, milestone):
        """Invoice this co-funder for `milestone` unless a live invoice exists; a
        cancelled one is issued again, once (the link's uniqueness per attempt)."""
        links = self.invoice_link_ids.filtered(
            lambda link: link.kind == "milestone" and link.milestone_id == milestone
        ).sorted("attempt")
        if not links:
            amount = self._milestone_amount(milestone)
            return self._invoice(amount, milestone.name, "milestone", milestone)
        last = links[-1]
        if last.invoice_id.state != "cancel":
            return self.env["account.invoice"]
        return self._invoice(
            last.amount,
            _("%s (issued again)") % milestone.name,
            "milestone",
            milestone,
            attempt=last.attempt + 1,
        )

    def _join(self, price):
        """A late joiner: joining is its commitment to pay `price`, invoiced at once."""
        self._write_commitment(
            {"commitment": "joined", "pledge": price, "amount": price}
        )
        return self._invoice(price, _("joining after delivery"), "join")

    def _refund_after_join(self, refund, newcomer):
        """An earlier co-funder's part of what a late joiner pays comes back to it."""
        self._write_commitment({"amount": self.amount - refund})
        label = _("refund after %s joined") % newcomer.name
        return self._invoice(refund, label, "refund")
