# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/cofinancings and /my/rounds over real HTTP, as the BEES and Oufticoop users.

Each representative sees and changes their own co-op's shares and approvals only. The
data the pages need beyond the demo (an open co-financing to pledge in, an invoiced
one with validated invoices, rounds of our own: open, without Oufticoop, draft and
closed) is made and committed by a separate `odoo shell` process. It is only added
to the shared test database, never removed, and the demo records are left as they
are: the pledges and approvals of these tests go to the records made here.
"""

import json
import re
import subprocess

import pytest
import requests

from .conftest import environment, odoo_command
from .portal_pages import (  # noqa: F401 (test_portal_rounds imports them here)
    alert,
    csrf_token,
    element,
    logged_in,
    post_form,
    shows_amount,
    text_of,
)
from .test_http_smoke import login

MARKER = "KOMUNIGI_COFINANCING_PORTAL="
PREFIX = "Portal test: "

# Runs in `odoo shell`. Run again, it finds what it made and only reads the facts.
DATA_SCRIPT = """
import json
from datetime import timedelta

from odoo import fields

def ref(xmlid):
    return env.ref(xmlid)

M = "komunigi_membership."
bees, ouf = ref(M + "partner_bees"), ref(M + "partner_oufticoop")
feve, demain = ref(M + "partner_lafeve"), ref(M + "partner_demain")
users = {"bees": ref(M + "user_bees_rep"), "oufticoop": ref(M + "user_oufticoop_rep")}
coops = {"bees": bees, "oufticoop": ouf}
Cofinancing = env["komunigi.cofinancing"]
Request = env["komunigi.request"]
Round = env["komunigi.funding.round"]
Ballot = env["komunigi.funding.round.ballot"]
today = fields.Date.from_string(fields.Date.context_today(env.user))

def cofinancing(name, values):
    return Cofinancing.search([("name", "=", PREFIX + name)], limit=1) or (
        Cofinancing.create(dict(values, name=PREFIX + name))
    )

pledges = cofinancing("pledges", {
    "amount_total": 900,
    "share_ids": [(0, 0, {"partner_id": p.id}) for p in (bees, ouf, feve)],
})

invoiced = cofinancing("invoiced", {
    "amount_total": 600,
    "split_method": "pledges",
    "share_ids": [(0, 0, {"partner_id": p.id, "pledge": 300}) for p in (bees, ouf)],
    "milestone_ids": [(0, 0, {"name": "At delivery", "percent": 100})],
})
if not invoiced.mapped("share_ids.invoice_link_ids"):  # funded by the pledges
    invoiced.action_invoice_milestone(invoiced.milestone_ids)
    invoiced.mapped("share_ids.invoice_link_ids.invoice_id").action_invoice_open()

def offer(title, hours):
    record = Request.search([("title", "=", PREFIX + title)], limit=1)
    if not record:
        record = Request.create({
            "title": PREFIX + title, "partner_id": bees.id,
            "estimate_hours": hours, "hourly_rate": 50,
        })
        record.action_submit()
        record.action_start_analysis()
        record.action_estimate()
    return record

offers = {key: offer("request " + key, hours) for key, hours in
          (("A", 4), ("B", 8), ("C", 10), ("D", 6))}

