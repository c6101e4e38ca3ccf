# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The history the portal load benchmark reads, made through the public methods.

An `odoo shell` script (stdin), run by `bench_portal_load.py` on a database where the
komunigi addons are installed. The environment gives the volume:
KOMUNIGI_BENCH_COOPS co-ops, KOMUNIGI_BENCH_YEARS years of history ending this month,
KOMUNIGI_BENCH_PASSWORD the representatives' password (their login is
`rep<n>@bench.example`).

The months are replayed in order under a moved clock (`tests/dues_ledger.Clock`): the
dues run on the first (the scheduled action, which commits), requests are submitted,
analysed and estimated, sessions open, every co-op with the voting right casts a
ballot and the session closes, the approved requests are co-financed (shares accepted
by the representatives, the milestone invoiced) and delivered, funding rounds open,
collect their ballots and close. The volume of issue 10 is the target for 50 co-ops and
3 years (1,800 dues invoices, 500 requests, 100 sessions, 50 co-financings, 8 funding
rounds); requests and co-financings grow with co-ops x years, sessions and rounds with
years. A session or round needs estimated requests: with few co-ops there are fewer
(10 co-ops over 3 years: 100 requests, 58 sessions, no round; 50 co-ops over 1 year:
167 requests, 33 sessions, 20 co-financings, 3 rounds, 615 dues invoices).
Then ANALYZE: the benchmark measures on tables with statistics.

