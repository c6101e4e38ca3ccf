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

import datetime
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter

import pytest
import requests

from .test_http_smoke import login
from .test_portal_concurrency import (
    COMMITMENT_CLICKS,
    PARALLEL,
    Rpc,
    ServerLog,
    bees_share,
    cofinancing_among,
    commitment_notes,
    csrf_token,
    open_round,
    open_session,
    post_in_parallel,
)

# A retry of a concurrency failure, by Odoo's RPC dispatch ("retry 1/5 in 0.3 sec")
# or by the portal's @retrying ("cast_vote: serialization_failure, retry 1/10").
RETRY = re.compile(r"(\w+), retry \d+/\d+")
USER_ERROR = "odoo.exceptions.UserError"


@pytest.fixture(scope="module")
def rpc(prefork_server):
    return Rpc(prefork_server)


@pytest.fixture(scope="module")
def bees(prefork_server):
    return login(prefork_server, "bees", "bees")[0]


@pytest.fixture(scope="module")
def coordinator(prefork_server):
    """The web session of the coordinator (admin is one): its clicks are buttons."""
    return login(prefork_server, "admin", "admin")[0]


@pytest.fixture(scope="module")
def coops(rpc):
    return {
        name: rpc.xmlid("komunigi_membership.partner_" + name)
        for name in ("bees", "oufticoop")
    }


def retries(log):
    """The concurrency failures the server retried meanwhile, by kind."""
    found = RETRY.findall(log.text)
    return {kind: found.count(kind) for kind in set(found)}


def click_together(server, session, model, method, record_id, times=2):
    """A button clicked `times` at once, each from its own connection, as the web
    client sends it: the (HTTP status, JSON-RPC answer) of each click."""
    barrier = threading.Barrier(times)
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"model": model, "method": method, "args": [[record_id]]},
    }

    def click(_):
        own = requests.Session()
        own.cookies.update(session.cookies)
        barrier.wait()
        answer = own.post(
            server.url + "/web/dataset/call_button", json=payload, timeout=600
        )
        return answer.status_code, answer.json() if answer.ok else answer.text

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(click, range(times)))


def post_once(server, session, path, data):
    """A portal form sent once; it redirects to the page that shows its effect."""
    token = csrf_token(session.get(server.url + "/my/home").text)
    answer = session.post(
        server.url + path, data=dict(data, csrf_token=token), allow_redirects=False
    )
    assert answer.status_code == 302, answer.text[-2000:]


def assert_same_redirects(answers, log, target):
    """Each post succeeded: the same redirect to the page that shows its effect (a
    refusal would be a page saying why). No error page, no traceback in the log."""
    assert sorted(status for status, _text in answers) == [302] * PARALLEL, answers
    assert len({text for _status, text in answers}) == 1
    assert target in answers[0][1]
    assert "Traceback" not in log.text, log.text[-3000:]


def assert_once_answers(answers, log):
    """Every click answered 200: the same result, or a clear UserError; at least one
    did the work. A serialization failure never reaches a click, nor a traceback the log.
    """
    assert [status for status, _answer in answers] == [200] * len(answers), answers
    results = [answer.get("result") for _s, answer in answers if "error" not in answer]
    errors = [answer["error"]["data"] for _s, answer in answers if "error" in answer]
    assert results, errors
    assert len({repr(result) for result in results}) == 1, results
    assert all(error["name"] == USER_ERROR for error in errors), errors
    assert "Traceback" not in log.text, log.text[-3000:]
    print("answers:", results + [error["message"] for error in errors])
    print("retries:", retries(log))


def test_prefork_server_runs_two_worker_processes(prefork_server):
    workers = prefork_server.worker_pids()
    assert len(workers) == 2, workers
    assert prefork_server.process.pid not in workers


def test_twenty_parallel_ballots_make_one(prefork_server, rpc, bees, coops):
    session_id, item_id, _request_id = open_session(rpc, coops["bees"])
    path = "/my/sessions/%d/vote" % session_id
    with ServerLog(prefork_server) as log:
        answers = post_in_parallel(
            prefork_server,
            bees,
            path,
            {"item_id": str(item_id), "value": "yes"},
            follow=False,
        )
    assert_same_redirects(answers, log, "/my/sessions?voted=%d" % item_id)
    ballots = rpc(
        "komunigi.ballot",
        "search_read",
        [("item_id", "=", item_id), ("partner_id", "=", coops["bees"])],
        fields=["value"],
    )
    assert [ballot["value"] for ballot in ballots] == ['"yes"']
    # Both workers served the posts: the race was between processes.
    served_by = set(re.findall(r"^\S+ \S+ (\d+) .*POST %s " % path, log.text, re.M))
    assert served_by == set(map(str, prefork_server.worker_pids())), served_by
    print("retries:", retries(log))


