# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools import html_escape

from ..lib import reminders
from ..models.calendar_event import MEETING_KINDS


class KomunigiMeetingWizard(models.TransientModel):
    """Plan a meeting: of the co-ops' representatives or of the core group.

    A meeting of the co-ops invites one representative per active member co-op; a
    core-group meeting invites the core group (a decision session plans its own). Invitees without an e-mail address are reported on the
    meeting, the others are still invited.
    """

    _name = "komunigi.meeting.wizard"
    _description = "Plan a meeting"

    kind = fields.Selection(MEETING_KINDS, required=True, default="session")
    name = fields.Char(string="Meeting", required=True)
    start = fields.Datetime(required=True)
    duration = fields.Float(default=1.5, help="Hours.")
    location = fields.Char()
    description = fields.Text()
    partner_ids = fields.Many2many("res.partner", string="Invitees")
    missing_email_ids = fields.Many2many(
        "res.partner",
        "komunigi_meeting_wizard_missing_rel",
        string="Without e-mail",
        compute="_compute_missing_email_ids",
    )

    @api.depends("partner_ids")
    def _compute_missing_email_ids(self):
        for wizard in self:
            wizard.missing_email_ids = wizard.partner_ids.filtered(
                lambda p: not p.email
            )

    @api.model
    def default_get(self, fields_list):
        values = super().default_get(fields_list)
        kind = values.get("kind") or "session"
        values.setdefault("name", self._default_name(kind))
        if "partner_ids" in fields_list and not values.get("partner_ids"):
            values["partner_ids"] = [(6, 0, self._invitees(kind).ids)]
        return values

    @api.model
    def _default_name(self, kind):
        return dict(self._fields["kind"]._description_selection(self.env))[kind]

    @api.onchange("kind")
    def _onchange_kind(self):
        self.partner_ids = self._invitees(self.kind)

    @api.model
    def _invitees(self, kind):
        """One representative per active member co-op (one with an e-mail address when
        the co-op has one), or the current core group."""
        Audience = self.env["komunigi.audience"]
        if kind == "core_group":
            return Audience._people("core_group")
        return Audience._active_memberships()._representatives_to_invite()

    def _coops_without_representative(self):
        if self.kind != "session":
            return self.env["res.partner"]
        memberships = self.env["komunigi.audience"]._active_memberships()
        return memberships.filtered(lambda m: not m.representative_ids).mapped(
            "partner_id"
        )

    @api.multi
    def action_create_meeting(self):
        """Create the meeting and invite those with an address; nothing when refused."""
        self.ensure_one()
        if not self.env.user.has_group("komunigi_membership.group_coordinator"):
            raise AccessError(_("Only a coordinator plans the meetings."))
        start = fields.Datetime.from_string(self.start) if self.start else None
        try:
            reminders.check_meeting_start(
                start, fields.Datetime.from_string(fields.Datetime.now())
            )
        except reminders.ReminderError as error:
            raise UserError(_(error.msgid) % error.params) from error
        if self.duration <= 0:
            raise UserError(_("A meeting lasts some time: give a positive duration."))
        invited = self.partner_ids.filtered("email")
        if not invited:
            raise UserError(
                _("No invitee has an e-mail address: nobody can be invited.")
            )
        report = self.partner_ids._komunigi_invitation_report(
            self._coops_without_representative()
        )
        stop = start + timedelta(hours=self.duration)
        values = {
            "name": self.name,
            "komunigi_kind": self.kind,
            "start": fields.Datetime.to_string(start),
            "stop": fields.Datetime.to_string(stop),
            "duration": self.duration,
            "allday": False,
            "location": self.location,
            "description": self.description,
            "partner_ids": [(6, 0, invited.ids)],
            "komunigi_invitation_report": report or False,
        }
        event = self.env["calendar.event"].create(values)
        if report:
            event.message_post(body=html_escape(report).replace("\n", "<br/>"))
        return event.get_formview_action()
