# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError

from odoo.addons.komunigi_request_vote.models.komunigi_request import ESTIMATE_FIELDS


class KomunigiRequest(models.Model):
    """A request as co-financing and funding rounds see it.

    Its life cycle continues here: a funded co-financing funds its request, a delivered
    request lets its co-financing finish, and a request on offer in an open funding round
    is held by that round.
    """

    _inherit = "komunigi.request"

    # --- held by an open funding round (komunigi.funding.round) -------------------------
    def _check_held_by_round(self, consequence):
        """Raise a UserError if an open funding round offers one of these requests.

        The round froze its offer when it opened: its co-ops approve what it offered,
        at the cost it offered, until it closes. `consequence` says what is refused.
        """
        line = (
            self.env["komunigi.funding.round.line"]
            .sudo()
            .search(
                [("request_id", "in", self.ids), ("round_id.state", "=", "open")],
                limit=1,
            )
        )
        if line:
            raise UserError(
                _(
                    "%(request)s is on offer in the open funding round %(round)s: %(rule)s"
                )
                % {
                    "request": line.request_id.display_title,
                    "round": line.round_id.name,
                    "rule": consequence,
                }
            )

    def _check_free_for_decision(self):
        """A request on offer in an open funding round enters no session or round."""
        self._check_held_by_round(
            _("it enters no other session or round before the round closes.")
        )
        return super()._check_free_for_decision()

    def _move_to(self, state):
        """A request on offer in an open funding round keeps its state until the
        round decides (the round closes first, then approves what it selected)."""
        self._check_held_by_round(_("it keeps its state until the round closes."))
        return super()._move_to(state)

    def write(self, vals):
        """The estimate of a request on offer in an open funding round is frozen."""
        if any(field in vals for field in ESTIMATE_FIELDS):
            self._check_held_by_round(
                _("its estimate is frozen until the round closes.")
            )
        return super().write(vals)

    # --- co-financing ------------------------------------------------------------------
    cofinancing_ids = fields.One2many(
        "komunigi.cofinancing", "request_id", string="Co-financings", readonly=True
    )

    def action_approve(self):
        """Approved: co-financings whose commitments already cover it are funded."""
        result = super().action_approve()
        self.mapped("cofinancing_ids")._update_funding()
        return result

    def _check_cofinancing_allows(self, allowed, message):
        """Refuse a step of a request's life cycle that its co-financing decides.

        A request with a co-financing (a cancelled one no longer counts) takes the
        step when `allowed(request, cofinancings)`; else `message`, with the
        placeholders `request` and `name` (of the co-financing), says why not.
        """
        for request in self:
            cofinancings = request.cofinancing_ids.filtered(
                lambda c: c.state != "cancelled"
            )
            if cofinancings and not allowed(request, cofinancings):
                raise UserError(
                    message % {"request": request.name, "name": cofinancings[0].name}
                )

    def action_fund(self):
        """A request with a co-financing is funded by it, not by hand."""
        self._check_cofinancing_allows(
            lambda request, cofinancings: "funded" in cofinancings.mapped("state"),
            _(
                "%(request)s is funded by its co-financing %(name)s once the co-ops' "
                "commitments cover it."
            ),
        )
        return super().action_fund()

    def action_start_development(self):
        """A request with a co-financing is developed once its co-financing funds it."""
        self._check_cofinancing_allows(
            lambda request, cofinancings: request.state == "funded",
            _(
                "%(request)s waits for its co-financing %(name)s to fund it before "
                "its development starts."
            ),
        )
        return super().action_start_development()

    def action_deliver(self):
        """Delivered: its co-financings finish once every milestone is invoiced."""
        result = super().action_deliver()
        self.mapped("cofinancing_ids")._check_done()
        return result
