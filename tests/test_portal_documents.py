# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The PDF documents of the portal over real HTTP: the co-financing agreement, the
funding round result and the yearly statement, as the BEES and Oufticoop users.

Each document is rendered once by wkhtmltopdf and its text read back with PyPDF2
(pdf_text.py); each representative gets only its own co-op's documents, another co-op's id is not
found. The data (a closed round without Oufticoop, both co-ops' dues invoices of the
year) is made and committed by a separate `odoo shell` process, only added to the
shared test database.
"""

from datetime import date

import pytest

from .odoo_shell import shell_facts
from .pdf_text import pdf_pages
from .portal_pages import session_fixture

MARKER = "KOMUNIGI_DOCUMENTS="

# Runs in `odoo shell`. Run again, it finds what it made and only reads the facts.
DATA_SCRIPT = """
import json
from datetime import timedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tools.misc import formatLang

NAME = "Documents test: "
M = "komunigi_membership."
bees, ouf = env.ref(M + "partner_bees"), env.ref(M + "partner_oufticoop")
demain = env.ref(M + "partner_demain")
today = fields.Date.from_string(fields.Date.context_today(env.user))
# wkhtmltopdf fetches the report's styles from the test server.
env["ir.config_parameter"].set_param("report.url", REPORT_URL)

def offer(title, hours):
    record = env["komunigi.request"].create({
        "title": NAME + title, "partner_id": bees.id,
        "estimate_hours": hours, "hourly_rate": 50,
    })
    record.action_submit()
    record.action_start_analysis()
    record.action_estimate()
    return record

Round = env["komunigi.funding.round"]
closed = Round.search([("name", "=", NAME + "closed round")], limit=1)
if not closed:
    requests = offer("request A", 4)
    closed = Round.create({
        "name": NAME + "closed round", "rule": "mes-add1u",
        "date_to": fields.Date.to_string(today + timedelta(days=30)),
        "participant_ids": [(0, 0, {"partner_id": p.id, "budget": 300})
                            for p in (bees, demain)],
        "request_ids": [(6, 0, requests.ids)],
    })
    closed.action_open()
    for coop in (bees, demain):
        env["komunigi.funding.round.ballot"].cast(closed, coop, requests)
    closed.action_close()

def invoice_dues(coop):
    membership = env["komunigi.membership"].search(
        [("partner_id", "=", coop.id), ("state", "=", "active")])
    try:
        with env.cr.savepoint():
            membership.action_invoice_due_periods()
    except UserError:
        pass  # nothing due yet
    membership.dues_ids.mapped("invoice_id").filtered(
        lambda invoice: invoice.state == "draft").action_invoice_open()

def numbers_of(coop):
    year = str(today.year)
    return env["account.invoice"].search([
        ("commercial_partner_id", "=", coop.id), ("state", "in", ("open", "paid")),
        ("type", "in", ("out_invoice", "out_refund")),
        ("date_invoice", ">=", year + "-01-01"), ("date_invoice", "<=", year + "-12-31"),
    ]).mapped("number")

def amount(value):
    # As the PDF shows it to BEES' representative, in their language.
    lang = env.ref(M + "user_bees_rep").lang
    return " ".join(formatLang(env(context={"lang": lang}), value).split())

migration = env.ref("komunigi_cofinancing.cofinancing_migration")
for coop in (bees, ouf):
    invoice_dues(coop)
env.cr.commit()
print(MARKER + json.dumps({
    "coops": {"bees": bees.name, "oufticoop": ouf.name, "demain": demain.name},
    "numbers": {"bees": numbers_of(bees), "oufticoop": numbers_of(ouf)},
    "migration": {"id": migration.id, "name": migration.name,
                  "total": amount(migration.amount_total)},
    "subscription_form": env.ref("komunigi_cofinancing.cofinancing_subscription_form").id,
    "closed_round": closed.id,
    "open_round": env.ref("komunigi_cofinancing.funding_round_open").id,
    "selected": [
        {"title": c.request_id.title, "payments": {
            s.partner_id.name: amount(s.amount) for s in c.share_ids}}
        for c in closed.cofinancing_ids
    ],
}))
"""

bees = session_fixture("bees")
oufticoop = session_fixture("oufticoop")


@pytest.fixture(scope="module")
def facts(odoo_server):
    return shell_facts(DATA_SCRIPT, MARKER, REPORT_URL=odoo_server.url)


def pdf_text(response):
    """The text of a downloaded PDF, whitespace collapsed, checked a real PDF."""
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert ".pdf" in response.headers["Content-Disposition"]
    pages = pdf_pages(response.content)
    assert pages and all(pages)
    return " ".join(pages)


def get(server, session, path):
    return session.get(server.url + path)


def test_agreement_of_a_cofinancing_of_the_coop(odoo_server, facts, bees):
    migration = facts["migration"]
    page = get(odoo_server, bees, "/my/cofinancings/%d" % migration["id"])
    link = "/my/cofinancings/%d/agreement" % migration["id"]
    assert 'href="%s"' % link in page.text
    text = pdf_text(get(odoo_server, bees, link))
    assert migration["name"] in text and migration["total"] in text
    assert facts["coops"]["bees"] in text


def test_round_result_of_a_round_of_the_coop(odoo_server, facts, bees):
    link = "/my/rounds/%d/result" % facts["closed_round"]
    assert 'href="%s"' % link in get(odoo_server, bees, "/my/rounds").text
    text = pdf_text(get(odoo_server, bees, link))
    assert facts["selected"]
    for selected in facts["selected"]:
        assert selected["title"] in text
        for amount in selected["payments"].values():
            assert amount in text
    assert facts["coops"]["demain"] in text
    assert "pabulib.py round.pb --rule mes-add1u --tie-breaking default" in text


def test_statement_of_the_coop(odoo_server, facts, bees):
    year = date.today().year
    page = get(odoo_server, bees, "/my/komunigi").text
    for shown in (year, year - 1):
        assert 'href="/my/komunigi/statement?year=%d"' % shown in page
    text = pdf_text(get(odoo_server, bees, "/my/komunigi/statement?year=%d" % year))
    assert str(year) in text and facts["coops"]["bees"] in text
    assert facts["numbers"]["bees"]
    for number in facts["numbers"]["bees"]:
        assert number in text
    for number in facts["numbers"]["oufticoop"]:
        assert number not in text
    assert facts["coops"]["oufticoop"] not in text


@pytest.mark.parametrize(
    "path",
    [
        "/my/cofinancings/{subscription_form}/agreement",
        "/my/rounds/{closed_round}/result",  # Oufticoop takes no part in it
        "/my/rounds/{open_round}/result",  # no result before it closes
        "/my/cofinancings/999999999/agreement",
        "/my/komunigi/statement?year=abc",
        "/my/komunigi/statement?year=99999",
    ],
)
def test_another_coops_documents_are_not_found(odoo_server, facts, oufticoop, path):
    response = get(odoo_server, oufticoop, path.format(**facts))
    assert response.status_code == 404
    assert response.headers["Content-Type"].startswith("text/html")


def test_documents_log_no_traceback(odoo_server, facts):
    assert "Traceback" not in odoo_server.log()
