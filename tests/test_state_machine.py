# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Random life cycles against the invariants of the year replayed (issue 9, item 8).

A hypothesis state machine runs random sequences of the operations of the life cycle:
join, suspend, resume, end, change tier, dues run, pledge, withdraw, accept share, late
joiner, invoice milestone, cancel invoice, vote, close. Each step runs in a savepoint: an
operation the rules refuse raises a UserError or a ValidationError (any other error
fails the test) and leaves nothing written; the invariants hold after every step. Each
example starts from the same four co-ops and rolls back at its end.

KOMUNIGI_HYPOTHESIS_EXAMPLES (default 4, sized so that `make test` keeps within its 15
minutes) and KOMUNIGI_HYPOTHESIS_STEPS (default 40) size the run;
KOMUNIGI_HYPOTHESIS_RANDOM=1 explores new sequences instead of the reproducible ones
`make test` runs (the README gives a 200-example command).
"""

import copy
import inspect
import logging
import os
import time
from datetime import date, datetime, timedelta

import pytest
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import (
    RuleBasedStateMachine,
    initialize,
    invariant,
    precondition,
    rule,
    run_state_machine_as_test,
)

from odoo.exceptions import UserError, ValidationError
from odoo.tests.common import TransactionCase

from .life_cycle_case import TIERS, LifeCycleMixin, session_item

# Long and in-process: run beside the browsing clients rather than at the end of
# `local` (tests/conftest.py, STREAMS).
pytestmark = pytest.mark.komunigi_stream("browsing")

_logger = logging.getLogger(__name__)

KEYS = ("alpha", "beta", "gamma", "delta")
COOPS = st.sampled_from(KEYS)
FREQUENCIES = st.sampled_from(("monthly", "quarterly", "yearly"))
# Round amounts fund the co-financings (300 and 400 EUR) often; any amount may come.
AMOUNTS = st.one_of(st.sampled_from((0, 100, 150, 300)), st.integers(0, 400))
EXAMPLES = int(os.environ.get("KOMUNIGI_HYPOTHESIS_EXAMPLES", "4"))
STEPS = int(os.environ.get("KOMUNIGI_HYPOTHESIS_STEPS", "40"))
RANDOM = os.environ.get("KOMUNIGI_HYPOTHESIS_RANDOM") == "1"


def next_change_day(today, frequencies):
    """A day that starts a period of both frequencies, after the current periods:
    the next quarter, or the next year when one of them is yearly."""
    if "yearly" in frequencies:
        return date(today.year + 1, 1, 1)
    month = (today.month - 1) // 3 * 3 + 4
    return date(today.year + month // 13, (month - 1) % 12 + 1, 1)


class LifeCycleMachine(RuleBasedStateMachine):
    """One example: a request in vote, two co-financings, the co-ops not yet members."""

    case = None  # the TransactionCase running the machine
    examples = 0
    steps = 0
    refusals = 0
    outcomes = {}  # operation -> [done, refused]

    def __init__(self):
        super().__init__()
        case = self.case
        type(self).examples += 1
        case.env.cr.execute("SAVEPOINT komunigi_example")
        case.env.clear()
        case.start_example()
        self.case = case

    def teardown(self):
        case = self.case
        case.leave_world()
        case.env.cr.execute("ROLLBACK TO SAVEPOINT komunigi_example")
        case.env.clear()

    def attempt(self, action):
        """Run `action` in a savepoint; a refusal (UserError, ValidationError) is a
        valid outcome that writes nothing."""
        machine = type(self)
        machine.steps += 1
        env = self.case.env
        counts = machine.outcomes.setdefault(inspect.stack()[1].function, [0, 0])
        ledger = copy.deepcopy(self.case.ledger)
        try:
            with env.cr.savepoint():
                action()
                env["komunigi.membership"].recompute()
        except (UserError, ValidationError):
            machine.refusals += 1
            counts[1] += 1
            env.clear()
            self.case.ledger = ledger  # what the refused step wrote is rolled back
            return False
        counts[0] += 1
        return True

    # --- the start: members, and commitments to the standalone co-financing ------------
    @initialize(
        tiers=st.lists(st.sampled_from(sorted(TIERS)), min_size=4, max_size=4),
        frequencies=st.lists(FREQUENCIES, min_size=4, max_size=4),
    )
    def members(self, tiers, frequencies):
        for key, tier, frequency in zip(KEYS, tiers, frequencies):
            self.attempt(lambda k=key, t=tier, f=frequency: self.case.join(k, t, f))

    @initialize(
        standalone=st.sampled_from((KEYS[:3], KEYS[:2], KEYS[1:2], ())),
        of_request=st.sampled_from((KEYS[1:], KEYS[2:], ())),
    )
    def commitments(self, standalone, of_request):
        """Some co-ops accept their shares at once: all of them fund the co-financing
        (the request's once the session approves the request)."""
        for record, keys in zip(self.case.cofinancings, (standalone, of_request)):
            for key in keys:
                self.attempt(lambda r=record, k=key: self.case.accept(r, k))

    # --- memberships and dues --------------------------------------------------------
    @rule(key=COOPS, tier=st.sampled_from(sorted(TIERS)), frequency=FREQUENCIES)
    def join(self, key, tier, frequency):
        case = self.case
        self.attempt(lambda: case.join(key, tier, frequency))

    @rule(key=COOPS)
    def suspend(self, key):
        if key in self.case.memberships:
            self.attempt(lambda: self.case.suspend(key))

    @rule(key=COOPS)
    def resume(self, key):
        if key in self.case.memberships:
            self.attempt(lambda: self.case.resume(key))

    @rule(key=COOPS)
    def end(self, key):
        if key in self.case.memberships:
            self.attempt(lambda: self.case.end(key))

    @rule(key=COOPS, tier=st.sampled_from(sorted(TIERS)), frequency=FREQUENCIES)
    def change_tier(self, key, tier, frequency):
        membership = self.case.memberships.get(key)
        if membership:
            day = next_change_day(
                self.case.clock.today, (frequency, membership.billing_frequency)
            )
            self.attempt(lambda: self.case.change(key, tier, frequency, day))

    @rule(months=st.integers(min_value=1, max_value=3))
    def months_pass(self, months):
        """To the first day of a next month, with the dues run of each month."""
        clock = self.case.clock
        for _month in range(months):
            today = clock.today
            clock.set(date(today.year + today.month // 12, today.month % 12 + 1, 1))
            self.attempt(self.case.dues_run)

    @rule(days=st.integers(min_value=1, max_value=50))
    def time_passes(self, days):
        """Days pass; the scheduled dues run runs at the end of them."""
        clock = self.case.clock
        clock.set(clock.today + timedelta(days=days))
        self.attempt(self.case.dues_run)

    @rule(times=st.integers(min_value=1, max_value=2))
    def dues_run(self, times):
        """The dues run again today (once more, or twice: its effect is once)."""
        for _run in range(times):
            self.attempt(self.case.dues_run)

    # --- co-financings ---------------------------------------------------------------
    @rule(which=st.integers(0, 1), key=COOPS, amount=AMOUNTS)
    def pledge(self, which, key, amount):
        record = self.case.cofinancings[which]
        if self.case.share(record, key):
            self.attempt(lambda: self.case.pledge(record, key, amount))

    @rule(which=st.integers(0, 1), key=COOPS)
    def withdraw(self, which, key):
        share = self.case.share(self.case.cofinancings[which], key)
        user = self.case.users[key]
        if share:
            self.attempt(lambda: share.sudo(user).action_withdraw())

    @rule(which=st.integers(0, 1), key=COOPS)
    def accept_share(self, which, key):
        record = self.case.cofinancings[which]
        if self.case.share(record, key):
            self.attempt(lambda: self.case.accept(record, key))

    @rule(which=st.integers(0, 1), key=COOPS, discount=st.sampled_from((0, 20)))
    def late_joiner(self, which, key, discount):
        record = self.case.cofinancings[which]
        coop = self.case.coops[key]
        self.attempt(lambda: record.action_add_late_joiner(coop, discount=discount))

    @rule()
    def invoice_next(self):
        """The coordinator invoices the next milestone of each co-financing. Hypothesis
        draws the rules with the fewest arguments (then by name) by default: this one
        is the default step."""
        for record in self.case.cofinancings:
            todo = record.milestone_ids.sorted("sequence").filtered(
                lambda milestone: not milestone.invoiced
            )
            if todo:
                self.attempt(todo[0].action_invoice)

    @rule(which=st.integers(0, 1), index=st.integers(0, 1))
    def invoice_milestone(self, which, index):
        record = self.case.cofinancings[which]
        if index < len(record.milestone_ids):
            self.attempt(lambda: self.case.invoice(record, index))

    @rule(which=st.integers(0, 1), pick=st.integers(0, 10))
    def cancel_invoice(self, which, pick):
        """The accountant cancels one milestone invoice (Odoo's Cancel button)."""
        links = self.case.cofinancings[which].mapped("share_ids.invoice_link_ids")
        invoices = links.filtered(lambda link: link.kind == "milestone").mapped(
            "invoice_id"
        )
        live = invoices.filtered(lambda i: i.state != "cancel")
        if live:
            invoice = live[pick % len(live)]
            self.attempt(invoice.action_invoice_cancel)

    # --- the vote --------------------------------------------------------------------
    @rule(key=COOPS, value=st.sampled_from(("yes", "no", "abstain")))
    def vote(self, key, value):
        item = self.case.session_record.item_ids
        self.attempt(lambda: self.case.vote(key, item, value))

    @precondition(lambda self: self.case.session_record.state == "open")
    @rule()
    def session_closes(self):
        self.attempt(self.case.session_record.action_close)

    @invariant()
    def invariants_hold(self):
        self.case.check_invariants()


class TestStateMachine(LifeCycleMixin, TransactionCase):
    def setUp(self):
        super().setUp()
        self.setup_world(datetime(2024, 1, 1, 9))
        for key in KEYS:
            self.make_coop(key, "Coop %s (state machine)" % key.title(), "be", "Namur")
            self.users[key] = self.portal_user(key)
        self.leave_world()

    def portal_user(self, key):
        rep = self.rep(key)
        wizard = self.env["portal.wizard"].create(
            {
                "user_ids": [
                    (
                        0,
                        0,
                        {"partner_id": rep.id, "email": rep.email, "in_portal": True},
                    )
                ]
            }
        )
        wizard.action_apply()
        return rep.user_ids[:1]

    def start_example(self):
        """The world at the start of an example (called inside its savepoint)."""
        users, coops = self.users, self.coops
        self.setup_world(datetime(2024, 1, 1, 9))
        self.users, self.coops = users, coops
        request = self.estimated_request("Machine request", "alpha", 8, 0, 50)
        self.session_record = self.session(
            "Machine session",
            datetime(2024, 1, 1, 0),
            datetime(2026, 12, 31, 23),
            [session_item("Machine item", "yes_no", 0, request)],
        )
        self.session_record.action_open()
        self.cofinancing("Machine standalone", 300, KEYS[:3], milestones=(50, 50))
        self.cofinancing("Machine of the request", 400, KEYS[1:], request)

    def test_random_life_cycles(self):
        LifeCycleMachine.case = self
        started = time.time()
        run_state_machine_as_test(
            LifeCycleMachine,
            settings=settings(
                max_examples=EXAMPLES,
                stateful_step_count=STEPS,
                deadline=None,
                derandomize=not RANDOM,
                database=None,
                suppress_health_check=list(HealthCheck),
            ),
        )
        _logger.info(
            "State machine: %d examples, %d steps (%d refused) in %.0f s",
            LifeCycleMachine.examples,
            LifeCycleMachine.steps,
            LifeCycleMachine.refusals,
            time.time() - started,
        )
        print(
            "\nstate machine: %d examples, %d steps, %d refused, %.0f s; "
            "done/refused by operation: %s"
            % (
                LifeCycleMachine.examples,
                LifeCycleMachine.steps,
                LifeCycleMachine.refusals,
                time.time() - started,
                sorted(LifeCycleMachine.outcomes.items()),
            )
        )
