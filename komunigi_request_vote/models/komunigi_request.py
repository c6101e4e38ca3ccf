# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError

from odoo.addons.komunigi_membership.models.shared_fields import (
    coop_field,
    life_cycle_state,
)
from odoo.addons.komunigi_membership.models.text_limits import (
    check_comment,
    check_text_limits,
)

STATES = [
    ("draft", "Draft"),
    ("submitted", "Submitted"),
    ("analysis", "In analysis"),
    ("estimated", "Estimated"),
    ("vote", "In vote"),
    ("approved", "Approved"),
    ("funded", "Funded"),
    ("development", "In development"),
    ("delivered", "Delivered"),
    ("rejected", "Rejected"),
    ("merged", "Merged"),
]
# The moves of a request that the project log reports (drafted once per request).
LOG_EVENTS = {"submitted": "request_submitted", "delivered": "request_delivered"}
# The life cycle: which state each workflow button leads from.
TRANSITIONS = {
    "submitted": ("draft",),
    "analysis": ("submitted",),
    "estimated": ("analysis", "vote", "approved"),
    "vote": ("estimated",),
    "approved": ("vote", "estimated"),
    "funded": ("approved",),
    "development": ("funded", "approved"),
    "delivered": ("development",),
    "rejected": ("draft", "submitted", "analysis", "estimated", "vote"),
    "merged": ("draft", "submitted", "analysis", "estimated"),
}
ESTIMATE_FIELDS = ("estimate_hours", "hourly_rate", "fixed_costs")
# What the workflow's buttons and the portal's routes write, never a user's write:
# an analyst, who may write requests, changes none of them.
DECISION_FIELDS = (
    "state",
    "partner_id",
    "interested_partner_ids",
    "merged_into_id",
    "rejection_reason",
)
# The longest title and description a request may have (the description is HTML: the
# portal's 20,000 typed characters grow when their lines become paragraphs).
TEXT_LIMITS = {"title": 200, "description": 60000}


