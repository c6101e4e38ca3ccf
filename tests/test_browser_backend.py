# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Journey 5 in Chromium, in Odoo's web client: the coordinator finds the estimated
requests in the kanban of requests, opens and closes the session that puts them to a
vote, then invoices a milestone of a funded co-financing. The page and the database
are both checked (see test_browser_portal).

The session is made as a draft with its agenda through the public methods (a
session made from the selected requests of the kanban is not built yet); the
coordinator opens and closes it in its form.
"""

from .browser_support import By, browser_fixture
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


def test_coordinator_session_and_milestone(odoo_server, browser, journey_data):
    data = journey_data
    requests = [
        data.estimated_request(title, coop, hours)
        for title, coop, hours in (
            ("Sales by product family", "bees", 6),
            ("Supplier orders from the stock alerts", "oufticoop", 12),
        )
    ]
    references = [data.read("komunigi.request", r, ["name"])["name"] for r in requests]
    browser.log_in("admin", path="/web", lang=None)
    browser.find("#oe_main_menu_navbar")

    # The kanban of requests by state: both wait on top of "Estimated" (newest first).
    open_action(browser, data, REQUEST_VOTE + ".komunigi_request_action", "kanban")
    column = kanban_column(browser, "Estimated")
    assert references[0] in column and references[1] in column
    browser.shot("backend_requests", REQUEST_VOTE)

    # The session that puts both to a vote (a draft, see the module's docstring),
    # opened then closed from its form.
    session_id = data.session(requests, "Monthly intercoop meeting", opened=False)
    open_action(browser, data, REQUEST_VOTE + ".komunigi_session_action", "list")
    browser.click_labelled(".o_list_view .o_data_row td", "Monthly intercoop meeting")
    browser.wait(lambda d: "id=%d&" % session_id in d.current_url, "not the session")
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
