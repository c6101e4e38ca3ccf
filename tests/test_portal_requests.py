# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""/my/requests, /my/sessions and /komunigi/roadmap over real HTTP, as two
representatives of different co-ops (and as nobody).

A separate `odoo shell` process adds and commits the data the pages need (requests
in known states, an open session, a closed one), tagged with the time of the run so
that a second run on the same database finds its own records. Nothing is removed.
"""

import html
import re

import pytest
import requests

from .odoo_shell import TAGGED_DATA, run_shell, shell_facts
from .portal_pages import session_fixture, text_of

MARKER = "KOMUNIGI_REQUEST_DATA="

# Runs in `odoo shell` as the superuser, who is a coordinator: it may vote for any
# co-op. Prints the ids and titles the tests look for.
DATA_SCRIPT = (
    TAGGED_DATA
    + """
Item = env["komunigi.session.item"]
Ballot = env["komunigi.ballot"]
category = ref("komunigi_request_vote.category_shifts")

def new_request(title, coop, **values):
    vals = {"title": "%s %s" % (title, tag), "partner_id": coop.id,
            "category_id": category.id, "description": "<p>Private %s</p>" % tag}
    vals.update(values)
    return Request.create(vals)

def estimated(title, coop, hours):
    request = new_request(title, coop, estimate_hours=hours, hourly_rate=55)
    request.action_submit()
    request.action_start_analysis()
    request.action_estimate()
    return request

support = new_request("Support me", ouf)
support.action_submit()
bees_draft = new_request("BEES draft", bees)
ouf_draft = new_request("Oufticoop draft", ouf)

candidates = [estimated("Candidate %s" % n, ouf, 10 + n) for n in range(3)]
decided = estimated("Decided by yes", bees, 4)
session = Session.create({
    "name": "Open session %s" % tag, "date": fields.Date.today(),
    "voting_opens": moment(hours=-1), "voting_closes": moment(days=1),
})
ids = [c.id for c in candidates]
items = {
    method: Item.create({
        "session_id": session.id, "name": "%s item %s" % (method, tag),
        "method": method,
        "request_ids": [(6, 0, [decided.id] if method == "yes_no" else ids)],
    })
    for method in ("yes_no", "approval", "score", "ranking")
}
session.action_open()

approved = estimated("Roadmap", ouf, 20)
closed = Session.create({
    "name": "Closed session %s" % tag, "date": fields.Date.today(),
    "voting_opens": moment(hours=-1), "voting_closes": moment(days=1),
})
closed_item = Item.create({
    "session_id": closed.id, "name": "Closed item %s" % tag, "method": "yes_no",
    "request_ids": [(6, 0, approved.ids)],
})
closed.action_open()
# BEES casts no ballot here nor over HTTP: test_session counts all of BEES's ballots.
for coop in Session._eligible_coops() - bees:
    Ballot.cast(closed_item, coop, "yes")
closed.action_close()
assert approved.state == "approved", approved.state
env.cr.commit()

def info(request):
    return {"id": request.id, "name": request.name, "title": request.title}

print(MARKER + json.dumps({
    "support": info(support),
    "bees_draft": info(bees_draft),
    "ouf_draft": info(ouf_draft),
    "deposits": info(ref("komunigi_request_vote.request_deposits")),
    "bees_own": info(ref("komunigi_request_vote.request_shelf_labels")),
    "ouf_own": info(ref("komunigi_request_vote.request_shift_alert_field")),
    "candidates": [info(c) for c in candidates],
    "approved": dict(info(approved), cost="%.2f" % approved.estimate_total),
    "session": session.id,
    "items": {method: item.id for method, item in items.items()},
    "closed": closed.id,
    "closed_item": {
        "id": closed_item.id, "name": closed_item.name,
        "voted": closed_item.voted_count, "eligible": closed_item.eligible_count,
    },
    "categories": {
        "shifts": category.id,
        "labels": ref("komunigi_request_vote.category_labels").id,
    },
    "tag": tag,
}))
"""
)

SHOW_COSTS_SCRIPT = """
env.ref("base.main_company").komunigi_roadmap_show_costs = %s
env.cr.commit()
"""


@pytest.fixture(scope="module")
def data(odoo_server):
    """Ids and titles of the records the data script committed."""
    return shell_facts(DATA_SCRIPT, MARKER)


bees = session_fixture("bees")
oufticoop = session_fixture("oufticoop")


def csrf_token(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def get(server, session, path):
    return session.get(server.url + path)


def post_form(server, session, path, form_path, data, **kwargs):
    """POST `data` to `path` with the CSRF token of the page at `form_path`."""
    token = csrf_token(get(server, session, form_path).text)
    return session.post(server.url + path, data=dict(data, csrf_token=token), **kwargs)


def interest_count(page):
    return int(re.search(r'id="o_komunigi_interest_count"[^>]*>(\d+)<', page).group(1))


def home_request_count(server, session):
    """The badge of the Requests entry of /my/home: the co-op's requests."""
    page = get(server, session, "/my/home").text
    pattern = r'o_komunigi_requests_entry"[^>]*>\s*<span class="badge">(\d+)<'
    return int(re.search(pattern, page).group(1))


