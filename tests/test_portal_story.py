# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The demo tells the seeds' story (issue 12, item 1b): what a new user sees after
`make run`, read over real HTTP from the demo data alone.

The other HTTP tests only add records to the shared database (sessions, requests,
invoices): every check here holds whatever they added.
"""

import re
from datetime import date, timedelta

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


def session_panels(markup):
    """{session name: (its markup, its visible text)} of /my/sessions."""
    panels = {}
    for chunk in re.split(r'(?=<div[^>]*\sid="session-\d+")', markup)[1:]:
        text = text_of(chunk)
        name = text.split(" meeting on ")[0]
        panels.setdefault(name, (chunk, text))
    return panels


@pytest.fixture(scope="module")
def sessions_page(odoo_server, bees):
    return page_text(odoo_server, bees, "/my/sessions")


def test_bees_has_an_open_session_to_vote_in(sessions_page):
    assert "No session is open for voting." not in text_of(sessions_page)
    markup, text = session_panels(sessions_page)[
        "Online vote: the supplier's price list"
    ]
    assert "Develop purchase orders from the supplier's price list" in text
    assert "o_komunigi_ballot_form" in markup  # voting now, and BEES may vote
    assert "Not open now" not in text


def test_closed_sessions_show_their_tally_and_ranking(sessions_page):
    assert "No session has closed yet." not in text_of(sessions_page)
    panels = session_panels(sessions_page)
    ranking = panels["Intercoop meeting: the backlog"][1]
    # Five co-ops with the voting right, five ballots; Schulze's order, top one approved.
    assert "5 / 5 Reached Ranked" in ranking
    assert re.search(r"\S > \S.* > \S.*; approved: \S", ranking), ranking
    yes_no = panels["Intercoop meeting: the closing report"][1]
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
    year_ago = date.today() - timedelta(days=365)
    for session, status in ((bees, "Paid"), (oufticoop, "Waiting for Payment")):
        page = page_text(odoo_server, session, "/my/komunigi")
        dues = text_of(block(page, 'id="o_komunigi_dues"', "o_komunigi_core_group"))
        assert status in dues
        # The periods (English dates: month/day/year) reach back a year and more.
        starts = [
            date(int(year), int(month), int(day))
            for month, day, year in re.findall(
                r"(\d{2})/(\d{2})/(\d{4}) - \d{2}/\d{2}/\d{4}", dues
            )
        ]
        assert starts and min(starts) <= year_ago, dues
