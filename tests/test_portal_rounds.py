# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/rounds over real HTTP, as the BEES and Oufticoop users.

Each representative sees its co-op's rounds and changes its own approvals only. A
round shows the offer frozen when it opened, whatever happened to the requests since:
the data script tries to put a request of the open round to a session vote, and puts
a request the closed round did not select to one. The rounds are made and committed
by a separate `odoo shell` process, only added to the shared test database.
"""

import re
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from .test_portal_cofinancing import (
    alert,
    csrf_token,
    element,
    logged_in,
    post_form,
    run_shell,
    shows_amount,
    text_of,
)

# Runs in `odoo shell`. Run again, it finds what it made and only reads the facts.
DATA_SCRIPT = """
import json
from datetime import datetime, timedelta

from odoo import fields
from odoo.exceptions import UserError

ROUNDS = "Round portal test: "
M = "komunigi_membership."
bees, ouf = env.ref(M + "partner_bees"), env.ref(M + "partner_oufticoop")
demain = env.ref(M + "partner_demain")
Request = env["komunigi.request"]
Round = env["komunigi.funding.round"]
Ballot = env["komunigi.funding.round.ballot"]
today = fields.Date.from_string(fields.Date.context_today(env.user))

def offer(title, hours):
    record = Request.search([("title", "=", ROUNDS + title)], limit=1)
    if not record:
        record = Request.create({
            "title": ROUNDS + title, "partner_id": bees.id,
            "estimate_hours": hours, "hourly_rate": 50,
        })
        record.action_submit()
        record.action_start_analysis()
        record.action_estimate()
    return record

def put_to_a_vote(request):
    # A session that decides `request`; refused while a round holds it.
    session = env["komunigi.session"].create({
        "name": ROUNDS + "meeting on " + request.name,
        "date": fields.Date.to_string(today),
        "voting_opens": fields.Datetime.to_string(datetime.now() - timedelta(hours=1)),
        "voting_closes": fields.Datetime.to_string(datetime.now() + timedelta(days=1)),
        "item_ids": [(0, 0, {"name": "Decide", "method": "yes_no",
                             "request_ids": [(6, 0, request.ids)]})],
    })
    try:
        with env.cr.savepoint():
            session.action_open()
    except UserError:
        pass

offers = {key: offer("request " + key, hours) for key, hours in
          (("A", 4), ("B", 8), ("C", 10), ("D", 6), ("E", 3), ("F", 2))}

def funding_round(name, budgets, requests, state="open"):
    record = Round.search([("name", "=", ROUNDS + name)], limit=1)
    if not record:
        record = Round.create({
            "name": ROUNDS + name,
            "date_to": fields.Date.to_string(today + timedelta(days=30)),
            "participant_ids": [
                (0, 0, {"partner_id": p.id, "budget": b}) for p, b in budgets
            ],
            "request_ids": [(6, 0, requests.ids)],
        })
        if state != "draft":
            record.action_open()
    return record

open_round = funding_round(
    "open round", [(bees, 400), (ouf, 250), (demain, 150)], offers["A"] | offers["B"]
)
put_to_a_vote(offers["A"])
without_ouf = funding_round("round without Oufticoop", [(bees, 300), (demain, 300)],
                            offers["E"])
draft_round = funding_round("draft round", [(bees, 100), (ouf, 100)], offers["A"],
                            state="draft")
closed_round = funding_round(
    "closed round", [(bees, 400), (ouf, 300), (demain, 200)],
    offers["C"] | offers["D"] | offers["F"],
)
if closed_round.state == "open":
    Ballot.cast(closed_round, bees, offers["C"] | offers["D"])
    Ballot.cast(closed_round, ouf, offers["C"])
    Ballot.cast(closed_round, demain, offers["D"])
    closed_round.action_close()
    put_to_a_vote(offers["F"])  # nobody approved it: free again, it moves on
assert closed_round.cofinancing_ids, "the closed round funds nothing"
assert offers["F"] not in closed_round.cofinancing_ids.mapped("request_id")

def money(amount):
    return "{:,.2f}".format(amount)

