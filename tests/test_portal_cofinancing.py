# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/cofinancings and /my/rounds over real HTTP, as the BEES and Oufticoop users.

Each representative sees and changes their own co-op's shares and approvals only. The
data the pages need beyond the demo (an open co-financing to pledge in, an invoiced
one with validated invoices) is made and committed by a separate `odoo shell`
process. It is only added to the shared test database, never removed, and the demo
records are left as they are: the pledges of these tests go to the records made
here. The pages of /my/rounds are tested in test_portal_rounds.py.
"""

import re

import pytest
import requests

from .odoo_shell import shell_facts
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

def ref(xmlid):
    return env.ref(xmlid)

M = "komunigi_membership."
bees, ouf = ref(M + "partner_bees"), ref(M + "partner_oufticoop")
feve = ref(M + "partner_lafeve")
users = {"bees": ref(M + "user_bees_rep"), "oufticoop": ref(M + "user_oufticoop_rep")}
coops = {"bees": bees, "oufticoop": ouf}
Cofinancing = env["komunigi.cofinancing"]

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
    return shell_facts(script, MARKER, PREFIX=PREFIX)


@pytest.fixture(scope="module")
def facts(odoo_server):
    """What the pages are compared with, once the test data is committed."""
    return run_shell(DATA_SCRIPT)


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
