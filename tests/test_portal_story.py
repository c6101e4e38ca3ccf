# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo tells the seeds' story (issue 12, item 1b): what a new user sees after
`make run`, read over real HTTP from the demo data alone.

The other HTTP tests only add records to the shared database (sessions, requests,
invoices): every check here holds whatever they added.
"""

import re

import pytest
import requests

from .portal_pages import session_fixture, text_of

bees = session_fixture("bees")
oufticoop = session_fixture("oufticoop")


def page_text(server, session, path):
    response = session.get(server.url + path)
    assert response.status_code == 200
    assert response.url.endswith(path)
    return response.text


def block(markup, start, end):
    """The markup from the first `start` (a text of the page) to the next `end`."""
    begin = markup.index(start)
    stop = markup.find(end, begin + len(start))
    return markup[begin : stop if stop != -1 else None]


@pytest.fixture(scope="module")
def sessions_page(odoo_server, bees):
    return page_text(odoo_server, bees, "/my/sessions")


def test_bees_has_an_open_session_to_vote_in(sessions_page):
    assert "No session is open for voting." not in text_of(sessions_page)
    session = block(
        sessions_page,
        "Online vote: the supplier&#39;s price list",
        'class="panel panel-default o_komunigi_session',
    )
    assert "Develop purchase orders from the supplier" in session
    assert "o_komunigi_ballot_form" in session  # voting now, and BEES may vote
    assert "Not open now" not in session


def test_closed_sessions_show_their_tally_and_ranking(sessions_page):
    results = sessions_page[sessions_page.index(">Results<") :]
    assert "No session has closed yet." not in text_of(results)
    ranking = text_of(
        block(results, "Intercoop meeting: the backlog", "o_komunigi_session_results")
    )
    # Five co-ops with the voting right, five ballots; Schulze's order, top one approved.
    assert "5 / 5 Reached Ranked" in ranking
    assert re.search(r"\S > \S.* > \S.*; approved: \S", ranking), ranking
    yes_no = text_of(
        block(
            results,
            "Intercoop meeting: the closing report",
            "o_komunigi_session_results",
        )
    )
    assert "5 / 5 Reached Adopted" in yes_no
    assert "3 yes, 1 no, 1 abstain: adopted" in yes_no


def test_the_roadmap_has_a_request_in_each_section(odoo_server):
    page = requests.get(odoo_server.url + "/komunigi/roadmap")
    assert page.status_code == 200
    content = text_of(page.text)
    assert "None at the moment." not in content
    sections = [
        ("Approved", "Cash register closing report"),
        ("Funded", "Shift reminder e-mails"),
        ("In development", "Shift exchange between workers"),
        ("Delivered", "Customer wallet"),
    ]
    labels = [label for label, _title in sections] + ["\x00"]
    for (label, title), following in zip(sections, labels[1:]):
        section = content[content.index(label) :]
        section = (
            section[: section.find(following)] if following in section else section
        )
        assert title in section, (label, section)


def test_a_year_of_dues_some_paid(odoo_server, bees, oufticoop):
    for session, status in ((bees, "Paid"), (oufticoop, "Waiting for Payment")):
        page = page_text(odoo_server, session, "/my/komunigi")
        dues = text_of(block(page, 'id="o_komunigi_dues"', "o_komunigi_core_group"))
        assert status in dues
        # A year of periods on the invoice: twelve months and more.
        periods = re.findall(r"\d{2}/\d{2}/\d{4} - \d{2}/\d{2}/\d{4}", dues)
        assert periods, dues