env.cr.commit()
print(MARKER + json.dumps({
    "demo_round": env.ref("komunigi_cofinancing.funding_round_open").id,
    "offers": {key: {"id": r.id, "reference": r.name} for key, r in offers.items()},
    "rounds": {
        key: {"id": r.id, "name": r.name}
        for key, r in (("open", open_round), ("without_ouf", without_ouf),
                       ("draft", draft_round), ("closed", closed_round))
    },
    "results": [
        {
            "reference": c.request_id.name,
            "payments": [
                {"coop": s.partner_id.name, "amount": money(s.amount)}
                for s in c.share_ids
            ],
        }
        for c in closed_round.cofinancing_ids
    ],
}))
"""


@pytest.fixture(scope="module")
def facts(odoo_server):
    """What the pages are compared with, once the rounds are committed."""
    return run_shell(DATA_SCRIPT)


def round_section(page, round_id):
    """The markup of a round's panel: from its id to the next round's."""
    start = page.index('id="round-%d"' % round_id)
    following = re.search(r'\sid="round-\d+"', page[start + 1 :])
    return page[start : start + 1 + following.start() if following else len(page)]


def offered(page, round_id):
    """The text of each request a closed round's results list, by reference."""
    found = re.search(r'<ul[^>]*id="offers-%d"[^>]*>(.*?)</ul>' % round_id, page, re.S)
    items = [
        text_of(item) for item in re.findall(r"<li>(.*?)</li>", found.group(1), re.S)
    ]
    return {item.split()[0]: item for item in items}


def vote(server, session, round_id, request_ids):
    return post_form(
        server,
        session,
        "/my/rounds",
        "/my/rounds/%d/vote" % round_id,
        {"approve": [str(request_id) for request_id in request_ids]},
    )


def approvals(page, round_id):
    """The co-op's approvals in the round, as the page sums them up."""
    return element(round_section(page, round_id), "p", "approvals-%d" % round_id)


def ticked(page, round_id, request_id):
    """Whether the request's box is ticked in the round's form."""
    box = re.search(
        r'<input[^>]*id="approve_%d_%d"[^>]*>' % (round_id, request_id), page
    ).group(0)
    return "checked" in box


@pytest.mark.parametrize("name, budget", [("bees", "400.00"), ("oufticoop", "250.00")])
def test_rounds_list_the_coops_rounds(odoo_server, facts, name, budget):
    """A, which a session tried to put to a vote, is still on offer."""
    session = logged_in(odoo_server, name)
    response = session.get(odoo_server.url + "/my/rounds")
    assert response.status_code == 200
    page = response.text
    rounds = facts["rounds"]
    open_round = text_of(round_section(page, rounds["open"]["id"]))
    assert shows_amount(open_round, "Your co-op's budget:", budget)
    for key in ("A", "B"):
        assert facts["offers"][key]["reference"] in open_round
    assert "200.00" in open_round and "400.00" in open_round  # costs: 4 h and 8 h
    assert 'id="round-%d"' % facts["demo_round"] in page
    assert 'id="round-%d"' % rounds["closed"]["id"] in page
    assert rounds["draft"]["name"] not in page
    if name == "oufticoop":
        assert rounds["without_ouf"]["name"] not in page
    else:
        assert rounds["without_ouf"]["name"] in page


@pytest.mark.parametrize("name", ["bees", "oufticoop"])
def test_closed_round_shows_what_each_coop_pays(odoo_server, facts, name):
    session = logged_in(odoo_server, name)
    page = session.get(odoo_server.url + "/my/rounds").text
    closed_id = facts["rounds"]["closed"]["id"]
    results = text_of(round_section(page, closed_id))
    offers = offered(page, closed_id)
    for result in facts["results"]:
        assert result["reference"] in results
        offer = offers[result["reference"]]
        assert "Selected" in offer and "Not selected" not in offer
        for payment in result["payments"]:
            assert shows_amount(results, payment["coop"], payment["amount"])


def test_closed_round_shows_its_whole_offer(odoo_server, facts):
    """F, not selected and put to a vote since, is still listed, at its cost."""
    session = logged_in(odoo_server, "bees")
    page = session.get(odoo_server.url + "/my/rounds").text
    offers = offered(page, facts["rounds"]["closed"]["id"])
    references = [facts["offers"][key]["reference"] for key in ("C", "D", "F")]
    assert sorted(offers) == sorted(references)
    not_selected = offers[facts["offers"]["F"]["reference"]]
    assert "Not selected" in not_selected and "100.00" in not_selected


