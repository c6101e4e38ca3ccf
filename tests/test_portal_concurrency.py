# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""One representative sends the same portal form 20 times at once: the effect happens
once, and each of the 20 answers is a normal page, never an error page.

The posts go to the real threaded Odoo server of the suite, each from its own
connection that shares the representative's session, released together by a barrier.
The data is made and checked over JSON-RPC as the administrator.
"""

import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import datetime, timedelta

import pytest
import requests

from .conftest import environment
from .portal_pages import session_fixture

PARALLEL = 20


class Rpc:
    """execute_kw over /jsonrpc as admin: the test's view of the database."""

    def __init__(self, server):
        self.url = server.url + "/jsonrpc"
        self.db = environment("KOMUNIGI_TEST_DB")
        self.uid = self.call("common", "login", self.db, "admin", "admin")

    def call(self, service, method, *args):
        payload = {
            "jsonrpc": "2.0",
            "method": "call",
            "params": {"service": service, "method": method, "args": args},
        }
        answer = requests.post(self.url, json=payload, timeout=120).json()
        assert "error" not in answer, answer.get("error")
        return answer.get("result")  # Odoo leaves out a None result

    def __call__(self, model, method, *args, **kwargs):
        return self.call(
            "object",
            "execute_kw",
            self.db,
            self.uid,
            "admin",
            model,
            method,
            args,
            kwargs,
        )

    def xmlid(self, xmlid):
        module, name = xmlid.split(".")
        found = self(
            "ir.model.data",
            "search_read",
            [("module", "=", module), ("name", "=", name)],
            fields=["res_id"],
        )
        return found[0]["res_id"]


def moment(**delta):
    return (datetime.utcnow() + timedelta(**delta)).strftime("%Y-%m-%d %H:%M:%S")


@pytest.fixture(scope="module")
def rpc(odoo_server):
    return Rpc(odoo_server)


bees = session_fixture("bees")


def estimated_request(rpc, coop, title):
    request_id = rpc(
        "komunigi.request",
        "create",
        {
            "title": title,
            "partner_id": coop,
            "estimate_hours": 10,
            "hourly_rate": 55,
            "description": "<p>Concurrency test</p>",
        },
    )
    for action in ("action_submit", "action_start_analysis", "action_estimate"):
        rpc("komunigi.request", action, [request_id])
    return request_id