class KomunigiRequest(models.Model):
    """A feature request of a member co-op, from submission to delivery."""

    _name = "komunigi.request"
    _description = "Feature request"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "portal.mixin",
        "komunigi.company.owned",
    ]
    _order = "id desc"
    _rec_name = "display_title"

    name = fields.Char(
        string="Reference", required=True, copy=False, readonly=True, default="/"
    )
    title = fields.Char(required=True, track_visibility="onchange")
    display_title = fields.Char(compute="_compute_display_title", store=True)
    description = fields.Html(sanitize=True)
    partner_id = coop_field(string="Requesting co-op", index=True)
    representative_id = fields.Many2one(
        "res.partner",
        string="Requesting representative",
        domain="[('parent_id', '=', partner_id)]",
    )
    category_id = fields.Many2one("komunigi.request.category")
    state = life_cycle_state(STATES, index=True, group_expand="_expand_states")
    rejection_reason = fields.Text(readonly=True, copy=False)
    merged_into_id = fields.Many2one(
        "komunigi.request", string="Merged into", readonly=True, copy=False
    )
    interested_partner_ids = fields.Many2many(
        "res.partner",
        "komunigi_request_interest_rel",
        "request_id",
        "partner_id",
        string="Interested co-ops",
        help='Co-ops that said "we need this too".',
    )
    interest_count = fields.Integer(
        string="Interested co-ops", compute="_compute_interest_count", store=True
    )
    specification = fields.Html()
    estimate_hours = fields.Float(track_visibility="onchange")
    hourly_rate = fields.Monetary(
        default=lambda self: self.env.user.company_id.komunigi_hourly_rate,
        track_visibility="onchange",
    )
    fixed_costs = fields.Monetary(track_visibility="onchange")
    estimate_total = fields.Monetary(
        compute="_compute_estimate_total", store=True, string="Estimate"
    )

    portal_submission_token = fields.Char(
        copy=False,
        readonly=True,
        groups="base.group_system",
        help="The one-time token of the portal form that created the request: a form "
        "sent twice creates one request.",
    )

    _sql_constraints = [
        ("name_unique", "unique(name, company_id)", "The reference must be unique."),
        (
            "portal_submission_token_unique",
            "unique(portal_submission_token)",
            "This form was already sent.",
        ),
    ]

    @api.depends("name", "title")
    def _compute_display_title(self):
        for request in self:
            request.display_title = "[%s] %s" % (request.name, request.title or "")

    @api.depends("interested_partner_ids")
    def _compute_interest_count(self):
        for request in self:
            request.interest_count = len(request.interested_partner_ids)

    @api.depends("estimate_hours", "hourly_rate", "fixed_costs")
    def _compute_estimate_total(self):
        for request in self:
            request.estimate_total = request.currency_id.round(
                request.estimate_hours * request.hourly_rate + request.fixed_costs
            )

    def _compute_portal_url(self):
        for request in self:
            request.portal_url = "/my/requests/%d" % request.id

    @api.model
    def _expand_states(self, states, domain, order):
        return [key for key, _label in STATES if key not in ("rejected", "merged")]

    @api.constrains("title")
    def _check_title(self):
        if any(not (request.title or "").strip() for request in self):
            raise ValidationError(_("A request needs a title."))

    @api.constrains(*ESTIMATE_FIELDS)
    def _check_estimate(self):
        for request in self:
            if (
                min(request.estimate_hours, request.hourly_rate, request.fixed_costs)
                < 0
            ):
                raise ValidationError(
                    _("The estimate of %s cannot be negative.") % request.name
                )

    @api.model
    def create(self, vals):
        check_text_limits(self, vals, TEXT_LIMITS)
        if vals.get("name", "/") == "/":
            vals["name"] = (
                self.env["ir.sequence"].next_by_code("komunigi.request") or "/"
            )
        request = super().create(vals)
        request._follow_coops(request.partner_id | request.interested_partner_ids)
        return request

    def message_post(self, *args, **kwargs):
        """A representative's comment (the portal's discussion) has a maximum length:
        checked here, whatever route or RPC call posts it."""
        if kwargs.get("message_type") == "comment" and self.env.user.share:
            check_comment(kwargs.get("body", args[0] if args else ""))
        return super().message_post(*args, **kwargs)

    def write(self, vals):
        check_text_limits(self, vals, TEXT_LIMITS)
        if any(field in vals for field in DECISION_FIELDS):
            self._check_decider()
        changes_estimate = any(field in vals for field in ESTIMATE_FIELDS)
        reopen = self.filtered(lambda r: changes_estimate and r.state == "approved")
        result = super().write(vals)
        for request in reopen:
            request._move_to("estimated")
            request.message_post(
                body=_(
                    "The estimate changed after the vote: the decision is open again."
                )
            )
        return result

    # --- followers and interest -------------------------------------------------------------
    def _follow_coops(self, coops):
        """The co-ops and their representatives follow the request (e-mails, portal)."""
        partners = coops
        for coop in coops:
            membership = coop._komunigi_active_membership()
            partners |= membership.representative_ids
        self.message_subscribe(partner_ids=partners.ids)

    @api.model
    def _check_member_coop(self, coop, message):
        """A UserError saying `message` unless `coop` is a member co-op today: only
        members ask for developments and say which ones they need, whatever the door
        (the portal, the backend, RPC)."""
        if not (coop and coop.sudo()._komunigi_active_membership()):
            raise UserError(message)

    def _check_interest_of(self, coop):
        self._check_member_coop(
            coop, _("Only the representatives of a member co-op can do this.")
        )

    def action_add_interest(self, coop):
        """ "We need this too": `coop` is counted once, and follows the request."""
        self.ensure_one()
        coop = coop.commercial_partner_id
        self._check_interest_of(coop)
        if self.state in ("rejected", "merged", "delivered"):
            raise UserError(_("This request is closed."))
        if coop == self.partner_id:
            raise UserError(_("The requesting co-op already needs this request."))
        if coop in self.interested_partner_ids:
            return  # said again (a double click): nothing to write, nothing to race
        self.interested_partner_ids = [(4, coop.id)]
        self._follow_coops(coop)

    def action_remove_interest(self, coop):
        self.ensure_one()
        self._check_interest_of(coop.commercial_partner_id)
        self.interested_partner_ids = [(3, coop.commercial_partner_id.id)]

    # --- workflow -------------------------------------------------------------------------------
    def _check_free_for_decision(self):
        """Contract: raise a UserError for the requests another decision holds.

        A session item calls it before it takes a request; so does a funding round when it
        opens its offer. Addons higher up the stack extend it: `komunigi_cofinancing` refuses
        the requests on offer in an open funding round.
        """
        return True

    def _check_votable(self):
        """A UserError unless each request can be put to a vote: estimated (or in
        vote already) and held by no other decision. An agenda item checks it
        when its session opens, the session made from the kanban before it is
        created."""
        self._check_free_for_decision()
        for request in self:
            if request.state not in ("estimated", "vote"):
                raise UserError(
                    _("%s is not estimated: it cannot be put to the vote.")
                    % request.display_title
                )

    def _state_label(self, state):
        return dict(self._fields["state"]._description_selection(self.env))[state]

    def _check_transition(self, state, sources):
        """A UserError naming the request and both states unless it is in `sources`."""
        for request in self:
            if request.state not in sources:
                raise UserError(
                    _("%s cannot go from %s to %s.")
                    % (
                        request.name,
                        self._state_label(request.state),
                        self._state_label(state),
                    )
                )

    def _write_state(self, state):
        result = super(KomunigiRequest, self).write({"state": state})
        self._notify_state_change()
        event = LOG_EVENTS.get(state)
        for request in self if event else ():
            self.env["komunigi.log.entry"]._draft_request_event(request, event)
        return result

    def _move_to(self, state):
        self._check_transition(state, TRANSITIONS[state])
        return self._write_state(state)

    def _notify_state_change(self):
        """E-mail the followers: the tracking note of the state is internal, unsent."""
        template = self.env.ref(
            "komunigi_request_vote.mail_template_request_state",
            raise_if_not_found=False,
        )
        if not template:  # removed by an administrator: moves go on without e-mails
            return
        for request in self:
            request.message_post_with_template(template.id, composition_mode="comment")

    @api.model
    def _check_submitter_coop(self, coop):
        self._check_member_coop(
            coop, _("Only the representatives of a member co-op can submit requests.")
        )

    def _check_submitter(self):
        """A request is asked by a member co-op. A coordinator also submits for the
        network (the projects imported into a funding round) and for a co-op about
        to join; the portal's form asks `_check_submitter_coop` before it creates."""
        if self.env.user.has_group("komunigi_membership.group_coordinator"):
            return
        for request in self:
            self._check_submitter_coop(request.partner_id)

    def action_submit(self):
        self._check_submitter()
        self._move_to("submitted")

    def action_start_analysis(self):
        self._move_to("analysis")

    def action_estimate(self):
        for request in self:
            if request.currency_id.is_zero(request.estimate_total):
                raise UserError(_("Fill in the estimate of %s first.") % request.name)
        self._move_to("estimated")

    def _check_decider(self):
        """Putting to the vote, approving, funding, rejecting and merging decide for
        the network: a coordinator's act (or a session's, a round's run for them).
        An analyst writes requests (analysis, estimate) but decides nothing, whatever
        RPC lets a user with write access call."""
        if not self.env.user.has_group("komunigi_membership.group_coordinator"):
            raise AccessError(_("Only a coordinator decides on requests."))

    def action_put_in_vote(self):
        self._check_decider()
        self._move_to("vote")

    def action_approve(self):
        self._check_decider()
        self._move_to("approved")

    def action_fund(self):
        self._check_decider()
        self._move_to("funded")

    def _release_funding(self):
        """Funded -> approved: its co-financing lost a commitment before any invoice,
        or was cancelled (owner: ``komunigi_cofinancing``)."""
        self._check_transition("approved", ("funded",))
        return self._write_state("approved")

    def action_start_development(self):
        self._move_to("development")

    def action_deliver(self):
        self._move_to("delivered")

    def action_reject(self, reason):
        self._check_decider()
        if not (reason or "").strip():
            raise UserError(_("Say why the request is rejected."))
        self._move_to("rejected")
        self.write({"rejection_reason": reason})

    def action_merge_into(self, target):
        """Move supporters and followers to `target`, each co-op counted once."""
        self._check_decider()
        self.ensure_one()
        if target == self:
            raise UserError(_("A request cannot be merged into itself."))
        if target.state in ("merged", "rejected"):
            raise UserError(
                _("%s is merged or rejected: merge into an open request.") % target.name
            )
        self._move_to("merged")
        coops = (self.partner_id | self.interested_partner_ids) - target.partner_id
        target.interested_partner_ids = [(4, coop.id) for coop in coops]
        target.message_subscribe(partner_ids=self.message_partner_ids.ids)
        self.merged_into_id = target
        self.message_post(body=_("Merged into %s.") % target.display_title)
        target.message_post(
            body=_("%s was merged into this request.") % self.display_title
        )