def test_vote_and_change_it(odoo_server, facts):
    session = logged_in(odoo_server, "oufticoop")
    round_id = facts["rounds"]["open"]["id"]
    a, b = facts["offers"]["A"], facts["offers"]["B"]
    response = vote(odoo_server, session, round_id, [a["id"], b["id"]])
    assert response.status_code == 200
    assert "/my/rounds?voted=%d" % round_id in response.url
    assert "are recorded" in alert(response.text, "o_komunigi_round_message")
    approved = approvals(response.text, round_id)
    assert a["reference"] in approved and b["reference"] in approved
    response = vote(odoo_server, session, round_id, [a["id"]])
    approved = approvals(response.text, round_id)
    assert a["reference"] in approved and b["reference"] not in approved
    assert ticked(response.text, round_id, a["id"])
    assert not ticked(response.text, round_id, b["id"])
    response = vote(odoo_server, session, round_id, [])
    assert "no request" in approvals(response.text, round_id)


def test_bees_vote_does_not_touch_oufticoop_ballot(odoo_server, facts):
    round_id = facts["rounds"]["open"]["id"]
    a, b = facts["offers"]["A"], facts["offers"]["B"]
    ouf = logged_in(odoo_server, "oufticoop")
    vote(odoo_server, ouf, round_id, [a["id"]])
    bees = logged_in(odoo_server, "bees")
    vote(odoo_server, bees, round_id, [b["id"]])
    page = ouf.get(odoo_server.url + "/my/rounds").text
    approved = approvals(page, round_id)
    assert a["reference"] in approved and b["reference"] not in approved


@pytest.mark.parametrize("offers", [["abc"], [999999999], ["C"]])
def test_vote_with_bad_requests_is_refused(odoo_server, facts, offers):
    session = logged_in(odoo_server, "oufticoop")
    round_id = facts["rounds"]["open"]["id"]
    a = facts["offers"]["A"]
    vote(odoo_server, session, round_id, [a["id"]])
    ids = [facts["offers"][o]["id"] if o in facts["offers"] else o for o in offers]
    response = vote(odoo_server, session, round_id, ids)
    assert response.status_code == 200
    error = alert(response.text, "o_komunigi_round_error")
    assert "Approve only the requests on offer" in error
    assert facts["rounds"]["open"]["name"] in error
    approved = approvals(response.text, round_id)
    assert a["reference"] in approved  # unchanged


def test_vote_on_a_closed_round_is_refused(odoo_server, facts):
    session = logged_in(odoo_server, "oufticoop")
    closed = facts["rounds"]["closed"]
    response = vote(odoo_server, session, closed["id"], [facts["offers"]["C"]["id"]])
    assert response.status_code == 200
    assert "is not open" in alert(response.text, "o_komunigi_round_error")


@pytest.mark.parametrize("key", ["without_ouf", "draft"])
def test_vote_on_a_round_of_others_is_not_found(odoo_server, facts, key):
    session = logged_in(odoo_server, "oufticoop")
    other_round = facts["rounds"][key]
    response = vote(
        odoo_server, session, other_round["id"], [facts["offers"]["A"]["id"]]
    )
    assert response.status_code == 404
    assert other_round["name"] not in response.text
    assert facts["offers"]["A"]["reference"] not in response.text


def test_vote_without_csrf_token_is_refused(odoo_server, facts):
    session = logged_in(odoo_server, "oufticoop")
    round_id = facts["rounds"]["open"]["id"]
    response = session.post(
        odoo_server.url + "/my/rounds/%d/vote" % round_id,
        data={"approve": [str(facts["offers"]["B"]["id"])]},
    )
    assert response.status_code == 400


def test_parallel_votes_give_one_ballot_and_normal_answers(odoo_server, facts):
    """20 posts of BEES's first ballot at once: 20 pages, and one ballot."""
    session = logged_in(odoo_server, "bees")
    round_id = facts["rounds"]["without_ouf"]["id"]
    token = csrf_token(session.get(odoo_server.url + "/my/rounds").text)
    offer = facts["offers"]["E"]

    def post(_index):
        twin = requests.Session()
        twin.cookies.update(session.cookies)
        return twin.post(
            odoo_server.url + "/my/rounds/%d/vote" % round_id,
            data={"approve": [str(offer["id"])], "csrf_token": token},
        )

    with ThreadPoolExecutor(max_workers=20) as pool:
        responses = list(pool.map(post, range(20)))
    assert [r.status_code for r in responses] == [200] * 20
    messages = [alert(r.text, "o_komunigi_round_message") or "" for r in responses]
    assert all("are recorded" in message for message in messages)
    assert offer["reference"] in approvals(responses[0].text, round_id)


def test_rounds_page_logs_no_traceback(odoo_server, facts):
    session = logged_in(odoo_server, "bees")
    session.get(odoo_server.url + "/my/rounds")
    assert "Traceback" not in odoo_server.log()