def current_ballot(page, item_id):
    """The co-op's current ballot on one agenda item of /my/sessions, in words."""
    start = page.index(
        'class="o_komunigi_current_ballot"', page.index('id="item-%d"' % item_id)
    )
    return text_of(page[start : page.index("</p>", start)])


# --- lists and pages ------------------------------------------------------------------
@pytest.mark.parametrize(
    "user, own, other",
    [("bees", "bees_own", "ouf_own"), ("oufticoop", "ouf_own", "bees_own")],
)
def test_lists_show_the_coops_own_requests(
    odoo_server, data, user, own, other, request
):
    session = request.getfixturevalue(user)
    mine = get(odoo_server, session, "/my/requests")
    assert mine.status_code == 200
    draft = data["bees_draft" if user == "bees" else "ouf_draft"]["title"]
    assert draft in mine.text  # the newest first
    # Searched, as earlier runs on the same database add requests to the first page.
    mine = get(odoo_server, session, "/my/requests?search=" + data[own]["name"])
    assert data[own]["title"] in html.unescape(mine.text)
    mine = get(odoo_server, session, "/my/requests?search=" + data[other]["name"])
    assert data[other]["title"] not in html.unescape(mine.text)
    network = "/my/requests?filterby=network&search="
    page = get(odoo_server, session, network + data[other]["name"])
    assert page.status_code == 200
    assert data[other]["title"] in html.unescape(page.text)
    page = get(odoo_server, session, network + data["tag"])
    assert data["support"]["title"] in page.text
    assert draft not in page.text  # the network filter lists no draft


def test_list_filters_by_category_and_state(odoo_server, data, bees):
    network = "/my/requests?filterby=network&search=%s" % data["tag"]
    page = get(odoo_server, bees, network + "&state=approved").text
    assert data["approved"]["title"] in page
    assert data["support"]["title"] not in page
    labels = data["categories"]["labels"]
    page = get(odoo_server, bees, network + "&category=%d" % labels).text
    assert data["support"]["title"] not in page  # a request about shifts
    shifts = data["categories"]["shifts"]
    page = get(odoo_server, bees, network + "&category=%d" % shifts).text
    assert data["support"]["title"] in page
    page = get(odoo_server, bees, network + "&category=999999")
    assert data["support"]["title"] in page.text  # an unknown category is ignored


def test_request_page_shows_description_estimate_history(odoo_server, data, oufticoop):
    page = get(odoo_server, oufticoop, "/my/requests/%d" % data["ouf_own"]["id"])
    assert page.status_code == 200
    content = text_of(page.text)
    assert "Show on the member's form" in content
    assert "Demain" in content and "Le Nid" in content
    assert "330.00" in content
    assert "In analysis Estimated" in content
    assert 'id="discussion"' in page.text
    assert 'id="o_komunigi_interest_add"' not in page.text  # the requester's own


@pytest.mark.parametrize(
    "user, draft",
    [("bees", "ouf_draft"), ("oufticoop", "bees_draft"), ("bees", "deposits")],
)
def test_another_coops_draft_is_not_found(odoo_server, data, user, draft, request):
    session = request.getfixturevalue(user)
    page = get(odoo_server, session, "/my/requests/%d" % data[draft]["id"])
    assert page.status_code == 404
    assert data[draft]["title"] not in html.unescape(page.text)
    assert "Traceback" not in page.text


def test_own_draft_opens(odoo_server, data, bees):
    page = get(odoo_server, bees, "/my/requests/%d" % data["bees_draft"]["id"])
    assert page.status_code == 200
    assert data["bees_draft"]["title"] in page.text


