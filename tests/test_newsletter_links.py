# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Every link of a real newsletter answers the people who receive it.

An `odoo shell` adds what a quarter's newsletter tells (a closed session, a funded
co-financing of BEES without Oufticoop, their log entries published, a reader of BEES
who is no user) and the records that must stay hidden (a draft session, a cancelled
co-financing, a draft request); the newsletter of the last year is then sent through
a local SMTP server. Each link of each delivered mail is followed over HTTP,
redirects included, as its recipient (logged in when they have a login) and as an
anonymous visitor: each answers 200 with a page, never the login form. The data is only added to the shared
test database, tagged with the time of the run.
"""

import html
import re
from urllib.parse import urljoin, urlparse

import pytest
import requests

from .odoo_shell import TAGGED_DATA
from .test_http_smoke import login
from .test_newsletter_smtp import (
    BEES_REP,
    OUFTI_REP,
    html_of,
    message_to,
    send_newsletter,
    shell,
)

READER = "reader.%s@bees-coop.example"
REDIRECTS = (301, 302, 303, 307, 308)

# Runs in `odoo shell` as the superuser. Prints what the tests look for.
DATA_SCRIPT = (
    TAGGED_DATA
    + """
company = env.user.company_id
company.komunigi_roadmap_show_costs = False
Cofinancing = env["komunigi.cofinancing"]
feve = ref("komunigi_membership.partner_lafeve")
demain = ref("komunigi_membership.partner_demain")
secret = "Private note %s" % tag

def estimated(title):
    request = Request.create({
        "title": "%s %s" % (title, tag), "partner_id": bees.id,
        "estimate_hours": 3, "hourly_rate": 55, "description": "<p>%s</p>" % secret,
    })
    request.action_submit()
    request.action_start_analysis()
    request.action_estimate()
    return request

def session(name, request):
    record = Session.create({
        "name": "%s %s" % (name, tag), "date": fields.Date.today(),
        "voting_opens": moment(hours=-1), "voting_closes": moment(days=1),
        "item_ids": [(0, 0, {
            "name": "Links item %s" % tag, "method": "yes_no",
            "request_ids": [(6, 0, request.ids)],
        })],
    })
    return record

closed = session("Links closed session", estimated("Links decided"))
closed.action_open()
for coop in Session._eligible_coops():
    env["komunigi.ballot"].cast(closed.item_ids, coop, "yes")
closed.action_close()
draft_session = session("Links draft session", estimated("Links waiting"))

# Demain is listed and commits nothing: no co-funder.
funded = Cofinancing.create({
    "name": "Links co-financing %s" % tag, "amount_total": 777.77,
    "share_ids": [(0, 0, {"partner_id": coop.id}) for coop in (bees, feve, demain)],
})
for coop, amount in ((bees, 555.55), (feve, 222.22)):
    funded.share_ids.filtered(lambda s: s.partner_id == coop).action_pledge(amount)
assert funded.state == "funded", funded.state
cancelled = Cofinancing.create({
    "name": "Links cancelled %s" % tag, "amount_total": 100,
    "share_ids": [(0, 0, {"partner_id": feve.id})],
})
cancelled.action_cancel()
draft_request = Request.create({"title": "Links draft %s" % tag, "partner_id": feve.id})

# The log entry the record's addon drafted at its transition, published: the
# newsletter tells the published entries.
def published_entry(record, event):
    entry = env["komunigi.log.entry"].search([
        ("source_model", "=", record._name), ("source_id", "=", record.id),
        ("source_event", "=", event),
    ])
    assert len(entry) == 1, (record, event)
    entry.action_publish()
    return entry

closed_entry = published_entry(closed, "session_closed")
funded_entry = published_entry(funded, "cofinancing_funded")
env["res.partner"].create({
    "name": "Links reader %s" % tag, "parent_id": bees.id,
    "email": READER % tag, "komunigi_newsletter_opt_in": True,
})
env.cr.commit()

