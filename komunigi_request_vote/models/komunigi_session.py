# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
import logging

import psycopg2

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.base.ir.ir_model import MODULE_UNINSTALL_FLAG

_logger = logging.getLogger(__name__)

# Lock not available, serialization failure, deadlock: another transaction holds the
# session; the next cron run tries again.
CONCURRENCY_PGCODES = ("55P03", "40001", "40P01")


class KomunigiSession(models.Model):
    """The monthly meeting where the co-ops decide, one ballot per co-op and item."""

    _name = "komunigi.session"
    _description = "Decision session"
    _inherit = ["mail.thread", "komunigi.voting.period"]
    _order = "date desc, id desc"

    name = fields.Char(required=True)
    date = fields.Date(required=True, help="Date of the monthly meeting.")
    voting_opens = fields.Datetime(required=True)
    voting_closes = fields.Datetime(required=True)
    item_ids = fields.One2many("komunigi.session.item", "session_id", string="Agenda")
    # The same items, read-only, for the Results tab: a field shown twice in one form
    # keeps only the last of its two lists in Odoo's web client, and the agenda
    # could then not be edited.
    result_item_ids = fields.One2many(
        related="item_ids", string="Results", readonly=True
    )
    ballot_count = fields.Integer(compute="_compute_ballot_count")
    cron_error = fields.Text(
        string="Scheduled action failed",
        readonly=True,
        copy=False,
        help="Why the scheduled action could not open or close this session. It "
        "leaves the session alone from then on: fix the cause, then open or close "
        "it with the button.",
    )

    meeting_ids = fields.One2many(
        "calendar.event", "komunigi_session_id", string="Meetings", readonly=True
    )

    def _compute_ballot_count(self):
        for session in self:
            session.ballot_count = sum(session.item_ids.mapped("ballot_count"))

    @api.constrains("voting_opens", "voting_closes")
    def _check_window(self):
        for session in self:
            if session.voting_closes <= session.voting_opens:
                raise ValidationError(
                    _("%s: voting must close after it opens.") % session.name
                )

    @api.model
    def _eligible_coops(self):
        """Co-ops with an active membership whose tier has the voting right."""
        return (
            self.env["komunigi.membership"]
            .sudo()
            .search([("state", "=", "active"), ("tier_id.has_voting_right", "=", True)])
            .mapped("partner_id")
        )

    @api.model
    def create_putting_to_vote(self, values, request_ids, method):
        """A draft session (`values`: its name, date and voting window) whose agenda
        puts the requests of `request_ids` to a vote with `method`.

        The backend's "Put to a vote" (the kanban's wizard) creates sessions this
        way: it is refused before anything is created when a request could not be
        put to the vote at the opening (`_check_votable`), and the agenda's items
        keep their own rules (a ranking needs two requests or more).
        """
        self.check_access_rights("create")
        requests = self.env["komunigi.request"].browse(request_ids)
        requests._check_votable()
        agenda = self._agenda_putting_to_vote(requests, method)
        return self.create(dict(values, item_ids=[(0, 0, item) for item in agenda]))

    @api.model
    def _agenda_putting_to_vote(self, requests, method):
        """The items' values: a yes/no question on each request, oldest first, or
        one item that compares them all (approval, score, ranking)."""
        requests = requests.sorted("id")
        if method == "yes_no":
            return [
                {
                    "name": _("Develop %s?") % request.display_title,
                    "method": method,
                    "request_ids": [(6, 0, request.ids)],
                }
                for request in requests
            ]
        return [
            {
                "name": _("Which requests do we develop?"),
                "method": method,
                "request_ids": [(6, 0, requests.ids)],
            }
        ]

    def unlink(self):
        if self.env.context.get(MODULE_UNINSTALL_FLAG):  # the addon goes, its data too
            return super().unlink()
        self._refuse_in(
            ("open", "closed"), _("%s has opened: its ballots and results are kept.")
        )
        return super().unlink()

    def action_plan_meeting(self):
        """Plan the session's meeting and open it (see calendar.event)."""
        self.ensure_one()
        event = self.env["calendar.event"]._komunigi_plan_session_meeting(self)
        return event.get_formview_action()

    def action_open(self):
        """Open the draft sessions; an open one is left as it is (a second click
        does nothing), a closed one cannot open again."""
        self.check_access_rights("write")
        self._refuse_in(("closed",), _("%s is closed: it cannot open again."))
        drafts = self.filtered(lambda s: s.state == "draft")
        for session in drafts:
            if not session.item_ids:
                raise UserError(
                    _("%s: put at least one item on the agenda first.") % session.name
                )
            session.item_ids._check_candidates_ready()
        drafts.write({"state": "open", "cron_error": False})
        requests = drafts.mapped("item_ids.request_ids").filtered(
            lambda r: r.state == "estimated"
        )
        requests.action_put_in_vote()

    def action_close(self):
        """Count, store and apply the results of the open sessions, then e-mail them.

        Closing never fails on the ballots: those of co-ops that lost their voting
        right are kept and left out of the count, and the result says so. A closed
        session is left as it is (closing twice has its effect once).
        """
        self.check_access_rights("write")
        self._lock()
        self._refuse_in(
            ("draft",), _("%s has not opened: only an open session can be closed.")
        )
        sessions = self.filtered(lambda s: s.state == "open")
        if not sessions:
            return
        eligible = self._eligible_coops()
        for session in sessions:
            session.item_ids._store_results(eligible)
            session._apply_outcomes()
        sessions.write({"state": "closed", "cron_error": False})
        for session in sessions:
            self.env["komunigi.log.entry"]._draft_session_closed(session)
        sessions._notify_results()

    def _apply_outcomes(self):
        """Proposals take their item's outcome. A request in vote that an item of the
        session approves is approved; the others go back to estimated."""
        self.ensure_one()
        for item in self.item_ids.filtered("proposal_id"):
            item.proposal_id._record_outcome(item.outcome, self)
        approved = self.mapped("item_ids.approved_request_ids")
        in_vote = self.mapped("item_ids.request_ids").filtered(
            lambda r: r.state == "vote"
        )
        (in_vote & approved).action_approve()
        (in_vote - approved)._move_to("estimated")

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
        """Open and close sessions on time; a late run catches up, a second does nothing.

        Each session opens or closes in its own savepoint: one that fails is left
        as it was, its error recorded (field and chatter) and skipped by later runs,
        and the others go on.
        """
        now = fields.Datetime.now()
        healthy = [("cron_error", "=", False)]
        for session in self.search(
            [("state", "=", "draft"), ("voting_opens", "<=", now)] + healthy
        ):
            session._run_isolated("action_open")
        for session in self.search(
            [("state", "=", "open"), ("voting_closes", "<=", now)] + healthy
        ):
            session._run_isolated("action_close")

    def _run_isolated(self, method):
        """Run one session's `action_open` or `action_close` in a savepoint."""
        self.ensure_one()
        try:
            with self.env.cr.savepoint():
                getattr(self, method)()
        except psycopg2.OperationalError as error:
            if error.pgcode not in CONCURRENCY_PGCODES:
                raise
            self.env.clear()  # busy elsewhere: the next run tries again
        except Exception as error:  # pylint: disable=broad-except
            # Any failure stays with its session: the cron run goes on.
            self.env.clear()
            _logger.exception("Session %s: %s failed", self.id, method)
            if method == "action_open":
                message = _("The scheduled action could not open this session: %s")
            else:
                message = _("The scheduled action could not close this session: %s")
            message %= getattr(error, "name", None) or str(error)
            self.write({"cron_error": message})
            self.message_post(body=message)