def test_pages_need_a_login(odoo_server):
    page = requests.get(odoo_server.url + "/my/requests")
    assert "/web/login" in page.url


# --- "we need this too" ---------------------------------------------------------------
def test_we_need_this_too_counts_once(odoo_server, data, bees, oufticoop):
    path = "/my/requests/%d" % data["support"]["id"]
    before = get(odoo_server, bees, path).text
    assert interest_count(before) == 0
    assert 'id="o_komunigi_interest_add"' in before
    for _click in range(2):
        page = post_form(
            odoo_server, bees, path + "/interest", path, {"interested": "1"}
        )
        assert page.status_code == 200
        assert interest_count(page.text) == 1
    assert 'id="o_komunigi_interest_remove"' in page.text
    seen_by_requester = get(odoo_server, oufticoop, path).text
    assert interest_count(seen_by_requester) == 1
    assert "BEES coop" in seen_by_requester
    assert 'id="o_komunigi_interest_add"' not in seen_by_requester  # no button
    assert 'id="o_komunigi_interest_remove"' not in seen_by_requester
    page = post_form(odoo_server, bees, path + "/interest", path, {"interested": "0"})
    assert interest_count(page.text) == 0


def test_interest_on_a_hidden_draft_is_not_found(odoo_server, data, bees):
    path = "/my/requests/%d" % data["ouf_draft"]["id"]
    page = post_form(
        odoo_server, bees, path + "/interest", "/my/requests/new", {"interested": "1"}
    )
    assert page.status_code == 404


# --- submit form ----------------------------------------------------------------------
def test_submit_form_creates_and_submits(odoo_server, data, bees, oufticoop):
    title = "Portal submitted %s" % data["tag"]
    page = post_form(
        odoo_server,
        bees,
        "/my/requests/new",
        "/my/requests/new",
        {
            "title": title,
            "description": "We need\n<b>it</b>",
            "category_id": data["categories"]["labels"],
        },
        files={"attachments": ("mockup.txt", b"a mock-up", "text/plain")},
    )
    assert page.status_code == 200
    assert re.search(r"/my/requests/\d+$", page.url)
    content = text_of(page.text)
    assert title in content
    assert "BEES coop" in content and "Submitted" in content
    assert "<b>it</b>" in content  # typed text, escaped, not markup
    assert "mockup.txt" in content
    download = re.search(r'href="(/web/content/\d+\?download=true)"', page.text)
    assert get(odoo_server, bees, download.group(1)).content == b"a mock-up"
    network = get(odoo_server, oufticoop, "/my/requests?filterby=network").text
    assert title in network


def test_submit_form_with_empty_title_writes_nothing(odoo_server, data, bees):
    count = home_request_count(odoo_server, bees)
    form = {"title": "   ", "description": "Something", "category_id": ""}
    page = post_form(odoo_server, bees, "/my/requests/new", "/my/requests/new", form)
    assert page.status_code == 200
    assert "Give your request a title." in page.text
    assert "Choose a category." in page.text
    assert "Something</textarea>" in page.text  # what was typed comes back
    assert home_request_count(odoo_server, bees) == count


def test_post_without_csrf_token_is_refused(odoo_server, data, bees):
    count = home_request_count(odoo_server, bees)
    shifts = data["categories"]["shifts"]
    form = {"title": "No token", "description": "x", "category_id": shifts}
    assert bees.post(odoo_server.url + "/my/requests/new", data=form).status_code == 400
    path = "/my/requests/%d/interest" % data["support"]["id"]
    assert (
        bees.post(odoo_server.url + path, data={"interested": "1"}).status_code == 400
    )
    assert home_request_count(odoo_server, bees) == count


# --- sessions -------------------------------------------------------------------------
def vote(server, session, data, method, form, session_key="session"):
    path = "/my/sessions/%d/vote" % data[session_key]
    item = (
        data["items"][method] if session_key == "session" else data["closed_item"]["id"]
    )
    return post_form(server, session, path, "/my/sessions", dict(form, item_id=item))