@pytest.mark.parametrize("route, form, commitment, amount, words", COMMITMENT_CLICKS)
def test_twenty_parallel_commitments_commit_once(
    prefork_server, rpc, bees, coops, route, form, commitment, amount, words
):
    cofinancing_id = cofinancing_among(rpc, 300, [coops["bees"], coops["oufticoop"]])
    rpc("komunigi.cofinancing", "action_compute_split", [cofinancing_id])
    with ServerLog(prefork_server) as log:
        answers = post_in_parallel(
            prefork_server,
            bees,
            "/my/cofinancings/%d/%s" % (cofinancing_id, route),
            form,
            follow=False,
        )
    assert_same_redirects(answers, log, "/my/cofinancings/%d?" % cofinancing_id)
    share = bees_share(rpc, cofinancing_id, coops["bees"])
    assert (share["commitment"], share["pledge"]) == (commitment, amount)
    assert commitment_notes(rpc, cofinancing_id, words) == 1
    print("retries:", retries(log))


def month_start(months_ago):
    """The first day of the month `months_ago` months before this one."""
    today = datetime.date.today()
    month = today.year * 12 + today.month - 1 - months_ago
    return datetime.date(month // 12, month % 12 + 1, 1).isoformat()


def new_member(rpc, months_ago):
    """A co-op whose monthly membership started `months_ago` months ago and was
    never invoiced: (co-op, membership)."""
    coop = rpc(
        "res.partner",
        "create",
        {
            "name": "Prefork dues co-op %s" % uuid.uuid4(),
            "is_company": True,
            "street": "Rue de la Loi 16",
            "city": "Bruxelles",
            "zip": "1000",
            "country_id": rpc.xmlid("base.be"),
        },
    )
    membership = rpc(
        "komunigi.membership",
        "create",
        {
            "partner_id": coop,
            "tier_id": rpc.xmlid("komunigi_membership.tier_active"),
            "date_start": month_start(months_ago),
            "billing_frequency": "monthly",
        },
    )
    rpc("komunigi.membership", "action_activate", [membership])
    return coop, membership


def test_two_dues_runs_at_once_invoice_each_period_once(
    prefork_server, rpc, coordinator
):
    coop, membership = new_member(rpc, months_ago=3)
    cron = rpc.xmlid("komunigi_membership.ir_cron_invoice_dues")
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
    # No period of any co-op was invoiced twice by the two runs.
    every = rpc(
        "komunigi.membership.dues", "search_read", [], ["membership_id", "period_start"]
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


def state_changes(rpc, model, record_id):
    """The states a record was put in, as its chatter tracked them."""
    messages = rpc(
        "mail.message", "search", [("model", "=", model), ("res_id", "=", record_id)]
    )
    values = rpc(
        "mail.tracking.value",
        "search_read",
        [("mail_message_id", "in", messages), ("field", "=", "state")],
        ["new_value_char"],
    )
    return [value["new_value_char"] for value in sorted(values, key=itemgetter("id"))]


def test_two_closes_of_a_round_close_it_once(
    prefork_server, rpc, bees, coordinator, coops
):
    round_id, offer = open_round(rpc, [coops["bees"], coops["oufticoop"]])
    approvals = {"approve": [str(request_id) for request_id in offer]}
    post_once(prefork_server, bees, "/my/rounds/%d/vote" % round_id, approvals)
    with ServerLog(prefork_server) as log:
        answers = click_together(
            prefork_server,
            coordinator,
            "komunigi.funding.round",
            "action_close",
            round_id,
        )
    assert_once_answers(answers, log)
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
    closed_notes = rpc(
        "mail.message",
        "search_count",
        [
            ("model", "=", "komunigi.funding.round"),
            ("res_id", "=", round_id),
            ("body", "like", "Round closed"),
        ],
    )
    assert closed_notes == 1


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
