# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, fields, models
from odoo.exceptions import UserError


class KomunigiRequest(models.Model):
    """A request as co-financing and funding rounds see it.

    Its life cycle continues here: a funded co-financing funds its request, a delivered
    request lets its co-financing finish, and a request on offer in an open funding round
    is held by that round.
    """

    _inherit = "komunigi.request"

    # --- co-financing ------------------------------------------------------------------
    cofinancing_ids = fields.One2many(
        "komunigi.cofinancing", "request_id", string="Co-financings", readonly=True
    )

    def action_approve(self):
        """Approved: co-financings whose commitments already cover it are funded."""
        result = super().action_approve()
        self.mapped("cofinancing_ids")._update_funding()
        return result

    def action_fund(self):
        """A request with a co-financing is funded by it, not by hand."""
        for request in self:
            cofinancings = request.cofinancing_ids.filtered(
                lambda c: c.state != "cancelled"
            )
            if cofinancings and "funded" not in cofinancings.mapped("state"):
                raise UserError(
                    _(
                        "%(request)s is funded by its co-financing %(name)s once the "
                        "co-ops' commitments cover it."
                    )
                    % {"request": request.name, "name": cofinancings[0].name}
                )
        return super().action_fund()

    def action_start_development(self):
        """A request with a co-financing is developed once its co-financing funds it."""
        for request in self:
            cofinancings = request.cofinancing_ids.filtered(
                lambda c: c.state != "cancelled"
            )
            if cofinancings and request.state != "funded":
                raise UserError(
                    _(
                        "%(request)s waits for its co-financing %(name)s to fund it "
                        "before its development starts."
                    )
                    % {"request": request.name, "name": cofinancings[0].name}
                )
        return super().action_start_development()

    def action_deliver(self):
        """Delivered: its co-financings finish once every milestone is invoiced."""
        result = super().action_deliver()
        self.mapped("cofinancing_ids")._check_done()
        return result