def test_voting_and_changing_the_ballot(odoo_server, data, bees, oufticoop):
    item = data["items"]["yes_no"]
    page = get(odoo_server, oufticoop, "/my/sessions").text
    assert "Open session %s" % data["tag"] in page
    assert "not voted on this item yet" in current_ballot(page, item)
    page = vote(odoo_server, oufticoop, data, "yes_no", {"value": "yes"})
    assert page.status_code == 200
    assert "/my/sessions?voted=%d" % item in page.url
    assert "is recorded" in text_of(page.text)
    assert "Your co-op's ballot: Yes" in current_ballot(page.text, item)
    page = vote(odoo_server, oufticoop, data, "yes_no", {"value": "no"})
    assert "Your co-op's ballot: No" in current_ballot(page.text, item)
    theirs = get(odoo_server, bees, "/my/sessions").text
    assert "not voted on this item yet" in current_ballot(theirs, item)


def test_voting_with_every_method(odoo_server, data, oufticoop):
    first, second, third = (c["id"] for c in data["candidates"])
    names = [c["name"] for c in data["candidates"]]
    page = vote(odoo_server, oufticoop, data, "approval", {"approve": [first, third]})
    ballot = current_ballot(page.text, data["items"]["approval"])
    assert names[0] in ballot and names[2] in ballot and names[1] not in ballot
    page = vote(
        odoo_server,
        oufticoop,
        data,
        "score",
        {"score_%d" % first: "5", "score_%d" % second: "0"},
    )
    summary = current_ballot(page.text, data["items"]["score"])
    assert "%s: 5/5" % names[0] in summary and "%s: 0/5" % names[1] in summary
    ranking = {"rank_1": third, "rank_2": first, "rank_3": second}
    page = vote(odoo_server, oufticoop, data, "ranking", ranking)
    summary = current_ballot(page.text, data["items"]["ranking"])
    assert "1. %s 2. %s 3. %s" % (names[2], names[0], names[1]) in summary


def test_bad_ballots_show_a_message_and_change_nothing(odoo_server, data, oufticoop):
    first, second, _third = (c["id"] for c in data["candidates"])
    vote(odoo_server, oufticoop, data, "ranking", {"rank_1": first, "rank_2": second})
    page = vote(
        odoo_server, oufticoop, data, "ranking", {"rank_1": first, "rank_2": first}
    )
    assert page.status_code == 200
    assert "more than once" in text_of(page.text)
    assert "Traceback" not in page.text
    names = [c["name"] for c in data["candidates"]]
    summary = current_ballot(page.text, data["items"]["ranking"])
    assert "1. %s 2. %s" % (names[0], names[1]) in summary
    page = vote(odoo_server, oufticoop, data, "score", {"score_%d" % first: "9"})
    assert "not a whole number from 0 to 5" in text_of(page.text)


def test_vote_on_a_closed_session_shows_an_error(odoo_server, data, bees):
    page = vote(
        odoo_server, bees, data, "yes_no", {"value": "no"}, session_key="closed"
    )
    assert page.status_code == 200
    content = text_of(page.text)
    assert "Voting on Closed session %s is not open." % data["tag"] in content
    results = text_of(page.text[page.text.index('id="session-%d"' % data["closed"]) :])
    closed_item = data["closed_item"]
    assert "%(voted)d / %(eligible)d" % closed_item in results
    assert "Reached" in results and "Adopted" in results


def test_vote_on_an_unknown_item_is_not_found(odoo_server, data, bees):
    page = post_form(
        odoo_server,
        bees,
        "/my/sessions/%d/vote" % data["session"],
        "/my/sessions",
        {"item_id": data["closed_item"]["id"], "value": "yes"},
    )
    assert page.status_code == 404


# --- public roadmap -------------------------------------------------------------------
def test_roadmap_is_public_without_costs(odoo_server, data):
    page = requests.get(odoo_server.url + "/komunigi/roadmap")
    assert page.status_code == 200
    content = text_of(page.text)
    approved = data["approved"]
    assert approved["name"] in content and approved["title"] in content
    assert approved["cost"] not in content.replace(",", "")
    assert "Private %s" % data["tag"] not in content  # no description
    assert "Oufticoop" not in content  # no co-op name
    assert data["support"]["title"] not in content  # only decided requests


def test_roadmap_shows_costs_when_published(odoo_server, data):
    run_shell(SHOW_COSTS_SCRIPT % True)
    try:
        page = requests.get(odoo_server.url + "/komunigi/roadmap")
        assert data["approved"]["cost"] in text_of(page.text).replace(",", "")
    finally:
        run_shell(SHOW_COSTS_SCRIPT % False)
