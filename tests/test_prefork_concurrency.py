# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The races of production, on a server that forks two workers (`--workers=2`).

Two worker processes run requests truly in parallel, each in its own transaction:
what the threaded server of the suite serialises in one process meets here the
database's own concurrency. Each scenario does one thing many times at once (20 portal
clicks, or two coordinator clicks of a button) and counts the effect in the database:
it happens once. Each portal post gets the redirect of a success, each click the same
result or a clear UserError: never a 5xx nor a serialization error, which the server
retries (the retries are in its log).

The data comes from the helpers of `test_portal_concurrency` (the threaded twin).
"""

import logging
import re
import uuid

import pytest

import odoo

from .conftest import environment
from .portal_pages import session_fixture
from .prefork_support import (
    assert_once_answers,
    assert_same_redirects,
    click_together,
    new_member,
    post_once,
    retries,
    state_changes,
)
from .test_portal_concurrency import (
    COMMITMENT_CLICKS,
    Rpc,
    ServerLog,
    bees_share,
    commitment_notes,
    commitments_in_parallel,
    item_ballots,
    moment,
    open_round,
    open_session,
    posted_in_parallel,
)

ROUNDS_LOGGER = "odoo.addons.komunigi_cofinancing.models.komunigi_funding_round"


@pytest.fixture(scope="module")
def rpc(prefork_server):
    return Rpc(prefork_server)


bees = session_fixture("bees", server="prefork_server")
# The web session of the coordinator (admin is one): its clicks are buttons.
coordinator = session_fixture("coordinator", "admin", server="prefork_server")


@pytest.fixture(scope="module")
def coops(rpc):
    return {
        name: rpc.xmlid("komunigi_membership.partner_" + name)
        for name in ("bees", "oufticoop")
    }


def test_prefork_server_runs_two_worker_processes(prefork_server):
    workers = prefork_server.worker_pids()
    assert len(workers) == 2, workers
    assert prefork_server.process.pid not in workers


def test_twenty_parallel_ballots_make_one(prefork_server, rpc, bees, coops):
    session_id, item_id, _request_id = open_session(rpc, coops["bees"])
    path = "/my/sessions/%d/vote" % session_id
    answers, log = posted_in_parallel(
        prefork_server,
        bees,
        path,
        {"item_id": str(item_id), "value": "yes"},
        follow=False,
    )
    assert_same_redirects(answers, log, "/my/sessions?voted=%d" % item_id)
    assert item_ballots(rpc, item_id, coops["bees"]) == ['"yes"']
    # Both workers served the posts: the race was between processes.
    served_by = set(re.findall(r"^\S+ \S+ (\d+) .*POST %s " % path, log.text, re.M))
    assert served_by == set(map(str, prefork_server.worker_pids())), served_by
    print("retries:", retries(log))


@pytest.mark.parametrize("route, form, commitment, amount, words", COMMITMENT_CLICKS)
def test_twenty_parallel_commitments_commit_once(
    prefork_server, rpc, bees, coops, route, form, commitment, amount, words
):
    cofinancing_id, answers, log = commitments_in_parallel(
        prefork_server,
        rpc,
        bees,
        [coops["bees"], coops["oufticoop"]],
        route,
        form,
        follow=False,
    )
    assert_same_redirects(answers, log, "/my/cofinancings/%d?" % cofinancing_id)
    share = bees_share(rpc, cofinancing_id, coops["bees"])
    assert (share["commitment"], share["pledge"]) == (commitment, amount)
    assert commitment_notes(rpc, cofinancing_id, words) == 1
    print("retries:", retries(log))


def test_two_dues_runs_at_once_invoice_each_period_once(
    prefork_server, rpc, coordinator
):
    coop, membership = new_member(rpc, months_ago=3)
    cron = rpc.xmlid("komunigi_membership.ir_cron_invoice_dues")
    last = rpc("komunigi.membership.dues", "search", [], order="id desc", limit=1)
    with ServerLog(prefork_server) as log:
        answers = click_together(
            prefork_server, coordinator, "ir.cron", "method_direct_trigger", cron
        )
    assert_once_answers(answers, log)
    invoices = rpc("account.invoice", "search", [("partner_id", "=", coop)])
    assert len(invoices) == 1
    dues = rpc(
        "komunigi.membership.dues",
        "search_read",
        [("membership_id", "=", membership)],
        fields=["period_start", "invoice_id"],
    )
    starts = [record["period_start"] for record in dues]
    assert len(dues) >= 3 and len(set(starts)) == len(starts), starts
    assert {record["invoice_id"][0] for record in dues} == set(invoices)
    # No co-op the runs invoiced (the demo co-ops too) has a period invoiced twice.
    Dues = "komunigi.membership.dues"
    new = rpc(
        Dues, "search_read", [("id", ">", max(last, default=0))], ["membership_id"]
    )
    touched = [record["membership_id"][0] for record in new]
    every = rpc(
        Dues,
        "search_read",
        [("membership_id", "in", touched)],
        ["membership_id", "period_start"],
    )
    periods = [(d["membership_id"][0], d["period_start"]) for d in every]
    assert len(set(periods)) == len(periods)
    print("dues runs:", re.findall(r"Dues run: .*", log.text))


def test_two_closes_of_a_session_close_it_once(
    prefork_server, rpc, bees, coordinator, coops
):
    session_id, item_id, request_id = open_session(rpc, coops["bees"])
    vote = {"item_id": item_id, "value": "yes"}
    post_once(prefork_server, bees, "/my/sessions/%d/vote" % session_id, vote)
    with ServerLog(prefork_server) as log:
        answers = click_together(
            prefork_server, coordinator, "komunigi.session", "action_close", session_id
        )
    assert_once_answers(answers, log)
    (session,) = rpc("komunigi.session", "read", [session_id], ["state"])
    assert session["state"] == "closed"
    results = rpc(
        "mail.message",
        "search_count",
        [
            ("model", "=", "komunigi.session"),
            ("res_id", "=", session_id),
            ("subject", "like", "Results of"),
        ],
    )
    assert results == 1
    assert state_changes(rpc, "komunigi.session", session_id).count("Closed") == 1
    # One ballot of seven eligible co-ops misses the quorum: the request goes back
    # to estimated, once.
    (request,) = rpc("komunigi.request", "read", [request_id], ["state"])
    assert request["state"] == "estimated"
    changes = state_changes(rpc, "komunigi.request", request_id)
    assert changes[changes.index("In vote") :] == ["In vote", "Estimated"]


def voted_round(server, rpc, bees, coops):
    """An open round of two requests that the Bees approve: (round, its offer)."""
    round_id, offer = open_round(rpc, [coops["bees"], coops["oufticoop"]])
    approvals = {"approve": [str(request_id) for request_id in offer]}
    post_once(server, bees, "/my/rounds/%d/vote" % round_id, approvals)
    return round_id


def assert_round_closed_once(rpc, round_id):
    """Closed, with one co-financing per selected request and one closing note."""
    (funding_round,) = rpc(
        "komunigi.funding.round", "read", [round_id], ["state", "selected_request_ids"]
    )
    assert funding_round["state"] == "closed"
    assert funding_round["selected_request_ids"]
    funded = rpc(
        "komunigi.cofinancing",
        "search_read",
        [("funding_round_id", "=", round_id)],
        ["request_id"],
    )
    assert sorted(c["request_id"][0] for c in funded) == sorted(
        funding_round["selected_request_ids"]
    )
    notes = rpc(
        "mail.message",
        "search_read",
        [("model", "=", "komunigi.funding.round"), ("res_id", "=", round_id)],
        ["body"],
    )
    assert sum("Round closed" in note["body"] for note in notes) == 1, notes


def test_two_clicks_and_the_scheduled_action_close_a_round_once(
    prefork_server, rpc, bees, coordinator, coops, caplog
):
    """Two coordinator clicks race: the server retries the one that fails to
    serialize. The scheduled action began before them, and Odoo's cron worker does
    not retry it: it leaves the round to the clicks, without an error."""
    round_id = voted_round(prefork_server, rpc, bees, coops)
    ended = {"date_from": moment(days=-7)[:10], "date_to": moment(days=-1)[:10]}
    rpc("komunigi.funding.round", "write", [round_id], ended)
    # As Odoo's cron worker does: the registry, up to date with the servers' changes.
    registry = odoo.registry(environment("KOMUNIGI_TEST_DB")).check_signaling()
    with registry.cursor() as cron_cr:
        rounds = odoo.api.Environment(cron_cr, odoo.SUPERUSER_ID, {})[
            "komunigi.funding.round"
        ]
        # The scheduled action's transaction sees the round open...
        assert rounds.browse(round_id).state == "open"
        # ...when the coordinator's clicks close it.
        with ServerLog(prefork_server) as log:
            answers = click_together(
                prefork_server,
                coordinator,
                "komunigi.funding.round",
                "action_close",
                round_id,
            )
        assert_once_answers(answers, log)
        with caplog.at_level(logging.INFO, logger=ROUNDS_LOGGER):
            rounds._cron_close_rounds()
    assert "Funding round %d: closed by another transaction" % round_id in caplog.text
    assert_round_closed_once(rpc, round_id)


def test_two_invoicings_of_a_milestone_invoice_it_once(
    prefork_server, rpc, coordinator, coops
):
    cofinancing_id = rpc(
        "komunigi.cofinancing",
        "create",
        {
            "name": "Prefork milestones %s" % uuid.uuid4(),
            "amount_total": 300,
            "split_method": "pledges",
            "share_ids": [
                (0, 0, {"partner_id": coop, "pledge": 150}) for coop in coops.values()
            ],
            "milestone_ids": [
                (0, 0, {"name": "At approval", "percent": 50, "sequence": 1}),
                (0, 0, {"name": "At delivery", "percent": 50, "sequence": 2}),
            ],
        },
    )
    (cofinancing,) = rpc(
        "komunigi.cofinancing", "read", [cofinancing_id], ["state", "milestone_ids"]
    )
    assert cofinancing["state"] == "funded"
    first = cofinancing["milestone_ids"][0]
    with ServerLog(prefork_server) as log:
        answers = click_together(
            prefork_server,
            coordinator,
            "komunigi.cofinancing.milestone",
            "action_invoice",
            first,
        )
    assert_once_answers(answers, log)
    links = rpc(
        "komunigi.cofinancing.invoice",
        "search_read",
        [("milestone_id", "=", first)],
        ["share_id", "invoice_id", "amount"],
    )
    assert sorted(link["amount"] for link in links) == [75, 75]
    assert len({link["share_id"][0] for link in links}) == 2
    invoices = {link["invoice_id"][0] for link in links}
    partners = rpc("account.invoice", "read", list(invoices), ["partner_id"])
    assert sorted(p["partner_id"][0] for p in partners) == sorted(coops.values())
    (milestone,) = rpc("komunigi.cofinancing.milestone", "read", [first], ["invoiced"])
    assert milestone["invoiced"]