print(MARKER + json.dumps({
    "tag": tag,
    "secret": secret,
    "reader": READER % tag,
    "closed": {"name": closed_entry.name, "summary": closed.item_ids.result_summary},
    "funded": {"name": funded_entry.name, "feve": feve.name, "demain": demain.name},
    "hidden": [draft_session.website_url, cancelled.website_url,
               draft_request.website_url],
}))
"""
)


@pytest.fixture(scope="module")
def newsletter(odoo_server):
    """The data, then the newsletter sent once: (facts, {address: html body})."""
    facts = shell(DATA_SCRIPT, READER=READER)
    messages = send_newsletter()[1]
    bodies = {
        address: html_of(message_to(messages, address))
        for address in (BEES_REP, OUFTI_REP, facts["reader"])
    }
    return facts, bodies


def links(body):
    """(text, href) of the web links of a mail body."""
    found = re.findall(r'<a\b[^>]*\bhref="([^"]+)"[^>]*>(.*?)</a>', body, re.S)
    return [
        (
            " ".join(html.unescape(re.sub(r"<[^>]+>", "", text)).split()),
            html.unescape(href),
        )
        for href, text in found
        if urlparse(html.unescape(href)).scheme in ("http", "https")
    ]


def follow(server, session, url):
    """GET `url` on the test server, following redirects by hand: Odoo writes
    absolute links with web.base.url, which is not the test server's address.
    Returns the last response and the path it answered."""
    for _hop in range(10):
        parts = urlparse(url)
        target = server.url + parts.path + ("?" + parts.query if parts.query else "")
        response = session.get(target, allow_redirects=False, timeout=120)
        if response.status_code not in REDIRECTS:
            return response, parts.path
        url = urljoin(target, response.headers["Location"])
    pytest.fail("%s redirects more than 10 times" % url)


def readers(server, facts):
    """(address, session, logged in) of the recipients tried: the representatives
    logged in and not, and the reader, who has no login."""
    bees, response = login(server, "bees", "bees")
    assert response.status_code == 200
    ouf, response = login(server, "oufticoop", "oufticoop")
    assert response.status_code == 200
    return [
        (BEES_REP, bees, True),
        (OUFTI_REP, ouf, True),
        (facts["reader"], requests.Session(), False),
        (BEES_REP, requests.Session(), False),
        (OUFTI_REP, requests.Session(), False),
    ]


def test_every_link_answers_its_readers(odoo_server, newsletter):
    """200 and a page, never the login form; anonymous readers see no private
    field (the requests' descriptions hold a secret)."""
    facts, bodies = newsletter
    for address, session, logged_in in readers(odoo_server, facts):
        mail_links = links(bodies[address])
        assert len(mail_links) > 5, mail_links
        for text, url in mail_links:
            response, path = follow(odoo_server, session, url)
            assert response.status_code == 200, (address, text, url, path)
            assert path != "/web/login", (address, text, url)
            assert logged_in or facts["secret"] not in response.text, (text, path)


def page_of(server, session, body, text):
    """The page the link named `text` opens."""
    urls = [url for label, url in links(body) if label == text]
    assert len(urls) == 1, "no single link %r in the newsletter" % text
    response, path = follow(server, session, urls[0])
    assert response.status_code == 200
    return response.text, path


def test_session_results_for_everyone(odoo_server, newsletter):
    facts, bodies = newsletter
    closed = facts["closed"]
    for address, session, _logged_in in readers(odoo_server, facts):
        page, _path = page_of(odoo_server, session, bodies[address], closed["name"])
        assert html.escape(closed["summary"], quote=False) in page


def test_cofinancing_portal_for_cofunders_summary_for_the_others(
    odoo_server, newsletter
):
    facts, bodies = newsletter
    funded = facts["funded"]
    paths = {}
    for address, session, _logged_in in readers(odoo_server, facts):
        page, path = page_of(odoo_server, session, bodies[address], funded["name"])
        paths.setdefault(address, []).append(path)
        if path.startswith("/my/"):
            continue
        # The public summary names the co-funders, never what each one pays.
        assert html.escape(funded["feve"], quote=False) in page
        assert html.escape(funded["demain"], quote=False) not in page
        for amount in ("555.55", "555,55", "222.22", "222,22", "777.77", "777,77"):
            assert amount not in page
    # BEES takes part: logged in, its representative gets the co-op's portal page;
    # Oufticoop does not, and gets the public summary like an anonymous reader.
    assert paths[BEES_REP][0].startswith("/my/")
    assert not any(path.startswith("/my/") for path in paths[BEES_REP][1:])
    assert not any(path.startswith("/my/") for path in paths[OUFTI_REP])


def test_unpublished_records_are_not_found(odoo_server, newsletter):
    facts, _bodies = newsletter
    ouf, _response = login(odoo_server, "oufticoop", "oufticoop")
    for session in (requests.Session(), ouf):
        for url in facts["hidden"]:
            response = session.get(odoo_server.url + url, allow_redirects=False)
            assert response.status_code == 404, url