def funding_round(name, budgets, requests, state="open"):
    record = Round.search([("name", "=", PREFIX + name)], limit=1)
    if not record:
        record = Round.create({
            "name": PREFIX + name,
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
without_ouf = funding_round("round without Oufticoop", [(bees, 300), (demain, 300)],
                            offers["A"])
draft_round = funding_round("draft round", [(bees, 100), (ouf, 100)], offers["A"],
                            state="draft")
closed_round = funding_round(
    "closed round", [(bees, 400), (ouf, 300), (demain, 200)], offers["C"] | offers["D"]
)
if closed_round.state == "open":
    Ballot.cast(closed_round, bees, offers["C"] | offers["D"])
    Ballot.cast(closed_round, ouf, offers["C"])
    Ballot.cast(closed_round, demain, offers["D"])
    closed_round.action_close()
assert closed_round.cofinancing_ids, "the closed round funds nothing"

# An accountant outside the Komunigi groups: no access to co-financings at all (Odoo's
# /my pages need the invoices' read access, which a bare employee lacks).
if not env["res.users"].search([("login", "=", "komunigi-probe-accountant")]):
    env["res.users"].with_context(no_reset_password=True).create({
        "name": "Probe Accountant", "login": "komunigi-probe-accountant",
        "password": "komunigi-probe",
        "groups_id": [(6, 0, [ref("account.group_account_invoice").id])],
    })

def money(amount):
    return "{:,.2f}".format(amount)

def shares_of(coop):
    shares = env["komunigi.cofinancing.share"].search([("partner_id", "=", coop.id)])
    return [
        {"id": s.cofinancing_id.id, "name": s.cofinancing_id.name,
         "amount": money(s.amount)}
        for s in shares
    ]

def invoices_of(coop):
    share = invoiced.share_ids.filtered(lambda s: s.partner_id == coop)
    return [
        {"id": i.id, "number": i.number}
        for i in share.invoice_link_ids.mapped("invoice_id")
    ]

def results():
    return [
        {
            "reference": c.request_id.name,
            "payments": [
                {"coop": s.partner_id.name, "amount": money(s.amount)}
                for s in c.share_ids
            ],
        }
        for c in closed_round.cofinancing_ids
    ]

env.cr.commit()
print(MARKER + json.dumps({
    "coops": {
        login: {
            "login": user.login,
            "coop": coops[login].name,
            "rep": user.partner_id.name,
            "shares": shares_of(coops[login]),
            "invoices": invoices_of(coops[login]),
        }
        for login, user in users.items()
    },
    "all_cofinancings": {c.id: c.name for c in Cofinancing.search([])},
    "subscription_form": ref("komunigi_cofinancing.cofinancing_subscription_form").id,
    "migration": ref("komunigi_cofinancing.cofinancing_migration").id,
    "funded": ref("komunigi_cofinancing.cofinancing_shift_reminders").id,
    "pledges": pledges.id,
    "invoiced": invoiced.id,
    "demo_round": {"id": ref("komunigi_cofinancing.funding_round_open").id,
                   "name": ref("komunigi_cofinancing.funding_round_open").name},
    "offers": {key: {"id": r.id, "reference": r.name} for key, r in offers.items()},
    "rounds": {
        key: {"id": r.id, "name": r.name}
        for key, r in (("open", open_round), ("without_ouf", without_ouf),
                       ("draft", draft_round), ("closed", closed_round))
    },
    "results": results(),
}))
"""

# Runs in `odoo shell`: the chatter notes of a co-financing (newest first), and
# its followers.
NOTES_SCRIPT = """
import json
record = env["komunigi.cofinancing"].browse(RECORD_ID)
print(MARKER + json.dumps({
    "notes": [
        {"author": m.author_id.name, "body": m.body}
        for m in record.message_ids.filtered(lambda m: m.message_type == "comment")
    ],
    "followers": record.message_partner_ids.mapped("name"),
    "commitments": {
        s.partner_id.name: [s.commitment, s.pledge] for s in record.share_ids
    },
}))
"""


def run_shell(script):
    """Run `script` in `odoo shell` on the test database; its JSON answer."""
    result = subprocess.run(
        odoo_command(
            "-d", environment("KOMUNIGI_TEST_DB"), "--log-level=warn", command="shell"
        ),
        input=("MARKER = %r\nPREFIX = %r\n" % (MARKER, PREFIX) + script).encode(),
        capture_output=True,
        timeout=300,
        check=True,
    )
    stdout = result.stdout.decode()
    lines = [line for line in stdout.splitlines() if line.startswith(MARKER)]
    assert lines, "the script failed:\n%s\n%s" % (stdout, result.stderr.decode())
    return json.loads(lines[-1][len(MARKER) :])


@pytest.fixture(scope="module")
def facts(odoo_server):
    """What the pages are compared with, once the test data is committed."""
    return run_shell(DATA_SCRIPT)


def round_section(page, round_id):
    """The markup of a round's panel: from its id to the next round's."""
    start = page.index('id="round-%d"' % round_id)
    following = re.search(r'\sid="round-\d+"', page[start + 1 :])
    return page[start : start + 1 + following.start() if following else len(page)]


def pledge_input(page):
    return re.search(r'name="pledge"[^>]*value="([^"]*)"', page).group(1)


def pledge(server, session, cofinancing_id, value):
    url = "/my/cofinancings/%d" % cofinancing_id
    return post_form(server, session, url, url + "/pledge", {"pledge": value})


def current_pledge(server, session, cofinancing_id):
    page = session.get(server.url + "/my/cofinancings/%d" % cofinancing_id).text
    return pledge_input(page)


# --- /my/cofinancings -----------------------------------------------------------------
@pytest.mark.parametrize("name", ["bees", "oufticoop"])
def test_list_shows_own_shares_only(odoo_server, facts, name):
    own = facts["coops"][name]
    session = logged_in(odoo_server, own["login"])
    response = session.get(odoo_server.url + "/my/cofinancings")
    assert response.status_code == 200
    page = response.text
    own_ids = {share["id"] for share in own["shares"]}
    for share in own["shares"]:
        row = element(page, "tr", "cofinancing-%d" % share["id"])
        assert share["name"] in row
        assert share["amount"] in row
    own_names = " ".join(share["name"] for share in own["shares"])
    for cofinancing_id, cofinancing_name in facts["all_cofinancings"].items():
        if int(cofinancing_id) not in own_ids:
            assert 'href="/my/cofinancings/%s"' % cofinancing_id not in page
            if cofinancing_name not in own_names:  # names of other tests' records
                assert cofinancing_name not in text_of(page)
    stranger = facts["coops"]["oufticoop" if name == "bees" else "bees"]["coop"]
    assert stranger not in text_of(page)


def test_oufticoop_never_sees_the_subscription_form(odoo_server, facts):
    session = logged_in(odoo_server, "oufticoop")
    subscription = facts["all_cofinancings"][str(facts["subscription_form"])]
    assert subscription not in session.get(odoo_server.url + "/my/cofinancings").text
    url = "/my/cofinancings/%d" % facts["subscription_form"]
    response = session.get(odoo_server.url + url)
    assert response.status_code == 404
    assert subscription not in response.text
    # Its pledge form is not there either, even with a valid token (from a page of
    # Oufticoop's own co-financing).
    own_page = "/my/cofinancings/%d" % facts["pledges"]
    response = post_form(
        odoo_server, session, own_page, url + "/pledge", {"pledge": "1"}
    )
    assert response.status_code == 404
    assert subscription not in response.text


def test_bees_sees_the_subscription_form_detail(odoo_server, facts):
    session = logged_in(odoo_server, "bees")
    url = "/my/cofinancings/%d" % facts["subscription_form"]
    response = session.get(odoo_server.url + url)
    assert response.status_code == 200
    detail = text_of(response.text)
    assert facts["all_cofinancings"][str(facts["subscription_form"])] in detail
    assert "La Fève" not in detail
    assert 'name="pledge"' in response.text


@pytest.mark.parametrize("name", ["bees", "oufticoop"])
def test_invoices_link_to_the_portal_invoice(odoo_server, facts, name):
    own = facts["coops"][name]
    stranger = facts["coops"]["oufticoop" if name == "bees" else "bees"]
    session = logged_in(odoo_server, own["login"])
    page = session.get(odoo_server.url + "/my/cofinancings").text
    detail = session.get(
        odoo_server.url + "/my/cofinancings/%d" % facts["invoiced"]
    ).text
    assert own["invoices"]
    for invoice in own["invoices"]:
        link = 'href="/my/invoices/%d"' % invoice["id"]
        assert link in page and link in detail
        opened = session.get(odoo_server.url + "/my/invoices/%d" % invoice["id"])
        assert opened.url.endswith("/my/invoices/%d" % invoice["id"])
        assert invoice["number"] in opened.text
    for invoice in stranger["invoices"]:
        assert "/my/invoices/%d" % invoice["id"] not in page + detail
        assert invoice["number"] not in page + detail


def test_milestones_are_listed(odoo_server, facts):
    session = logged_in(odoo_server, "bees")
    row = element(
        session.get(odoo_server.url + "/my/cofinancings").text,
        "tr",
        "cofinancing-%d" % facts["migration"],
    )
    assert "At approval (50%)" in row
    assert "At delivery (50%)" in row


# --- pledges --------------------------------------------------------------------------
@pytest.mark.parametrize(
    "name, typed, stored",
    [("oufticoop", "123,45", "123.45"), ("bees", "300", "300.00")],
)
def test_pledge_is_recorded(odoo_server, facts, name, typed, stored):
    session = logged_in(odoo_server, name)
    response = pledge(odoo_server, session, facts["pledges"], typed)
    assert response.status_code == 200
    assert response.url.endswith("/my/cofinancings/%d?pledged=1" % facts["pledges"])
    assert "Your co-op's pledge is recorded." in text_of(response.text)
    assert pledge_input(response.text) == stored
    assert stored in element(response.text, "dl", "o_komunigi_share")


@pytest.mark.parametrize(
    "typed, message",
    [
        ("-5", "A pledge cannot be negative."),
        ("abc", "Type the pledge as a number"),
        ("nan", "Type the pledge as a number"),
        ("", "Type the pledge as a number"),
        ("1e9", "is still missing"),
    ],
)
def test_bad_pledge_writes_nothing(odoo_server, facts, typed, message):
    session = logged_in(odoo_server, "oufticoop")
    assert pledge(odoo_server, session, facts["pledges"], "200").status_code == 200
    response = pledge(odoo_server, session, facts["pledges"], typed)
    assert response.status_code == 200
    assert message in alert(response.text, "o_komunigi_pledge_error")
    assert pledge_input(response.text) == typed  # the form shows what was typed
    assert current_pledge(odoo_server, session, facts["pledges"]) == "200.00"


def test_pledge_on_a_funded_cofinancing_is_refused(odoo_server, facts):
    session = logged_in(odoo_server, "bees")
    url = "/my/cofinancings/%d" % facts["funded"]
    before = session.get(odoo_server.url + url)
    assert 'name="pledge"' not in before.text  # no form once funded
    response = post_form(odoo_server, session, url, url + "/pledge", {"pledge": "10"})
    assert response.status_code == 200
    assert "no longer open for pledges" in alert(
        response.text, "o_komunigi_pledge_error"
    )
    after = session.get(odoo_server.url + url).text
    share = element(before.text, "dl", "o_komunigi_share")
    assert element(after, "dl", "o_komunigi_share") == share


def test_pledge_without_csrf_token_is_refused(odoo_server, facts):
    session = logged_in(odoo_server, "oufticoop")
    assert pledge(odoo_server, session, facts["pledges"], "200").status_code == 200
    url = odoo_server.url + "/my/cofinancings/%d/pledge" % facts["pledges"]
    assert session.post(url, data={"pledge": "50"}).status_code == 400
    assert current_pledge(odoo_server, session, facts["pledges"]) == "200.00"


def test_pledge_is_noted_in_the_chatter(odoo_server, facts):
    session = logged_in(odoo_server, "oufticoop")
    assert pledge(odoo_server, session, facts["pledges"], "222.22").status_code == 200
    pledge(odoo_server, session, facts["pledges"], "-1")
    chatter = run_shell(NOTES_SCRIPT.replace("RECORD_ID", str(facts["pledges"])))
    notes = chatter["notes"]
    assert shows_amount(text_of(notes[0]["body"]), "Oufticoop pledges", "222.22")
    assert notes[0]["author"] == facts["coops"]["oufticoop"]["rep"]
    assert not any("-1.00" in note["body"] for note in notes)
    # The representative does not follow the co-financing's discussions.
    assert facts["coops"]["oufticoop"]["rep"] not in chatter["followers"]


# --- /my/rounds -----------------------------------------------------------------------
@pytest.mark.parametrize("name, budget", [("bees", "400.00"), ("oufticoop", "250.00")])
def test_rounds_list_the_coops_rounds(odoo_server, facts, name, budget):
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
    assert 'id="round-%d"' % facts["demo_round"]["id"] in page
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
    section = round_section(page, facts["rounds"]["closed"]["id"])
    results = text_of(section)
    offers = [text_of(item) for item in re.findall(r"<li>(.*?)</li>", section, re.S)]
    for result in facts["results"]:
        assert result["reference"] in results
        offer = [item for item in offers if item.startswith(result["reference"])]
        assert offer and "Selected" in offer[0] and "Not selected" not in offer[0]
        for payment in result["payments"]:
            assert shows_amount(results, payment["coop"], payment["amount"])


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


@pytest.mark.parametrize(
    "offers, message",
    [
        (["abc"], "Approve only the requests on offer in this round."),
        ([999999999], "Approve only the requests on offer in this round."),
        (["C"], "Approve only the requests on offer in this round."),
    ],
)
def test_vote_with_bad_requests_is_refused(odoo_server, facts, offers, message):
    session = logged_in(odoo_server, "oufticoop")
    round_id = facts["rounds"]["open"]["id"]
    a = facts["offers"]["A"]
    vote(odoo_server, session, round_id, [a["id"]])
    ids = [facts["offers"][o]["id"] if o in facts["offers"] else o for o in offers]
    response = vote(odoo_server, session, round_id, ids)
    assert response.status_code == 200
    assert message in alert(response.text, "o_komunigi_round_error")
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


# --- entries, access, log -------------------------------------------------------------
@pytest.mark.parametrize("name", ["bees", "oufticoop"])
def test_portal_home_offers_the_entries(odoo_server, facts, name):
    session = logged_in(odoo_server, name)
    home = session.get(odoo_server.url + "/my/home").text
    assert 'href="/my/cofinancings"' in home
    assert 'href="/my/rounds"' in home
    entry = re.search(
        r'o_komunigi_cofinancings_entry">\s*<span class="badge">(\d+)</span>', home
    )
    assert int(entry.group(1)) == len(facts["coops"][name]["shares"])


@pytest.mark.parametrize("path", ["/my/cofinancings", "/my/rounds"])
def test_anonymous_is_sent_to_login(odoo_server, path):
    response = requests.get(odoo_server.url + path, allow_redirects=False)
    assert response.status_code in (302, 303)
    assert "/web/login" in response.headers["Location"]


def test_accountant_outside_komunigi_gets_empty_pages(odoo_server, facts):
    session, _response = login(
        odoo_server, "komunigi-probe-accountant", "komunigi-probe"
    )
    home = session.get(odoo_server.url + "/my/home")
    assert home.status_code == 200
    assert 'href="/my/cofinancings"' not in home.text
    assert 'href="/my/rounds"' not in home.text
    page = session.get(odoo_server.url + "/my/cofinancings")
    assert page.status_code == 200 and "o_komunigi_no_cofinancing" in page.text
    page = session.get(odoo_server.url + "/my/rounds")
    assert page.status_code == 200 and "No round your co-op takes part in" in page.text
    url = "/my/cofinancings/%d" % facts["pledges"]
    assert session.get(odoo_server.url + url).status_code == 404


def test_portal_pages_log_no_traceback(odoo_server, facts):
    session = logged_in(odoo_server, "bees")
    for path in ("/my/cofinancings", "/my/rounds"):
        session.get(odoo_server.url + path)
    assert "Traceback" not in odoo_server.log()
