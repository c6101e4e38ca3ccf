# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Who may read and who may write each komunigi model and each komunigi route.

One row per model (the `komunigi.*` models of the four addons, and the standard
models the suite shows to representatives) and one row per `/my/...` and
`/komunigi/...` route. `test_isolation_matrix.py` goes through the whole table
against the running server, and fails when a model or a route has no row here.

Roles: OWN is the representative of the co-op that owns the record (co-op B),
OTHER the representative of another co-op (co-op A), PUBLIC a visitor without
login, ANALYST a user of *Komunigi / Analyst*, COORDINATOR a *Komunigi /
Coordinator*. `foreign` is the domain of co-op B's records that co-op A may not
read (COOP_A, COOP_B: the two co-ops' partner ids); an empty domain means the
model is shared by the whole network: any record is tried. Backend reads and
writes (RPC) never include PUBLIC: a visitor has no login to call them with;
public pages read with sudo, see ROUTES.
"""

from collections import namedtuple

OWN, OTHER, PUBLIC, ANALYST, COORDINATOR = (
    "own_rep",
    "other_rep",
    "public",
    "analyst",
    "coordinator",
)
REPS = frozenset({OWN, OTHER})
BACKEND = frozenset({ANALYST, COORDINATOR})
STAFF = frozenset({COORDINATOR})
# A wizard's record is its user's own (Odoo's rule of transient models): anyone may
# open one, on any record; its buttons check who acts. The tried wizards are opened
# by the tried role on co-op B's records (isolation_data).
WIZARD_USERS = frozenset({OWN, OTHER, ANALYST, COORDINATOR})

# methods: {name: (positional arguments, roles that may call it)}; the records
# tried are co-op B's. MODEL_LEVEL methods take no ids. NOT_RPC methods take records
# as arguments before any check (a ballot's item and co-op, the interested co-op):
# RPC can only pass ids, which they cannot use, so they are no RPC entry point; the
# portal routes that call them are tried instead (ROUTES: the votes, the interest).
MODEL_LEVEL = frozenset({"cast", "create_putting_to_vote", "action_open_dashboard"})
NOT_RPC = frozenset({"cast", "action_add_interest", "action_remove_interest"})
Model = namedtuple("Model", "foreign read write methods")
# Co-op B's records of a shared record type, except those co-op A takes part in.
Apart = namedtuple("Apart", "path")

COOP_A, COOP_B = "COOP_A", "COOP_B"
OWNED = [("partner_id", "=", COOP_B)]
MEMBERSHIP_OWNED = [("membership_id.partner_id", "=", COOP_B)]
NOT_A_PARTICIPANT = Apart("share_ids.partner_id")


def coordinator_only(*names, args=()):
    return {name: (list(args), STAFF) for name in names}


MODELS = {
    # --- komunigi_membership ---------------------------------------------------------
    "komunigi.membership": Model(
        OWNED,
        {OWN} | BACKEND,
        STAFF,
        coordinator_only(
            "action_activate",
            "action_suspend",
            "action_end",
            "action_grant_portal_access",
            "action_invoice_due_periods",
        ),
    ),
    "komunigi.membership.dues": Model(OWNED, {OWN} | BACKEND, STAFF, {}),
    "komunigi.membership.dues.credit": Model(OWNED, BACKEND, frozenset(), {}),
    "komunigi.membership.change": Model(MEMBERSHIP_OWNED, BACKEND, frozenset(), {}),
    "komunigi.membership.suspension": Model(MEMBERSHIP_OWNED, BACKEND, frozenset(), {}),
    "komunigi.membership.tier": Model(
        [], REPS | BACKEND, STAFF, coordinator_only("toggle_active")
    ),
    # The core group's mandates are shown to every representative.
    "komunigi.mandate": Model([], REPS | BACKEND, STAFF, {}),
    "komunigi.coordination.budget": Model([], BACKEND, frozenset(), {}),
    # The reminders of unpaid dues: written by the scheduled action only.
    "komunigi.dues.reminder": Model(
        [("invoice_id.commercial_partner_id", "=", COOP_B)], BACKEND, frozenset(), {}
    ),
    "komunigi.membership.change.wizard": Model(
        [], WIZARD_USERS, WIZARD_USERS, coordinator_only("action_apply")
    ),
    # The overview's figures: the coordination's. A representative creates no
    # record of it (its figures of their own co-op are the portal's, with sudo).
    "komunigi.dashboard": Model(
        [],
        BACKEND,
        BACKEND,
        {
            name: ([], BACKEND)
            for name in (
                "action_open_dashboard",
                "action_open_dues_invoices",
                "action_open_unpaid_dues",
                "action_open_requests",
                "action_open_cofinancings",
                "action_open_cofinancing_invoices",
            )
        },
    ),
    # Work run in the background (a dues run for many co-ops): the coordinators'.
    "komunigi.job": Model([], STAFF, STAFF, coordinator_only("action_open_result")),
    # Dues and co-financing invoices: Odoo's portal rule shows a co-op its own;
    # the accountants (Odoo's groups, not Komunigi's) issue and cancel them.
    "account.invoice": Model(
        [("partner_id", "=", COOP_B)],
        {OWN},
        frozenset(),
        {
            "action_invoice_open": ([], frozenset()),
            "action_invoice_cancel": ([], frozenset()),
        },
    ),
    # --- komunigi_request_vote -------------------------------------------------------
    # Submitted requests are shared by the network; a draft is its co-op's own.
    # Analysts analyse and estimate: they write requests, coordinators decide.
    "komunigi.request": Model(
        [("partner_id", "=", COOP_B), ("state", "=", "draft")],
        {OWN} | BACKEND,
        BACKEND,
        dict(
            {
                name: ([], BACKEND)
                for name in (
                    "action_submit",
                    "action_start_analysis",
                    "action_estimate",
                    "action_start_development",
                    "action_deliver",
                )
            },
            **coordinator_only("action_approve", "action_fund", "action_put_in_vote"),
            **coordinator_only("action_reject", args=["isolation probe"]),
            **coordinator_only(
                "action_merge_into",
                "action_add_interest",
                "action_remove_interest",
                args=[COOP_A],
            ),
        ),
    ),
    "komunigi.request.category": Model([], REPS | BACKEND, STAFF, {}),
    "komunigi.request.close.wizard": Model(
        [], WIZARD_USERS, WIZARD_USERS, coordinator_only("action_apply")
    ),
    "komunigi.proposal": Model([], REPS | BACKEND, STAFF, {}),
    # Draft sessions (and their agenda) are the coordinators' until opened.
    "komunigi.session": Model(
        [("state", "=", "draft")],
        BACKEND,
        STAFF,
        dict(
            coordinator_only("action_open", "action_close", "action_plan_meeting"),
            **coordinator_only(
                "create_putting_to_vote",
                args=[{"name": "isolation probe"}, [1], "yes_no"],
            ),
        ),
    ),
    "komunigi.session.wizard": Model(
        [], WIZARD_USERS, WIZARD_USERS, coordinator_only("action_create_session")
    ),
    "komunigi.session.item": Model(
        [("session_id.state", "=", "draft")], BACKEND, STAFF, {}
    ),
    "komunigi.ballot": Model(
        OWNED, {OWN} | BACKEND, STAFF, coordinator_only("cast", args=[1, COOP_B, "yes"])
    ),
    # --- komunigi_cofinancing --------------------------------------------------------
    "komunigi.cofinancing": Model(
        NOT_A_PARTICIPANT,
        {OWN} | BACKEND,
        STAFF,
        dict(
            coordinator_only(
                "action_check_funding", "action_cancel", "action_compute_split"
            ),
            **coordinator_only("action_invoice_milestone", args=[1]),
            **coordinator_only("action_add_late_joiner", args=[COOP_A]),
        ),
    ),
    "komunigi.cofinancing.share": Model(
        OWNED,
        {OWN} | BACKEND,
        STAFF,
        {
            "action_pledge": ([1.0], {OWN} | STAFF),
            "action_accept": (["isolation probe"], {OWN} | STAFF),
            "action_withdraw": (["isolation probe"], {OWN} | STAFF),
        },
    ),
    "komunigi.cofinancing.milestone": Model(
        Apart("cofinancing_id.share_ids.partner_id"),
        {OWN} | BACKEND,
        STAFF,
        coordinator_only("action_invoice"),
    ),
    "komunigi.cofinancing.invoice": Model(
        [("share_id.partner_id", "=", COOP_B)], BACKEND, STAFF, {}
    ),
    "komunigi.cofinancing.commit.wizard": Model(
        [], WIZARD_USERS, WIZARD_USERS, coordinator_only("action_apply")
    ),
    "komunigi.cofinancing.join.wizard": Model(
        [], WIZARD_USERS, WIZARD_USERS, coordinator_only("action_apply")
    ),
    "komunigi.funding.round": Model(
        Apart("participant_ids.partner_id"),
        {OWN} | BACKEND,
        STAFF,
        coordinator_only("action_open", "action_close"),
    ),
    "komunigi.funding.round.participant": Model(OWNED, {OWN} | BACKEND, STAFF, {}),
    "komunigi.funding.round.ballot": Model(
        OWNED, {OWN} | BACKEND, STAFF, coordinator_only("cast", args=[1, COOP_B, [1]])
    ),
    "komunigi.funding.round.line": Model([], BACKEND, STAFF, {}),
    # Exporting a round reads it: an analyst's too. Importing writes a round.
    "komunigi.funding.round.pabulib": Model(
        [],
        WIZARD_USERS,
        WIZARD_USERS,
        {"action_export": ([], BACKEND), "action_import": ([], STAFF)},
    ),
    # --- komunigi_membership: the project log ----------------------------------------
    # Unpublished entries are the coordination's; the published ones are public.
    "komunigi.log.entry": Model(
        [("is_published", "=", False)],
        BACKEND,
        STAFF,
        coordinator_only(
            "action_keep", "action_drop", "action_publish", "action_unpublish"
        ),
    ),
    "komunigi.log.tag": Model([], REPS | BACKEND, STAFF, {}),
    # --- komunigi_newsletter ---------------------------------------------------------
    "komunigi.meeting.reminder": Model([], BACKEND, STAFF, {}),
    "komunigi.meeting.wizard": Model(
        [], WIZARD_USERS, WIZARD_USERS, coordinator_only("action_create_meeting")
    ),
    "komunigi.newsletter.wizard": Model(
        [], WIZARD_USERS, WIZARD_USERS, coordinator_only("action_prepare")
    ),
}

# Fields a role that writes the model may still not write (the workflow does).
GUARDED_WRITES = {
    "komunigi.request": (
        {"state": "approved"},
        {"partner_id": COOP_A},
        {"interested_partner_ids": [(4, COOP_A)]},
        {"rejection_reason": "isolation probe"},
    ),
}

# Models without records (AbstractModel): their public methods are RPC entry points.
SERVICES = {
    "komunigi.audience": {},
    "komunigi.newsletter.digest": {},
    # Mixins (issue 11): they give fields and private helpers, no RPC entry point.
    "komunigi.audience.source": {},
    "komunigi.choice": {},
    "komunigi.company.owned": {},
    "komunigi.coop.line": {},
    "komunigi.funding.round.part": {},
    "komunigi.lockable": {},
    "komunigi.membership.record": {},
    "komunigi.public.page": {},
    "komunigi.voting.period": {},
}

# Routes: the model of the record the path names (None: no record), the record of
# co-op B tried (a key of FOREIGN_TARGETS), who may GET it and who may POST to it.
# A refused GET or POST answers 403, 404, or (PUBLIC on a /my page) the login page;
# an allowed GET answers 200. Allowed POSTs are not sent: they change data on purpose.
# The /my pages are the representatives' portal: an analyst (an internal user
# without invoice rights) gets Odoo's 403 from the portal layout itself, which Odoo
# logs with a traceback, so the analyst is not sent there; backend users are tried
# over RPC and on the public /komunigi pages.
Route = namedtuple("Route", "target read write")
READ_ONLY = None  # a page: a POST reads it again, allowed to whoever may read it
EVERYONE = frozenset({OWN, OTHER, PUBLIC, ANALYST, COORDINATOR})
LOGGED_IN = EVERYONE - {PUBLIC}

ROUTES = {
    "/my/komunigi": Route(None, REPS, READ_ONLY),
    # The yearly statement (PDF) of the user's own co-op, whichever year is asked.
    "/my/komunigi/statement": Route(None, REPS, READ_ONLY),
    # Odoo's account page (the suite checks its form): a representative's own details.
    "/my/account": Route(None, REPS, REPS),
    # Each logged-in user's own subscription (a user without co-op is refused).
    "/my/komunigi/newsletter": Route(None, frozenset(), LOGGED_IN),
    "/my/requests": Route(None, REPS, READ_ONLY),
    "/my/requests/page/<int:page>": Route(None, REPS, READ_ONLY),
    "/my/requests/new": Route(None, REPS, REPS),
    "/my/requests/<int:request_id>": Route("draft_request", {OWN}, READ_ONLY),
    "/my/requests/<int:request_id>/interest": Route(
        "draft_request", frozenset(), {OWN}
    ),
    "/my/sessions": Route(None, REPS, READ_ONLY),
    "/my/sessions/<int:session_id>/vote": Route(
        "draft_session", frozenset(), frozenset({COORDINATOR})
    ),
    "/my/cofinancings": Route(None, REPS, READ_ONLY),
    "/my/cofinancings/page/<int:page>": Route(None, REPS, READ_ONLY),
    "/my/cofinancings/<int:cofinancing_id>": Route("cofinancing", {OWN}, READ_ONLY),
    "/my/cofinancings/<int:cofinancing_id>/agreement": Route(
        "cofinancing", {OWN}, READ_ONLY
    ),
    "/my/cofinancings/<int:cofinancing_id>/pledge": Route(
        "cofinancing", frozenset(), {OWN}
    ),
    "/my/cofinancings/<int:cofinancing_id>/accept": Route(
        "cofinancing", frozenset(), {OWN}
    ),
    "/my/rounds": Route(None, REPS, READ_ONLY),
    "/my/rounds/<int:round_id>/vote": Route("funding_round", frozenset(), {OWN}),
    # The result (PDF) of a closed round; the tried round of co-op B is open.
    "/my/rounds/<int:round_id>/result": Route("funding_round", {OWN}, READ_ONLY),
    "/komunigi/roadmap": Route(None, EVERYONE, READ_ONLY),
    "/komunigi/newsletter": Route(None, EVERYONE, READ_ONLY),
    "/komunigi/log": Route(None, EVERYONE, READ_ONLY),
    "/komunigi/log/page/<int:page>": Route(None, EVERYONE, READ_ONLY),
    # Public pages show published records only, to everyone (the backend the rest).
    "/komunigi/log/<int:entry_id>": Route("log_entry", frozenset(), READ_ONLY),
    "/komunigi/log/<int:entry_id>/minutes": Route("log_entry", frozenset(), READ_ONLY),
    # A user who may read the draft in the backend is sent there.
    "/komunigi/requests/<int:request_id>": Route(
        "draft_request", {OWN} | BACKEND, READ_ONLY
    ),
    "/komunigi/sessions/<int:session_id>": Route(
        "draft_session", frozenset(), READ_ONLY
    ),
    # Open and later co-financings are published; a cancelled one is not.
    "/komunigi/cofinancings/<int:cofinancing_id>": Route(
        "cancelled_cofinancing", frozenset(), READ_ONLY
    ),
}

# The records of co-op B the routes are tried with: (model, domain).
FOREIGN_TARGETS = {
    "draft_request": ("komunigi.request", MODELS["komunigi.request"].foreign),
    "draft_session": ("komunigi.session", [("state", "=", "draft")]),
    "cofinancing": ("komunigi.cofinancing", NOT_A_PARTICIPANT),  # newest: open
    "cancelled_cofinancing": (
        "komunigi.cofinancing",
        [("state", "=", "cancelled"), ("share_ids.partner_id", "=", COOP_B)],
    ),
    "funding_round": (
        "komunigi.funding.round",
        MODELS["komunigi.funding.round"].foreign,
    ),
    "log_entry": ("komunigi.log.entry", [("is_published", "=", False)]),
}