def csrf_token(page):
    """The session's CSRF token, from a form or from the website's script."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page) or re.search(
        r'csrf_token: "([^"]+)"', page
    )
    return found.group(1)


def post_in_parallel(server, session, path, data, files=None, follow=True):
    """POST the same form PARALLEL times at once; the final status of each answer
    (`follow=False`: the answer to the post itself, a redirect when it succeeded)."""
    token = csrf_token(session.get(server.url + "/my/home").text)
    barrier = threading.Barrier(PARALLEL)

    def post(_):
        own = requests.Session()
        own.cookies.update(session.cookies)
        barrier.wait()
        answer = own.post(
            server.url + path,
            data=dict(data, csrf_token=token),
            files=files,
            timeout=300,
            allow_redirects=follow,
        )
        return answer.status_code, answer.text

    with ThreadPoolExecutor(PARALLEL) as pool:
        return list(pool.map(post, range(PARALLEL)))


class ServerLog:
    """What the server logged while the block ran."""

    def __init__(self, server):
        self.server = server

    def __enter__(self):
        self.start = len(self.server.log())
        return self

    def __exit__(self, *exc):
        self.text = self.server.log()[self.start :]


def posted_in_parallel(server, session, path, data, **options):
    """post_in_parallel() and what the server logged meanwhile: (answers, log)."""
    with ServerLog(server) as log:
        answers = post_in_parallel(server, session, path, data, **options)
    return answers, log


def assert_normal_answers(answers, log):
    statuses = sorted(status for status, _text in answers)
    assert statuses == [200] * PARALLEL, statuses
    assert "Traceback" not in log.text, log.text[-3000:]
    assert "500 Internal Server Error" not in log.text


def open_session(rpc, coop):
    """An open session whose one yes/no item puts an estimated request of `coop`
    to the vote: (session, item, request)."""
    request_id = estimated_request(rpc, coop, "Parallel ballots %s" % uuid.uuid4())
    session_id = rpc(
        "komunigi.session",
        "create",
        {
            "name": "Parallel ballots",
            "date": moment()[:10],
            "voting_opens": moment(hours=-1),
            "voting_closes": moment(days=1),
        },
    )
    item_id = rpc(
        "komunigi.session.item",
        "create",
        {
            "session_id": session_id,
            "name": "Parallel item",
            "method": "yes_no",
            "request_ids": [(6, 0, [request_id])],
        },
    )
    rpc("komunigi.session", "action_open", [session_id])
    return session_id, item_id, request_id


def item_ballots(rpc, item_id, coop_id):
    """The value of each ballot of co-op `coop_id` on the session item."""
    ballots = rpc(
        "komunigi.ballot",
        "search_read",
        [("item_id", "=", item_id), ("partner_id", "=", coop_id)],
        fields=["value"],
    )
    return [ballot["value"] for ballot in ballots]


def test_twenty_parallel_ballots_make_one(odoo_server, rpc, bees):
    bees_id = rpc.xmlid("komunigi_membership.partner_bees")
    session_id, item_id, _request_id = open_session(rpc, bees_id)
    answers, log = posted_in_parallel(
        odoo_server,
        bees,
        "/my/sessions/%d/vote" % session_id,
        {"item_id": str(item_id), "value": "yes"},
    )
    assert_normal_answers(answers, log)
    assert item_ballots(rpc, item_id, bees_id) == ['"yes"']


def test_twenty_parallel_we_need_this_too_count_once(odoo_server, rpc, bees):
    ouf_id = rpc.xmlid("komunigi_membership.partner_oufticoop")
    bees_id = rpc.xmlid("komunigi_membership.partner_bees")
    request_id = estimated_request(rpc, ouf_id, "Parallel interest %s" % uuid.uuid4())
    answers, log = posted_in_parallel(
        odoo_server,
        bees,
        "/my/requests/%d/interest" % request_id,
        {"interested": "1"},
    )
    assert_normal_answers(answers, log)
    (record,) = rpc(
        "komunigi.request",
        "read",
        [request_id],
        fields=["interested_partner_ids", "interest_count"],
    )
    assert record["interested_partner_ids"] == [bees_id]
    assert record["interest_count"] == 1


def test_one_request_form_sent_twenty_times_submits_one_request(odoo_server, rpc, bees):
    title = "Parallel submission %s" % uuid.uuid4()
    form = bees.get(odoo_server.url + "/my/requests/new").text
    token = re.search(r'name="submission_token" value="([0-9a-f]{32})"', form).group(1)
    category = rpc("komunigi.request.category", "search", [], limit=1)[0]
    answers, log = posted_in_parallel(
        odoo_server,
        bees,
        "/my/requests/new",
        {
            "title": title,
            "description": "Sent by an impatient double click.",
            "category_id": str(category),
            "submission_token": token,
        },
        files={"attachments": ("note.txt", b"the same file each time")},
    )
    assert_normal_answers(answers, log)
    found = rpc(
        "komunigi.request", "search_read", [("title", "=", title)], fields=["state"]
    )
    assert [record["state"] for record in found] == ["submitted"]
    attachments = rpc(
        "ir.attachment",
        "search_read",
        [("res_model", "=", "komunigi.request"), ("res_id", "=", found[0]["id"])],
        fields=["datas"],
    )
    assert len(attachments) == 1
    # Every answer shows the one request that was created.
    assert all(title in text for _status, text in answers)


def cofinancing_among(rpc, total, coops):
    """An open co-financing listing `coops`, split equally among them."""
    cofinancing_id = rpc(
        "komunigi.cofinancing",
        "create",
        {
            "name": "Parallel co-financing %s" % uuid.uuid4(),
            "amount_total": total,
            "split_method": "equal",
            "share_ids": [(0, 0, {"partner_id": coop}) for coop in coops],
        },
    )
    return cofinancing_id


def bees_share(rpc, cofinancing_id, bees_id):
    (share,) = rpc(
        "komunigi.cofinancing.share",
        "search_read",
        [("cofinancing_id", "=", cofinancing_id), ("partner_id", "=", bees_id)],
        fields=["commitment", "pledge", "amount"],
    )
    return share


def commitment_notes(rpc, cofinancing_id, words):
    """The chatter notes of the co-financing that say `words` (a commitment)."""
    return rpc(
        "mail.message",
        "search_count",
        [
            ("model", "=", "komunigi.cofinancing"),
            ("res_id", "=", cofinancing_id),
            ("body", "like", words),
        ],
    )


# One click sent 20 times: (route, form, commitment, amount, words of its chatter note).
COMMITMENT_CLICKS = [
    ("pledge", {"pledge": "120"}, "pledge", 120, "pledges"),
    ("accept", {"offered": "150.00"}, "accepted", 150, "accepts its share"),
]


@pytest.mark.parametrize("route, form, commitment, amount, words", COMMITMENT_CLICKS)
def test_twenty_parallel_commitments_commit_once(
    odoo_server, rpc, bees, route, form, commitment, amount, words
):
    bees_id = rpc.xmlid("komunigi_membership.partner_bees")
    ouf_id = rpc.xmlid("komunigi_membership.partner_oufticoop")
    cofinancing_id, answers, log = commitments_in_parallel(
        odoo_server, rpc, bees, [bees_id, ouf_id], route, form
    )
    assert_normal_answers(answers, log)
    share = bees_share(rpc, cofinancing_id, bees_id)
    assert (share["commitment"], share["pledge"]) == (commitment, amount)
    assert commitment_notes(rpc, cofinancing_id, words) == 1


def commitments_in_parallel(server, rpc, session, coops, route, form, **options):
    """The form of `route` posted PARALLEL times at once on a new co-financing of 300
    split among `coops`: (co-financing, answers, log)."""
    cofinancing_id = cofinancing_among(rpc, 300, coops)
    rpc("komunigi.cofinancing", "action_compute_split", [cofinancing_id])
    path = "/my/cofinancings/%d/%s" % (cofinancing_id, route)
    return (cofinancing_id,) + posted_in_parallel(
        server, session, path, form, **options
    )


def open_round(rpc, coops):
    """An open round of two requests of the last of `coops`, each co-op bringing a
    budget of 1,000: (round, its offer)."""
    offer = [
        estimated_request(rpc, coops[-1], "Round offer %d %s" % (n, uuid.uuid4()))
        for n in range(2)
    ]
    round_id = rpc(
        "komunigi.funding.round",
        "create",
        {
            "name": "Parallel round %s" % uuid.uuid4(),
            "date_to": moment(days=7)[:10],
            "participant_ids": [
                (0, 0, {"partner_id": coop, "budget": 1000}) for coop in coops
            ],
            "request_ids": [(6, 0, offer)],
        },
    )
    rpc("komunigi.funding.round", "action_open", [round_id])
    return round_id, offer


def test_twenty_parallel_round_approvals_make_one_ballot(odoo_server, rpc, bees):
    bees_id = rpc.xmlid("komunigi_membership.partner_bees")
    ouf_id = rpc.xmlid("komunigi_membership.partner_oufticoop")
    round_id, offer = open_round(rpc, [bees_id, ouf_id])
    answers, log = posted_in_parallel(
        odoo_server,
        bees,
        "/my/rounds/%d/vote" % round_id,
        {"approve": [str(request_id) for request_id in offer]},
    )
    assert_normal_answers(answers, log)
    ballots = rpc(
        "komunigi.funding.round.ballot",
        "search_read",
        [("round_id", "=", round_id), ("partner_id", "=", bees_id)],
        fields=["approved_request_ids"],
    )
    assert [sorted(b["approved_request_ids"]) for b in ballots] == [sorted(offer)]


def newsletter_contacts(rpc, partner_id):
    return rpc(
        "mail.mass_mailing.contact",
        "search_read",
        [("komunigi_partner_id", "=", partner_id)],
        fields=["opt_out"],
    )


@pytest.mark.parametrize("subscribe", ["0", "1"])  # ends subscribed, as it began
def test_twenty_parallel_newsletter_choices_write_once(
    odoo_server, rpc, bees, subscribe
):
    (user,) = rpc("res.users", "search_read", [("login", "=", "bees")], ["partner_id"])
    partner_id = user["partner_id"][0]
    answers, log = posted_in_parallel(
        odoo_server, bees, "/my/komunigi/newsletter", {"subscribe": subscribe}
    )
    assert_normal_answers(answers, log)
    opted_out = [contact["opt_out"] for contact in newsletter_contacts(rpc, partner_id)]
    assert opted_out and set(opted_out) == {subscribe == "0"}
