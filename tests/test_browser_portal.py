# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Journeys of the representatives in Chromium, through the real login form, links,
buttons and forms of the portal: their membership and dues, a request and the support
of another co-op, a vote. Each checks what the page shows and what the database
holds (the coordinator's JSON-RPC), and saves its screenshots (browser_support).

The records a journey needs are made first, through the addons' public methods
(journey_data).
"""

from .browser_support import browser_fixture, pdf_text, record_id
from .journey_data import journey_data_fixture

browser = browser_fixture()
journey_data = journey_data_fixture()

MEMBERSHIP = "komunigi_membership"
REQUEST_VOTE = "komunigi_request_vote"
VOTED = ("Allergens on the shelf labels", "Weekly stock alerts by e-mail")


def test_membership_dues_and_invoice(odoo_server, browser, journey_data):
    """Journey 1: a representative logs in, sees their co-op's membership and dues,
    and downloads the yearly statement and a dues invoice."""
    data = journey_data
    invoice = data.issued_dues_invoice("bees")
    membership = data.read(
        "komunigi.membership",
        data.rpc.xmlid(MEMBERSHIP + ".membership_bees"),
        ["partner_id", "tier_id"],
    )
    browser.log_in("bees")
    browser.click_and_load(".o_komunigi_home_entry a[href='/my/komunigi']")
    shown = browser.text("#o_komunigi_membership")
    assert membership["partner_id"][1] in shown
    assert membership["tier_id"][1] in shown
    assert "Oufticoop" not in shown
    assert invoice["number"] in browser.text("#o_komunigi_dues")
    assert browser.find("#o_komunigi_core_group").is_displayed()
    browser.shot("portal_membership", MEMBERSHIP)
    _name, statement = browser.download("#o_komunigi_statements a")
    assert membership["partner_id"][1] in pdf_text(statement)
    browser.scroll_to("#o_komunigi_newsletter")
    browser.shot("portal_newsletter", "komunigi_newsletter")
    browser.click_and_load("#o_komunigi_dues a[title='%s']" % invoice["number"])
    assert browser.driver.current_url.split("?")[0].endswith(
        "/my/invoices/%d" % invoice["id"]
    )
    _name, pdf = browser.download("#o_portal_account_actions a[title=Download]")
    assert invoice["number"] in pdf_text(pdf)


def test_request_with_attachment_and_support(
    odoo_server, browser, journey_data, tmp_path
):
    """Journey 2: BEES submits a request with a file; Oufticoop needs it too."""
    data = journey_data
    title = "Shift calendar for the members"
    mockup = tmp_path / "shift-calendar-mockup.txt"
    mockup.write_bytes(b"The calendar of the shifts, as we draw it.")
    browser.log_in("bees", path="/my/requests")
    browser.click_and_load("a.o_komunigi_new_request")
    browser.fill("#komunigi_title", title)
    browser.choose("#komunigi_category", "Shifts")
    browser.fill(
        "#komunigi_description",
        "Members see the free shifts of the month in a calendar and pick one.",
    )
    browser.find("#komunigi_attachments").send_keys(str(mockup))
    browser.shot("portal_request_form")
    browser.click_and_load("form.o_komunigi_request_form button[type=submit]")
    request_id = record_id(browser.driver.current_url, "/my/requests")
    page = browser.text(".o_komunigi_request")
    assert title in page and "Submitted" in page
    assert mockup.name in browser.text(".o_komunigi_attachments")
    stored = data.read(
        "komunigi.request", request_id, ["title", "state", "partner_id", "name"]
    )
    assert (stored["title"], stored["state"]) == (title, "submitted")
    assert stored["partner_id"][0] == data.coops["bees"]
    files = data.rpc(
        "ir.attachment",
        "search_read",
        [("res_model", "=", "komunigi.request"), ("res_id", "=", request_id)],
        fields=["name"],
    )
    assert [f["name"] for f in files] == [mockup.name]

    browser.log_in("oufticoop", path="/my/requests?filterby=network")
    browser.fill("input[name=search]", stored["name"])
    browser.click_and_load(".o_portal_search_panel .search-submit")
    browser.click_and_load("a[href='/my/requests/%d']" % request_id)
    assert browser.text("#o_komunigi_interest_count") == "0"
    browser.click_and_load("#o_komunigi_interest_add")
    assert browser.text("#o_komunigi_interest_count") == "1"
    assert "Oufticoop" in browser.text("#o_komunigi_interested")
    browser.find("#o_komunigi_interest_remove")
    browser.shot("portal_request", REQUEST_VOTE)
    stored = data.read("komunigi.request", request_id, ["interested_partner_ids"])
    assert stored["interested_partner_ids"] == [data.coops["oufticoop"]]


def test_vote_change_and_results(odoo_server, browser, journey_data):
    """Journey 3: a representative votes in an open session, changes the ballot,
    and reads the results once the coordinator has closed the session."""
    data = journey_data
    requests = [data.estimated_request(title, "oufticoop") for title in VOTED]
    session_id = data.session(requests)
    session = data.read("komunigi.session", session_id, ["item_ids"])
    yes_no, approval = session["item_ids"]
    browser.log_in("bees", path="/my/sessions")
    item = "#session-%d #item-%d" % (session_id, yes_no)
    browser.click(item + " input[name=value][value=yes]")
    browser.click_and_load(item + " form button[type=submit]")
    assert "Yes" in browser.wait_text(item + " .o_komunigi_current_ballot", "ballot")
    browser.click(item + " input[name=value][value=no]")
    browser.click_and_load(item + " form button[type=submit]")
    assert browser.text(".o_komunigi_vote_message")
    assert "No" in browser.text(item + " .o_komunigi_current_ballot")
    choose = "#session-%d #item-%d" % (session_id, approval)
    browser.click(choose + " input[name=approve][value='%d']" % requests[1])
    browser.click_and_load(choose + " form button[type=submit]")
    browser.scroll_to("#session-%d" % session_id)
    browser.shot("portal_vote", REQUEST_VOTE)
    ballots = data.rpc(
        "komunigi.ballot",
        "search_read",
        [
            ("item_id", "in", [yes_no, approval]),
            ("partner_id", "=", data.coops["bees"]),
        ],
        fields=["item_id", "value"],
    )
    values = {b["item_id"][0]: b["value"] for b in ballots}
    assert values == {yes_no: '"no"', approval: "[%d]" % requests[1]}

    data.rpc("komunigi.session", "action_close", [session_id])
    browser.open("/my/sessions")
    results = "#session-%d.o_komunigi_session_results" % session_id
    browser.scroll_to("#session-%d" % session_id)
    stored = data.rpc(
        "komunigi.session.item", "read", [yes_no], ["voted_count", "eligible_count"]
    )[0]
    row = browser.text("%s #item-%d" % (results, yes_no))
    assert "%(voted_count)d / %(eligible_count)d" % stored in row
    browser.shot("portal_results")
    assert data.read("komunigi.session", session_id, ["state"])["state"] == "closed"
