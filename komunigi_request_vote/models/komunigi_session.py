# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError


class KomunigiSession(models.Model):
    """The monthly meeting where the co-ops decide, one ballot per co-op and item."""

    _name = "komunigi.session"
    _description = "Decision session"
    _inherit = ["mail.thread"]
    _order = "date desc, id desc"

    name = fields.Char(required=True)
    date = fields.Date(required=True, help="Date of the monthly meeting.")
    voting_opens = fields.Datetime(required=True)
    voting_closes = fields.Datetime(required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("open", "Open"), ("closed", "Closed")],
        default="draft",
        required=True,
        readonly=True,
        copy=False,
        track_visibility="onchange",
    )
    item_ids = fields.One2many("komunigi.session.item", "session_id", string="Agenda")
    ballot_count = fields.Integer(compute="_compute_ballot_count")

    def _compute_ballot_count(self):
        for session in self:
            session.ballot_count = sum(session.item_ids.mapped("ballot_count"))

    @api.constrains("voting_opens", "voting_closes")
    def _check_window(self):
        for session in self:
            if session.voting_closes <= session.voting_opens:
                raise ValidationError(_("Voting must close after it opens."))

    @api.model
    def _eligible_coops(self):
        """Co-ops with an active membership whose tier has the voting right."""
        return (
            self.env["komunigi.membership"]
            .sudo()
            .search([("state", "=", "active"), ("tier_id.has_voting_right", "=", True)])
            .mapped("partner_id")
        )

    def action_open(self):
        for session in self:
            if session.state != "draft":
                raise UserError(_("Only a draft session can be opened."))
            if not session.item_ids:
                raise UserError(_("Put at least one item on the agenda first."))
            session.item_ids._check_candidates_ready()
        self.write({"state": "open"})
        requests = self.mapped("item_ids.request_ids").filtered(
            lambda r: r.state == "estimated"
        )
        requests.action_put_in_vote()

    def action_close(self):
        if self.filtered(lambda s: s.state != "open"):
            raise UserError(_("Only an open session can be closed."))
        eligible = len(self._eligible_coops())
        for session in self:
            session.item_ids._store_results(eligible)
        self.write({"state": "closed"})
        self._notify_results()

    def _notify_results(self):
        """Post the results with a translatable template and e-mail them to the
        representatives of the co-ops that had the right to vote (made followers)."""
        template = self.env.ref(
            "komunigi_request_vote.mail_template_session_results",
            raise_if_not_found=False,
        )
        if not template:  # removed by an administrator: closing goes on without e-mails
            return
        coops = self._eligible_coops()
        representatives = (
            coops.mapped("komunigi_membership_ids")
            .filtered(lambda m: m.state == "active")
            .mapped("representative_ids")
        )
        for session in self:
            session.message_subscribe(partner_ids=representatives.ids)
            session.message_post_with_template(template.id, composition_mode="comment")

    @api.model
    def _cron_open_close(self):
        """Open and close sessions on time; a late run catches up, a second does nothing."""
        now = fields.Datetime.now()
        self.search(
            [("state", "=", "draft"), ("voting_opens", "<=", now)]
        ).action_open()
        self.search(
            [("state", "=", "open"), ("voting_closes", "<=", now)]
        ).action_close()
