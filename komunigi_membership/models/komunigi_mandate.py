# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from odoo.addons.base.ir.ir_model import MODULE_UNINSTALL_FLAG

from ..lib import core_group
from .shared_fields import coop_field

REMINDER_DAYS = 60


class KomunigiMandate(models.Model):
    """A seat in the core group ("noyau"), held by a person for an organisation."""

    _name = "komunigi.mandate"
    _description = "Core-group mandate"
    _inherit = ["mail.thread", "mail.activity.mixin"]
    _order = "date_start desc, id desc"

    partner_id = fields.Many2one(
        "res.partner",
        string="Person",
        required=True,
        domain=[("is_company", "=", False)],
        track_visibility="onchange",
    )
    organisation_id = coop_field(
        string="Organisation",
        help="The member co-op that elected the person, or the provider.",
    )
    role = fields.Selection(
        [("core_group", "Core group")], required=True, default="core_group"
    )
    is_provider = fields.Boolean(
        compute="_compute_is_provider", string="Provider member"
    )
    elected_on = fields.Date()
    date_start = fields.Date(
        string="Start", required=True, default=fields.Date.context_today
    )
    date_end = fields.Date(string="End", track_visibility="onchange")
    user_id = fields.Many2one(
        "res.users",
        string="Coordinator",
        default=lambda self: self.env.user,
        help="Reminded 60 days before the mandate ends.",
    )
    end_reminder_sent = fields.Boolean(readonly=True, copy=False)

    @api.depends("organisation_id")
    def _compute_is_provider(self):
        provider = self.env.user.company_id.komunigi_provider_id
        for mandate in self:
            mandate.is_provider = bool(provider) and mandate.organisation_id == provider

    def name_get(self):
        return [
            (m.id, "%s (%s)" % (m.partner_id.name, m.organisation_id.name))
            for m in self
        ]

    @api.constrains("date_start", "date_end", "organisation_id")
    def _check_length(self):
        for mandate in self:
            self._raise_translated(
                core_group.check_length,
                fields.Date.from_string(mandate.date_start),
                fields.Date.from_string(mandate.date_end) if mandate.date_end else None,
                core_group.PROVIDER if mandate.is_provider else core_group.COOP,
            )

    @api.model
    def _raise_translated(self, rule, *args):
        try:
            rule(*args)
        except core_group.CoreGroupError as error:
            raise ValidationError(_(error.msgid) % error.params) from error

    # The composition is checked on the whole group before and after each change.
    @api.model
    def _current_core_group(self, order=None):
        """The core-group mandates running today (as the caller's user)."""
        today = fields.Date.context_today(self)
        return self.search(
            [
                ("role", "=", "core_group"),
                ("date_start", "<=", today),
                "|",
                ("date_end", "=", False),
                ("date_end", ">=", today),
            ],
            order=order,
        )

    @api.model
    def _group_snapshot(self):
        return [
            core_group.Mandate(
                m.id,
                core_group.PROVIDER if m.is_provider else core_group.COOP,
                fields.Date.from_string(m.date_start),
                fields.Date.from_string(m.date_end) if m.date_end else None,
            )
            for m in self.search([("role", "=", "core_group")])
        ]

    @api.model
    def create(self, vals):
        before = self._group_snapshot()
        mandate = super().create(vals)
        self._raise_translated(core_group.check_change, before, self._group_snapshot())
        return mandate

    def write(self, vals):
        before = self._group_snapshot()
        result = super().write(vals)
        self._raise_translated(core_group.check_change, before, self._group_snapshot())
        return result

    def unlink(self):
        if self.env.context.get(MODULE_UNINSTALL_FLAG):  # the addon goes, rules too
            return super().unlink()
        before = self._group_snapshot()
        result = super().unlink()
        self._raise_translated(core_group.check_change, before, self._group_snapshot())
        return result

    @api.model
    def _cron_end_reminders(self):
        """Schedule a to-do for the coordinator 60 days before a mandate ends (once)."""
        today = fields.Date.from_string(fields.Date.context_today(self))
        mandates = self.search(
            [
                ("end_reminder_sent", "=", False),
                ("date_end", "!=", False),
                ("date_end", ">=", fields.Date.to_string(today)),
                (
                    "date_end",
                    "<=",
                    fields.Date.to_string(today + timedelta(days=REMINDER_DAYS)),
                ),
            ]
        )
        todo = self.env.ref("mail.mail_activity_data_todo")
        model = self.env["ir.model"]._get(self._name)
        for mandate in mandates:
            self.env["mail.activity"].create(
                {
                    "res_model_id": model.id,
                    "res_id": mandate.id,
                    "activity_type_id": todo.id,
                    "user_id": (mandate.user_id or self.env.user).id,
                    "date_deadline": mandate.date_end,
                    "summary": _(
                        "Core-group mandate of %s ends on %s: organise the election"
                    )
                    % (mandate.partner_id.name, mandate.date_end),
                }
            )
        mandates.write({"end_reminder_sent": True})
        return mandates
