# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/komunigi over real HTTP: each representative sees their own co-op, never another.

The dues invoices are made and committed by a separate `odoo shell` process, as the
dues run would make them; the server under test then serves them to the portal users.
The data is only added to the shared test database, never removed.
"""

import pytest
import requests

from .odoo_shell import shell_facts
from .portal_pages import logged_in, shows_amount, text_of
from .test_http_smoke import login

MARKER = "KOMUNIGI_PORTAL_DATA="
PROBE_PASSWORD = "komunigi-probe"

# Runs in `odoo shell`: validated dues invoices for the two demo co-ops (the setting is
# restored afterwards), two portal users who represent no member co-op, then the facts
# the tests compare the pages with. Run again, it only reads what is there.
DATA_SCRIPT = """
import json
from odoo import fields

def ref(xmlid):
    return env.ref("komunigi_membership." + xmlid)

company = env.ref("base.main_company")
state_before = company.komunigi_dues_invoice_state
company.komunigi_dues_invoice_state = "open"
memberships = ref("membership_bees") | ref("membership_oufticoop")
memberships._invoice_dues(fields.Date.from_string(fields.Date.context_today(env.user)))
company.komunigi_dues_invoice_state = state_before

portal = env.ref("base.group_portal")
Users = env["res.users"].with_context(no_reset_password=True)

def probe_user(login, partner_values):
    if not Users.search([("login", "=", login)]):
        partner = env["res.partner"].create(partner_values)
        Users.create({
            "login": login, "password": PASSWORD, "partner_id": partner.id,
            "groups_id": [(6, 0, [portal.id])],
        })

probe_user("komunigi-probe-person", {"name": "Probe Person", "email": "p@x.example"})
if not Users.search([("login", "=", "komunigi-probe-coop")]):
    coop = env["res.partner"].create(
        {"name": "Probe Co-op Without Membership", "is_company": True}
    )
    probe_user("komunigi-probe-coop", {
        "name": "Probe Coop Contact", "parent_id": coop.id, "email": "c@x.example",
    })

def facts(membership, user):
    invoices = membership.dues_ids.mapped("invoice_id").filtered(
        lambda i: i.state in ("open", "paid")
    )
    assert invoices, "no validated dues invoice for %s" % membership.name
    assert all(membership.partner_id in i.message_partner_ids for i in invoices)
    figures = env["komunigi.dashboard"]._of_membership(membership)
    return {
        "figures": {
            "Invoiced": "{:,.2f}".format(figures.dues_invoiced),
            "To be paid": "{:,.2f}".format(figures.dues_open),
        },
        "login": user.login,
        "coop": membership.partner_id.name,
        "tier": membership.tier_id.name,
        "state": dict(membership._fields["state"].selection)[membership.state],
        "invoices": [
            {"id": i.id, "number": i.number, "total": "%.2f" % i.amount_total}
            for i in invoices
        ],
    }