It prints a line per month with the seconds of each phase (dues, deliver, requests,
sessions, cofinance, round). KOMUNIGI_BENCH_COPIES="12=<file>" dumps the database
after month 12 (the benchmark restores it as the 1-year history);
KOMUNIGI_BENCH_PROFILE=<path> writes each month's cProfile statistics to
<path>.<month>.
"""

import cProfile
import json
import os
import random
import subprocess
import sys
import time
from contextlib import contextmanager
from datetime import date, datetime, timedelta

import odoo
from odoo import fields

sys.path.insert(0, os.environ["KOMUNIGI_ROOT"])
from tests.dues_ledger import Clock  # noqa: E402  (the life-cycle tests' clock)

COOPS = int(os.environ["KOMUNIGI_BENCH_COOPS"])
YEARS = int(os.environ["KOMUNIGI_BENCH_YEARS"])
PASSWORD = os.environ["KOMUNIGI_BENCH_PASSWORD"]
MONTHS = 12 * YEARS
# Issue 10's volume for 50 co-ops and 3 years (36 months).
REQUESTS = round(500 * COOPS / 50 * MONTHS / 36)
COFINANCINGS = round(50 * COOPS / 50 * MONTHS / 36)
SESSIONS = round(100 * MONTHS / 36)
ROUNDS = round(8 * MONTHS / 36)
ROUND_SIZE = 15
rng = random.Random(10)


def months_ago(count):
    first = date.today().replace(day=1)
    month = first.year * 12 + first.month - 1 - count
    return date(month // 12, month % 12 + 1, 1)


def cumulative(total, month):
    """How many of `total` things exist by the end of `month` (0-based), spread evenly."""
    return round(total * (month + 1) / MONTHS)


class History:
    def __init__(self, env, clock):
        self.env, self.clock = env, clock
        self.tier = env.ref("komunigi_membership.tier_active")
        self.coops, self.users = [], []
        self.requests = env["komunigi.request"]
        self.cofinanced = env["komunigi.request"]
        self.cofinancings = 0
        self.sessions = 0
        self.rounds = 0

    def at(self, day, hour):
        self.clock.set(day, hour)

    # --- co-ops ----------------------------------------------------------------------
    def join_coops(self, day):
        """The co-ops join, their representatives get the portal; the member lists
        are synced once at the end (`komunigi_no_sync`, as the newsletter addon's own
        batch writes do) instead of after each membership: 50 syncs over a growing
        list cost minutes, for the same lists."""
        env = self.env(context=dict(self.env.context, komunigi_no_sync=True))
        Partner = env["res.partner"]
        belgium = self.env.ref("base.be")
        for number in range(1, COOPS + 1):
            coop = Partner.create(
                {
                    "name": "Bench Coop %02d" % number,
                    "is_company": True,
                    "street": "Rue de la Coop %d" % number,
                    "city": "Bruxelles",
                    "zip": "1000",
                    "country_id": belgium.id,
                }
            )
            rep = Partner.create(
                {
                    "name": "Representative %02d" % number,
                    "parent_id": coop.id,
                    "email": "rep%d@bench.example" % number,
                }
            )
            membership = env["komunigi.membership"].create(
                {
                    "partner_id": coop.id,
                    "tier_id": self.tier.id,
                    "billing_frequency": "monthly",
                    "date_start": fields.Date.to_string(day),
                    "representative_ids": [(6, 0, rep.ids)],
                    "welcome_booklet_accepted_on": fields.Date.to_string(day),
                }
            )
            membership.action_activate()
            membership.action_grant_portal_access()
            user = rep.user_ids[:1]
            user.write({"password": PASSWORD})
            self.coops.append(coop.with_env(self.env))
            self.users.append(user.with_env(self.env))
        self.env["komunigi.audience"]._sync_all()

    def rep_of(self, coop):
        return coop.child_ids[:1]

    def user_of(self, coop):
        return self.users[self.coops.index(coop)]

    # --- requests --------------------------------------------------------------------
    def submit_requests(self, month):
        """The month's requests, created together and moved together through the
        methods (submit, analysis, estimate); a third of the last month's wait."""
        Request = self.env["komunigi.request"]
        created = Request
        for number in range(len(self.requests), cumulative(REQUESTS, month)):
            coop = self.coops[number % COOPS]
            created |= Request.create(
                {
                    "title": "Improvement %d of %s" % (number + 1, coop.name),
                    "description": "What the co-op needs, and why. " * 5,
                    "partner_id": coop.id,
                    "representative_id": self.rep_of(coop).id,
                    "estimate_hours": rng.randint(4, 80),
                    "hourly_rate": 55.0,
                }
            )
        created.action_submit()
        waiting = created[-(len(created) // 3) :] if month == MONTHS - 1 else Request
        (created - waiting).action_start_analysis()
        (created - waiting).action_estimate()
        for request in created:
            other = rng.choice(self.coops)
            if other != request.partner_id:
                request.action_add_interest(other)
        self.requests |= created

    def free_estimated(self, count):
        """Estimated requests, the oldest first (sessions and rounds are held one
        after the other here: none holds them)."""
        return self.requests.filtered(lambda r: r.state == "estimated")[:count]

    # --- sessions --------------------------------------------------------------------
    def hold_session(self, month_start, index):
        candidates = self.free_estimated(3)
        if not candidates:
            return
        # An approval compares two requests or more; one alone is a yes/no question.
        method = "approval" if len(candidates) > 1 else "yes_no"
        opens = datetime.combine(month_start, datetime.min.time()) + timedelta(
            days=1 + 8 * index, hours=8
        )
        session = self.env["komunigi.session"].create(
            {
                "name": "Session %s #%d" % (month_start.strftime("%Y-%m"), index + 1),
                "date": fields.Date.to_string(opens + timedelta(days=6)),
                "voting_opens": fields.Datetime.to_string(opens),
                "voting_closes": fields.Datetime.to_string(opens + timedelta(days=6)),
                "item_ids": [
                    (0, 0, {"name": "Next developments", "method": method,
                            "quorum": 0.3, "request_ids": [(6, 0, candidates.ids)]})
                ],
            }
        )  # fmt: skip
        self.at(opens.date(), 8)
        session.action_open()
        self.at(opens.date() + timedelta(days=1), 10)
        item = session.item_ids
        # The ballots of the co-ops with the voting right, created together (what
        # `cast` creates, checked by the ballot's constraints).
        ballots = []
        for coop in session._eligible_coops() & self._bench_coops():
            approved = [r.id for r in candidates if rng.random() < 0.6]
            if method == "yes_no":
                approved = "yes" if approved else "no"
            ballots.append({"item_id": item.id, "partner_id": coop.id,
                            "user_id": self.user_of(coop).id,
                            "value": json.dumps(approved, sort_keys=True)})  # fmt: skip
        for values in ballots:
            self.env["komunigi.ballot"].sudo().create(values)
        self.at(opens.date() + timedelta(days=7), 2)
        session.action_close()
        self.sessions += 1

    def _bench_coops(self):
        return self.env["res.partner"].browse([coop.id for coop in self.coops])

    # --- co-financings ---------------------------------------------------------------
    def cofinance(self, month):
        approved = self.requests.filtered(lambda r: r.state == "approved")
        for request in approved - self.cofinanced:
            if self.cofinancings >= cumulative(COFINANCINGS, month):
                break
            funders = [request.partner_id] + rng.sample(
                [c for c in self.coops if c != request.partner_id], min(3, COOPS - 1)
            )
            record = self.env["komunigi.cofinancing"].create(
                {
                    "name": request.title,
                    "request_id": request.id,
                    "amount_total": request.estimate_total,
                    "share_ids": [(0, 0, {"partner_id": c.id}) for c in funders],
                    "milestone_ids": [
                        (0, 0, {"name": "At approval", "percent": 50}),
                        (0, 0, {"name": "At delivery", "percent": 50}),
                    ],
                }
            )
            record.action_compute_split()
            for share in record.share_ids:
                share.sudo(self.user_of(share.partner_id)).action_accept()
            record.milestone_ids.sorted("sequence")[0].action_invoice()
            self.cofinanced |= request
            self.cofinancings += 1

    def deliver(self):
        """What was co-financed two months ago is developed and delivered."""
        for request in self.cofinanced.filtered(lambda r: r.state == "funded"):
            request.action_start_development()
        for request in self.cofinanced.filtered(lambda r: r.state == "development"):
            request.action_deliver()
            cofinancing = self.env["komunigi.cofinancing"].search(
                [("request_id", "=", request.id)]
            )
            # Invoicing a milestone again issues nothing new: invoice them all.
            cofinancing.mapped("milestone_ids").action_invoice()

    # --- funding rounds --------------------------------------------------------------
    def hold_round(self, month_start, month):
        if self.rounds >= cumulative(ROUNDS, month):
            return
        offer = self.free_estimated(4)
        if not offer:
            return
        participants = rng.sample(self.coops, min(ROUND_SIZE, COOPS))
        start = month_start + timedelta(days=25)
        self.at(start, 8)
        funding_round = self.env["komunigi.funding.round"].create(
            {
                "name": "Round %s" % month_start.strftime("%Y-%m"),
                "date_from": fields.Date.to_string(start),
                "date_to": fields.Date.to_string(start + timedelta(days=2)),
                "participant_ids": [
                    (0, 0, {"partner_id": coop.id, "budget": rng.randint(5, 30) * 100})
                    for coop in participants
                ],
                "request_ids": [(6, 0, offer.ids)],
            }
        )
        funding_round.action_open()
        self.at(start + timedelta(days=1), 10)
        Ballot = self.env["komunigi.funding.round.ballot"]
        for coop in participants:
            approved = offer.filtered(lambda r: rng.random() < 0.5) or offer[:1]
            Ballot.sudo(self.user_of(coop)).cast(funding_round, coop, approved)
        self.at(start + timedelta(days=2), 20)
        funding_round.action_close()
        self.cofinanced |= funding_round.cofinancing_ids.mapped("request_id")
        self.cofinancings += len(funding_round.cofinancing_ids)
        self.rounds += 1

    # --- the months ------------------------------------------------------------------
    def month(self, month):
        """The month's phases in order; returns the seconds each took."""
        month_start = months_ago(MONTHS - 1 - month)
        timer = PhaseTimer()
        self.at(month_start, 2)
        with timer("dues"):
            self.env["komunigi.membership"]._cron_invoice_dues()
        self.at(month_start, 9)
        with timer("deliver"):
            self.deliver()
        with timer("requests"):
            self.submit_requests(month)
        # Three sessions a month at most: each takes a week.
        with timer("sessions"):
            for index in range(min(3, cumulative(SESSIONS, month) - self.sessions)):
                self.hold_session(month_start, index)
        self.at(month_start + timedelta(days=24), 10)
        with timer("cofinance"):
            self.cofinance(month)
        with timer("round"):
            self.hold_round(month_start, month)
        with timer("commit"):
            self.env.cr.commit()
        return timer


class PhaseTimer:
    """The seconds each phase of a month took (the builder's log, to see where the
    time of a history goes)."""

    def __init__(self):
        self.seconds = {}

    @contextmanager
    def __call__(self, phase):
        started = time.perf_counter()
        yield
        self.seconds[phase] = time.perf_counter() - started

    def __str__(self):
        return "%.1f s (%s)" % (
            sum(self.seconds.values()),
            ", ".join("%s %.1f" % item for item in self.seconds.items()),
        )


def dues_invoices(env):
    env.cr.execute("SELECT count(DISTINCT invoice_id) FROM komunigi_membership_dues")
    return env.cr.fetchone()[0]


def without_state_emails(env):
    """The requests' state e-mails are not written: one per move costs a second, and
    the history has thousands of moves (the tracking notes are off for the same
    reason). The moves themselves go through the methods."""
    Request = type(env["komunigi.request"])
    Request._notify_state_change = lambda self: None


@contextmanager
def profiled(path, month):
    """With KOMUNIGI_BENCH_PROFILE=<path>, each month's cProfile statistics go to
    <path>.<month> (read them with pstats)."""
    if not path:
        yield
        return
    profile = cProfile.Profile()
    profile.enable()
    try:
        yield
    finally:
        profile.disable()
        profile.dump_stats("%s.%02d" % (path, month + 1))


def copies():
    """KOMUNIGI_BENCH_COPIES="12=<dump file>,...": after month 12 (1-based), the
    database is dumped to the file (the benchmark restores it as the history of the
    first year: same co-ops, same monthly volume, its months two years older)."""
    pairs = [item.split("=", 1) for item in
             os.environ.get("KOMUNIGI_BENCH_COPIES", "").split(",") if item]  # fmt: skip
    return {int(month): path for month, path in pairs}


def dump(env, path):
    """pg_dump of the committed history (read by its own connection)."""
    config = odoo.tools.config
    pg = dict(os.environ, PGDATABASE=env.cr.dbname,
              PGHOST=config["db_host"] or "", PGPORT=str(config["db_port"] or ""),
              PGUSER=config["db_user"] or "")  # fmt: skip
    subprocess.run(["pg_dump", "-Fc", "-f", path], env=pg, check=True)


def summary(env, history, years):
    return (
        "BENCH-DATA co-ops=%d years=%d requests=%d sessions=%d cofinancings=%d "
        "rounds=%d dues-invoices=%d"
        % (
            COOPS,
            years,
            len(history.requests),
            history.sessions,
            history.cofinancings,
            history.rounds,
            dues_invoices(env),
        )
    )


def main(env):
    start = months_ago(MONTHS - 1)
    # The e-mails are queued, as the scheduled actions queue them, not sent at once.
    # No tracking notes: they cost as much as the rest and the portal shows none.
    context = dict(env.context, tz="UTC", mail_notify_force_send=False,
                   tracking_disable=True)  # fmt: skip
    env = env(context=context)
    without_state_emails(env)
    dumps = copies()
    with Clock(env, datetime.combine(start, datetime.min.time())) as clock:
        history = History(env, clock)
        history.at(start, 1)
        started = time.perf_counter()
        history.join_coops(start)
        env.cr.commit()
        print("join: %.1f s" % (time.perf_counter() - started), flush=True)
        for month in range(MONTHS):
            with profiled(os.environ.get("KOMUNIGI_BENCH_PROFILE"), month):
                timer = history.month(month)
            print("month %d/%d: %s" % (month + 1, MONTHS, timer), flush=True)
            if month + 1 in dumps:
                dump(env, dumps[month + 1])
                print("%s dump=%s" % (summary(env, history, (month + 1) // 12),
                                      dumps[month + 1]), flush=True)  # fmt: skip
    env.cr.commit()
    env.cr.execute("ANALYZE")
    env.cr.commit()
    print(summary(env, history, YEARS))


main(env)  # noqa: F821  (the shell's environment)
