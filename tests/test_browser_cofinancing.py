# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Journey 4 in Chromium: a representative commits to a co-financing, downloads its
agreement, takes part in a funding round, and sees what their co-op pays once the
coordinator has closed it. The page and the database are both checked (see
test_browser_portal)."""

from .browser_support import browser_fixture, pdf_text
from .journey_data import journey_data_fixture

browser = browser_fixture()
journey_data = journey_data_fixture()

COFINANCING = "komunigi_cofinancing"


def money(amount):
    return "{:,.2f}".format(amount)


def bees_shares(data, domain, fields):
    """BEES's co-financing shares within `domain`, as stored (admin RPC)."""
    domain = domain + [("partner_id", "=", data.coops["bees"])]
    return data.rpc("komunigi.cofinancing.share", "search_read", domain, fields=fields)


def test_commit_vote_in_a_round_and_see_what_the_coop_pays(
    odoo_server, browser, journey_data
):
    data = journey_data
    cofinancing_id = data.cofinancing(
        "Migration of the shift module", 600, ["bees", "oufticoop"]
    )
    offers = [
        data.estimated_request(title, "oufticoop", hours)
        for title, hours in (
            ("Print the shift sheet", 4),
            ("Member card with QR code", 8),
        )
    ]
    round_id = data.open_round({"bees": 400, "oufticoop": 300}, offers)

    # The co-financing: the co-op accepts the share the split offers it.
    browser.log_in("bees", path="/my/cofinancings")
    browser.click_and_load("a[href='/my/cofinancings/%d']" % cofinancing_id)
    assert "300.00" in browser.text(".o_komunigi_offered")
    browser.click_and_load("form.o_komunigi_accept_form button[type=submit]")
    assert browser.text(".o_komunigi_pledge_message")
    assert "300.00" in browser.text("#o_komunigi_share")
    browser.shot("portal_cofinancing", COFINANCING)
    _name, agreement = browser.download("a.o_komunigi_agreement_pdf")
    assert "BEES coop" in pdf_text(agreement)
    share = bees_shares(
        data, [("cofinancing_id", "=", cofinancing_id)], ["commitment", "pledge"]
    )[0]
    assert (share["commitment"], share["pledge"]) == ("accepted", 300.0)

    # The round: the co-op approves both offers, then only the first.
    browser.open("/my/rounds")
    panel = "#round-%d" % round_id
    for offer in offers:
        browser.click("%s #approve_%d_%d" % (panel, round_id, offer))
    browser.click_and_load(panel + " form.o_komunigi_round_form button[type=submit]")
    browser.click("%s #approve_%d_%d" % (panel, round_id, offers[1]))
    browser.click_and_load(panel + " form.o_komunigi_round_form button[type=submit]")
    references = [
        data.read("komunigi.request", offer, ["name"])["name"] for offer in offers
    ]
    approvals = browser.text("#approvals-%d" % round_id)
    assert references[0] in approvals and references[1] not in approvals
    browser.scroll_to("#round-%d" % round_id)
    browser.shot("portal_round")
    ballots = data.rpc(
        "komunigi.funding.round.ballot",
        "search_read",
        [("round_id", "=", round_id), ("partner_id", "=", data.coops["bees"])],
        fields=["approved_request_ids"],
    )
    assert [b["approved_request_ids"] for b in ballots] == [[offers[0]]]

    # Closed by the coordinator: the page says what the co-op pays, as stored.
    data.rpc("komunigi.funding.round", "action_close", [round_id])
    funded = bees_shares(
        data,
        [("cofinancing_id.funding_round_id", "=", round_id)],
        ["cofinancing_id", "amount"],
    )
    assert funded, "the round funded nothing for BEES"
    browser.open("/my/rounds")
    browser.scroll_to("#round-%d" % round_id)
    own_total = sum(share["amount"] for share in funded)
    assert money(own_total) in browser.text(
        "#round-%d .o_komunigi_own_total" % round_id
    )
    browser.shot("portal_round_results", COFINANCING)
    browser.open("/my/home")
    browser.click_and_load(".o_portal_docs a[href='/my/cofinancings']")
    for share in funded:
        row = browser.text("#cofinancing-%d" % share["cofinancing_id"][0])
        assert money(share["amount"]) in row