env.cr.commit()
print(MARKER + json.dumps({
    "bees": facts(ref("membership_bees"), ref("user_bees_rep")),
    "oufticoop": facts(ref("membership_oufticoop"), ref("user_oufticoop_rep")),
}))
"""


@pytest.fixture(scope="module")
def coops(odoo_server):
    """Facts of the two demo co-ops, once their dues invoices are committed."""
    return shell_facts(DATA_SCRIPT, MARKER, PASSWORD=PROBE_PASSWORD)


def other(coops, name):
    return coops["oufticoop" if name == "bees" else "bees"]


def section(page, start_id, end_id=None):
    """The text between two elements of the page, by id (to the end if no end_id)."""
    start = page.index('id="%s"' % start_id)
    end = page.index('id="%s"' % end_id) if end_id else len(page)
    return text_of(page[start:end])


@pytest.mark.parametrize("name", ["bees", "oufticoop"])
def test_representative_sees_own_membership(odoo_server, coops, name):
    own = coops[name]
    session = logged_in(odoo_server, own["login"])
    response = session.get(odoo_server.url + "/my/komunigi")
    assert response.status_code == 200
    assert response.url.endswith("/my/komunigi")
    membership = section(response.text, "o_komunigi_membership", "o_komunigi_dues")
    assert "Co-op %s State" % own["coop"] in membership
    assert "State %s Tier %s Monthly rate" % (own["state"], own["tier"]) in membership
    dues = section(response.text, "o_komunigi_dues", "o_komunigi_core_group")
    for invoice in own["invoices"]:
        assert invoice["number"] in dues
        assert invoice["total"] in dues
        assert 'href="/my/invoices/%d"' % invoice["id"] in response.text
    figures = section(response.text, "o_komunigi_figures", "o_komunigi_dues")
    assert "Your co-op in figures" in figures
    for label, amount in own["figures"].items():
        assert shows_amount(figures, label, amount), (label, amount, figures)
    # The chart of the co-op's contributions: a bar for each of the last 8 quarters.
    assert response.text.count('class="o_komunigi_contributions_bar"') == 8
    core_group = section(response.text, "o_komunigi_core_group")
    assert "Coop IT Easy" in core_group


@pytest.mark.parametrize("name", ["bees", "oufticoop"])
def test_representative_never_sees_other_coop(odoo_server, coops, name):
    own, stranger = coops[name], other(coops, name)
    session = logged_in(odoo_server, own["login"])
    page = session.get(odoo_server.url + "/my/komunigi").text
    # The core group lists the elected members of other co-ops by design: everything
    # before it is about the representative's co-op only.
    assert stranger["coop"] not in section(
        page, "o_komunigi_membership", "o_komunigi_core_group"
    )
    own_totals = {invoice["total"] for invoice in own["invoices"]}
    for invoice in stranger["invoices"]:
        assert invoice["number"] not in page
        assert "/my/invoices/%d" % invoice["id"] not in page
        if invoice["total"] not in own_totals:
            assert invoice["total"] not in page


@pytest.mark.parametrize("name", ["bees", "oufticoop"])
def test_representative_opens_own_dues_invoice(odoo_server, coops, name):
    own = coops[name]
    session = logged_in(odoo_server, own["login"])
    for invoice in own["invoices"]:
        response = session.get(odoo_server.url + "/my/invoices/%d" % invoice["id"])
        assert response.status_code == 200
        assert response.url.endswith("/my/invoices/%d" % invoice["id"])
        assert invoice["number"] in response.text


@pytest.mark.parametrize("name", ["bees", "oufticoop"])
@pytest.mark.parametrize("path", ["/my/invoices/%d", "/my/invoices/pdf/%d"])
def test_representative_cannot_open_other_coop_invoice(odoo_server, coops, name, path):
    own, stranger = coops[name], other(coops, name)
    session = logged_in(odoo_server, own["login"])
    for invoice in stranger["invoices"]:
        response = session.get(odoo_server.url + path % invoice["id"])
        refused = response.status_code in (403, 404)
        redirected = response.history and not response.url.endswith(
            path % invoice["id"]
        )
        assert refused or redirected
        assert "application/pdf" not in response.headers.get("Content-Type", "")
        assert invoice["number"] not in response.text
        assert stranger["coop"] not in response.text


def test_portal_home_offers_komunigi_entry(odoo_server, coops):
    session = logged_in(odoo_server, coops["bees"]["login"])
    home = session.get(odoo_server.url + "/my/home")
    assert home.status_code == 200
    assert 'href="/my/komunigi"' in home.text
    assert "o_komunigi_home_entry" in home.text


def test_anonymous_is_sent_to_login(odoo_server):
    response = requests.get(odoo_server.url + "/my/komunigi", allow_redirects=False)
    assert response.status_code in (302, 303)
    assert "/web/login" in response.headers["Location"]
    assert "/web/login" in requests.get(odoo_server.url + "/my/komunigi").url


def test_contact_of_coop_without_membership_gets_clear_page(odoo_server, coops):
    session, _response = login(odoo_server, "komunigi-probe-coop", PROBE_PASSWORD)
    response = session.get(odoo_server.url + "/my/komunigi")
    assert response.status_code == 200
    message = section(response.text, "o_komunigi_no_membership")
    assert "Probe Co-op Without Membership is not a member" in message
    for facts in coops.values():
        assert facts["coop"] not in message
    assert 'href="/my/komunigi"' not in session.get(odoo_server.url + "/my/home").text


def test_user_outside_any_coop_gets_clear_page(odoo_server, coops):
    session, _response = login(odoo_server, "komunigi-probe-person", PROBE_PASSWORD)
    response = session.get(odoo_server.url + "/my/komunigi")
    assert response.status_code == 200
    assert "not linked to a member co-op" in section(
        response.text, "o_komunigi_no_membership"
    )


def test_coordinator_without_membership_gets_clear_page(odoo_server):
    session, _response = login(odoo_server, "admin", "admin")
    response = session.get(odoo_server.url + "/my/komunigi")
    assert response.status_code == 200
    assert 'id="o_komunigi_no_membership"' in response.text


def test_portal_pages_log_no_traceback(odoo_server, coops):
    session = logged_in(odoo_server, coops["bees"]["login"])
    session.get(odoo_server.url + "/my/komunigi")
    assert "Traceback" not in odoo_server.log()
