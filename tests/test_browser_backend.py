# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Journey 5 in Chromium, in Odoo's web client: the coordinator finds the estimated
requests in the kanban of requests, opens and closes the session that puts them to a
vote, then invoices a milestone of a funded co-financing. The page and the database
are both checked (see test_browser_portal).

The coordinator searches the kanban for the two requests and puts them to a vote
("Put to a vote", next to "Create"): the wizard makes the draft session with an
item for each, and the coordinator opens and closes it in its form.
"""

import re

from .browser_support import By, Keys, browser_fixture
from .journey_data import journey_data_fixture

browser = browser_fixture()
journey_data = journey_data_fixture()

REQUEST_VOTE = "komunigi_request_vote"
COFINANCING = "komunigi_cofinancing"


def open_web(browser, data, fragment):
    """The web client at `fragment` (#action=...) in the Komunigi menu, loaded anew
    as a followed link is: a change of the fragment alone does not reach Odoo 11's
    web client reliably while it starts."""
    menu = data.rpc.xmlid("komunigi_membership.menu_root")
    browser.driver.get("about:blank")
    browser.open("/web#menu_id=%d&%s" % (menu, fragment))


def open_action(browser, data, xmlid, view_type):
    action = data.rpc.xmlid(xmlid)
    open_web(browser, data, "action=%d&view_type=%s" % (action, view_type))


def kanban_column(browser, title):
    """The text of the kanban column `title`, once it shows its cards."""

    def column(driver):
        for group in driver.find_elements(By.CSS_SELECTOR, ".o_kanban_group"):
            header = group.find_elements(By.CSS_SELECTOR, ".o_column_title")
            if header and header[0].text.strip() == title:
                cards = group.find_elements(By.CSS_SELECTOR, ".o_kanban_record")
                return cards and " ".join(group.text.split())
        return False

    return browser.wait(column, "no column " + title)


def state_is(browser, label):
    return browser.wait_text(".o_statusbar_status .btn-primary", label)


def search_title(browser, title):
    """Add `title` to the search of the view (titles searched for are or'ed)."""
    browser.fill(".o_searchview_input", title)
    browser.find(".o_searchview_autocomplete li.o-selection-focus")
    browser.find(".o_searchview_input").send_keys(Keys.ENTER)
    browser.wait(
        lambda d: any(
            title in " ".join(facet.text.split())
            for facet in d.find_elements(By.CSS_SELECTOR, ".o_searchview_facet")
        ),
        "no search for " + title,
    )


def test_coordinator_session_and_milestone(odoo_server, browser, journey_data):
    data = journey_data
    asked = (
        ("Sales by product family", "bees", 6),
        ("Supplier orders from the stock alerts", "oufticoop", 12),
    )
    titles = [title for title, _coop, _hours in asked]
    requests = [data.estimated_request(*request) for request in asked]
    references = [data.read("komunigi.request", r, ["name"])["name"] for r in requests]
    browser.log_in("admin", path="/web", lang=None)
    browser.find("#oe_main_menu_navbar")

    # The kanban of requests by state: both wait on top of "Estimated" (newest first).
    open_action(browser, data, REQUEST_VOTE + ".komunigi_request_action", "kanban")
    column = kanban_column(browser, "Estimated")
    assert references[0] in column and references[1] in column
    browser.shot("backend_requests", REQUEST_VOTE)

    # The kanban narrowed to both, put to a vote: the wizard proposes the
    # estimated requests it shows, and makes the draft session of them.
    for title in titles:
        search_title(browser, title)
    browser.wait(
        lambda d: len(d.find_elements(By.CSS_SELECTOR, ".o_kanban_record")) == 2,
        "the kanban does not show the two requests alone",
    )
    browser.click(".o_cp_buttons .o_komunigi_put_to_vote")
    proposed = ".modal [name=request_ids] .o_data_row"
    browser.wait_text(".modal [name=request_ids]", references[1])
    assert references[0] in browser.text(".modal [name=request_ids]")
    assert len(browser.driver.find_elements(By.CSS_SELECTOR, proposed)) == 2
    browser.fill(".modal input[name=name]", "Monthly intercoop meeting")
    browser.shot("backend_put_to_vote")
    browser.click(".modal-footer .btn-primary")  # "Create the session"
    found = browser.wait(
        lambda d: (
            "model=komunigi.session" in d.current_url
            and re.search(r"[#&]id=(\d+)", d.current_url)
        ),
        "the session's form does not open",
    )
    session_id = int(found.group(1))
    state_is(browser, "Draft")
    agenda = data.rpc(
        "komunigi.session.item",
        "search_read",
        [("session_id", "=", session_id)],
        fields=["method", "request_ids"],
    )
    assert sorted(i["request_ids"] for i in agenda) == sorted([r] for r in requests)
    assert browser.driver.find_elements(By.CSS_SELECTOR, "[name=item_ids] .o_data_row")
    browser.click_labelled(".o_form_statusbar button", "Open voting")
    state_is(browser, "Open")
    browser.click_labelled(".o_form_statusbar button", "Close voting")
    browser.click(".modal-footer .btn-primary")  # "Close the voting and ...?"
    state_is(browser, "Closed")
    browser.click_labelled(".o_notebook a[role=tab]", "Results")
    browser.find(".o_form_view .tab-pane.active [name=result_item_ids] .o_data_row")
    browser.shot("backend_session", REQUEST_VOTE)
    session = data.read("komunigi.session", session_id, ["state", "item_ids"])
    assert session["state"] == "closed"
    items = data.rpc(
        "komunigi.session.item", "read", session["item_ids"], ["eligible_count"]
    )
    assert all(item["eligible_count"] for item in items)  # the results are stored

    # A funded co-financing: its milestone invoiced with one click.
    cofinancing_id = data.cofinancing(
        "Dutch translation of the portal",
        600,
        ["bees", "oufticoop"],
        pledge=300,
        split_method="pledges",
        milestone_ids=[(0, 0, {"name": "At delivery", "percent": 100})],
    )
    action = data.rpc.xmlid(COFINANCING + ".komunigi_cofinancing_action")
    open_web(
        browser,
        data,
        "action=%d&id=%d&model=komunigi.cofinancing&view_type=form"
        % (action, cofinancing_id),
    )
    state_is(browser, "Funded")
    browser.click_labelled(".o_notebook a[role=tab]", "Milestones")
    invoice_button = ".o_form_view [name=milestone_ids] .o_data_row button"
    browser.find(invoice_button)
    browser.click(invoice_button)
    browser.wait(
        lambda d: (
            not any(
                b.is_displayed()
                for b in d.find_elements(By.CSS_SELECTOR, invoice_button)
            )
        ),
        "the milestone is still to invoice",
    )
    assert "600.00" in browser.text(".o_form_view [name=amount_invoiced]")
    browser.find(".o_form_view [name=milestone_ids] .o_data_row input:checked")
    browser.shot("backend_cofinancing", COFINANCING)
    milestones = data.rpc(
        "komunigi.cofinancing.milestone",
        "search_read",
        [("cofinancing_id", "=", cofinancing_id)],
        fields=["invoiced"],
    )
    assert [m["invoiced"] for m in milestones] == [True]
    invoiced = data.rpc(
        "komunigi.cofinancing.share",
        "search_read",
        [("cofinancing_id", "=", cofinancing_id)],
        fields=["amount_invoiced"],
    )
    assert sorted(s["amount_invoiced"] for s in invoiced) == [300.0, 300.0]
