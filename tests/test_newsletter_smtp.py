# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The newsletter end to end, on the real server of the test database.

An `odoo shell` prepares the newsletter and sends it through Odoo's outgoing mail
server to an SMTP server this test run starts (aiosmtpd on 127.0.0.1, a free port);
the tests read what arrived, follow the unsubscribe link over HTTP, use the portal
form of /my/komunigi and read the public project log. The data is only added to the
shared test database; the representative who unsubscribes subscribes again.
"""

import html
import re
from urllib.parse import parse_qs, urlparse

import pytest
import requests
from aiosmtpd.controller import Controller

from odoo.addons.komunigi_newsletter.tests.test_delivery_smtp import Inbox, html_of

from .conftest import environment, free_port
from .databases import run_sql
from .odoo_shell import run_shell, shell_facts
from .test_http_smoke import login

MARKER = "KOMUNIGI_NEWSLETTER_DATA="
BEES_REP = "anne@bees-coop.example"
OUFTI_REP = "luc@oufticoop.example"

# Runs in `odoo shell`: a mail server for the local SMTP port (archived afterwards, so
# that nothing else of the test run sends there), the newsletter of the last year
# prepared and sent, then the facts the tests compare the delivered mails with.
SEND_SCRIPT = """
import json
from datetime import timedelta
from odoo import fields

company = env.user.company_id
company.email = company.email or "coordination@komunigi.example"
server = env["ir.mail_server"].create({
    "name": "komunigi newsletter test SMTP", "smtp_host": "127.0.0.1",
    "smtp_port": PORT, "smtp_encryption": "none", "sequence": 0,
})
env.cr.commit()
Mailing = env["mail.mass_mailing"]
# The newsletter dates its entries by the coordinator's day, not the server's (UTC).
today = fields.Date.from_string(fields.Date.context_today(env.user))
# One mailing per language of the readers.
mailings = Mailing._komunigi_prepare_digest(today - timedelta(days=365), today)
env.cr.commit()
for mailing in mailings:
    mailing.send_mail()
server.active = False
Contact = env["mail.mass_mailing.contact"]
contacts = Contact.search([
    ("list_ids", "in", mailings.mapped("contact_list_ids").ids), ("opt_out", "=", False),
])
# Each reader's mailing: its id, subject and language.
read = {
    contact.email: [mailing.id, mailing.name, mailing.komunigi_lang]
    for mailing in mailings
    for contact in Contact.search(eval(mailing.mailing_domain))
}
env.cr.commit()
print(MARKER + json.dumps({
    "mailing": read[BEES][0],
    "subject": read[BEES][1],
    "read": read,
    "recipients": sorted(set(contacts.mapped("email"))),
}))
"""

# Runs in `odoo shell`: the daily sync of the lists (komunigi.audience).
SYNC_SCRIPT = """
env["komunigi.audience"]._cron_sync()
env.cr.commit()
"""

# Where a reader stands: their contacts, opted out or not, in the representatives' list.
STATE_QUERY = """
SELECT c.id, c.opt_out, EXISTS (
    SELECT 1 FROM mail_mass_mailing_contact_list_rel r
    JOIN ir_model_data d ON d.res_id = r.list_id AND d.model = 'mail.mass_mailing.list'
        AND d.module = 'komunigi_newsletter' AND d.name = 'list_representatives'
    WHERE r.contact_id = c.id)
FROM mail_mass_mailing_contact c WHERE lower(c.email) = lower(%s) ORDER BY c.id
"""


def shell(script, **names):
    """The facts `script` prints, run in `odoo shell` with `names` defined."""
    return shell_facts(script, MARKER, **names)


def state(address):
    rows = run_sql(environment("KOMUNIGI_TEST_DB"), STATE_QUERY, (address,))
    return {
        "contacts": len(rows),
        "ids": [row[0] for row in rows],
        "opt_out": any(row[1] for row in rows),
        "in_list": any(row[2] for row in rows),
    }


def subscription_states(sync=False):
    """Where the two demo representatives stand, read in the database; after the
    daily sync of the lists with `sync`."""
    if sync:
        run_shell(SYNC_SCRIPT)
    return {"bees": state(BEES_REP), "oufticoop": state(OUFTI_REP)}


def send_newsletter():
    """The newsletter of the last year, sent through an SMTP server started here:
    (facts, [(recipients, message)])."""
    inbox = Inbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    try:
        facts = shell(SEND_SCRIPT, PORT=port, BEES=BEES_REP)
    finally:
        controller.stop()
    return facts, inbox.messages()


@pytest.fixture(scope="module")
def delivered(odoo_server):
    """The newsletter, sent once through the local SMTP server: (facts, messages)."""
    return send_newsletter()


def message_to(messages, address):
    found = [message for rcpts, message in messages if address in rcpts]
    assert len(found) == 1, "%s received %d newsletters" % (address, len(found))
    return found[0]


def csrf_token(page):
    return re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)


def test_the_newsletter_reaches_each_subscriber_once(delivered):
    facts, messages = delivered
    recipients = [rcpt for rcpts, _message in messages for rcpt in rcpts]
    assert sorted(recipients) == facts["recipients"]
    assert BEES_REP in recipients and OUFTI_REP in recipients
    message = message_to(messages, BEES_REP)
    assert message["Subject"] == facts["subject"]
    body = html_of(message)
    assert "Nouveaux membres" in body  # BEES reads French
    assert "/mail/mailing/%d/unsubscribe" % facts["mailing"] in body


NEW_MEMBERS = {
    "en_US": "New members",
    "fr_FR": "Nouveaux membres",
    "nl_BE": "Nieuwe leden",
    "de_DE": "Neue Mitglieder",
    "es_ES": "Nuevos miembros",
}


def test_each_representative_reads_the_newsletter_in_their_language(delivered):
    facts, messages = delivered
    # bees and oufticoop read French (the demo's languages); each reader reads the
    # mailing of their language.
    langs = {address: read[2] for address, read in facts["read"].items()}
    assert langs[BEES_REP] == langs[OUFTI_REP] == "fr_FR"
    assert len(set(langs.values())) > 1
    for address, lang in langs.items():
        message = message_to(messages, address)
        assert message["Subject"] == facts["read"][address][1]
        assert NEW_MEMBERS[lang] in html_of(message)


def unsubscribe_link(messages, address):
    """The unsubscribe link of the newsletter `address` received (path and query)."""
    body = html_of(message_to(messages, address))
    links = [
        html.unescape(link)
        for link in re.findall(r'href="([^"]+)"', body)
        if "/unsubscribe" in link
    ]
    assert len(links) == 1
    link = urlparse(links[0])
    return link.path + "?" + link.query


def save_choices(session, url, mailing, address, opt_out_ids, **extra):
    """Post what the subscription page's script posts when the boxes are unticked."""
    params = dict(mailing_id=mailing, email=address, opt_in_ids=[])
    params.update(opt_out_ids=opt_out_ids, **extra)
    response = session.post(
        url + "/mail/mailing/unsubscribe",
        json={"jsonrpc": "2.0", "method": "call", "params": params},
    )
    assert response.status_code == 200
    return response.json()


def test_the_unsubscribe_link_works_and_no_sync_brings_them_back(
    odoo_server, delivered
):
    facts, messages = delivered
    # The link opens Odoo's subscription page (website_mass_mailing), which lists the
    # reader's lists; unticking them posts what its script posts, in the same session.
    browser = requests.Session()
    page = browser.get(odoo_server.url + unsubscribe_link(messages, BEES_REP))
    assert page.status_code == 200
    assert "Komunigi: representatives of the members" in page.text
    contact_ids = [
        int(value)
        for value in re.findall(r'name="contact_ids"\s+value="(\d+)"', page.text)
    ]
    assert contact_ids
    saved = save_choices(
        browser, odoo_server.url, facts["mailing"], BEES_REP, contact_ids
    )
    assert "error" not in saved
    states = subscription_states(sync=True)
    assert states["bees"]["opt_out"]
    assert states["bees"]["contacts"] == 1
    assert not states["oufticoop"]["opt_out"]


def test_the_portal_form_changes_only_the_users_own_subscription(odoo_server):
    session, response = login(odoo_server, "bees", "bees")
    assert response.status_code == 200
    url = odoo_server.url + "/my/komunigi/newsletter"
    page = session.get(odoo_server.url + "/my/komunigi").text
    assert 'id="o_komunigi_newsletter"' in page
    # Without the CSRF token, nothing changes.
    refused = session.post(url, data={"subscribe": "1"}, allow_redirects=False)
    assert refused.status_code == 400
    # Subscribe (again, if the unsubscribe link was followed before), then leave.
    for choice, text, subscribed in (
        ("1", "You are subscribed to the newsletter.", True),
        ("0", "You will not receive the newsletter anymore.", False),
        ("1", "You are subscribed to the newsletter.", True),
    ):
        token = csrf_token(session.get(odoo_server.url + "/my/komunigi").text)
        # A partner id in the form is not read: the form is about the user only.
        done = session.post(
            url, data={"subscribe": choice, "csrf_token": token, "partner_id": "1"}
        )
        assert done.status_code == 200
        assert done.url.endswith(
            "/my/komunigi?newsletter=%s"
            % ("subscribed" if subscribed else "unsubscribed")
        )
        assert text in done.text
        states = subscription_states()
        assert states["bees"]["opt_out"] is not subscribed
        assert states["bees"]["in_list"]
        assert not states["oufticoop"]["opt_out"]
    # The daily sync keeps the choice.
    assert subscription_states(sync=True)["bees"] == states["bees"]


def test_anonymous_cannot_use_the_form(odoo_server):
    response = requests.post(
        odoo_server.url + "/my/komunigi/newsletter",
        data={"subscribe": "0"},
        allow_redirects=False,
    )
    assert response.status_code in (302, 303, 400)
    assert not subscription_states()["bees"]["opt_out"]


def test_the_public_project_log(odoo_server):
    page = requests.get(odoo_server.url + "/komunigi/log")
    assert page.status_code == 200
    assert "Dues adopted: 3 hours of community work a month" in page.text
    assert "The migration to Odoo 12 is funded" in page.text
    assert "Core group: preparing the next elections" not in page.text
    entries = sorted(set(re.findall(r'href="/komunigi/log/(\d+)"', page.text)))
    assert entries
    detail = requests.get(odoo_server.url + "/komunigi/log/%s" % entries[0])
    assert detail.status_code == 200
    tags = re.findall(r'href="/komunigi/log\?tag=(\d+)"', page.text)
    assert tags
    by_tag = requests.get(odoo_server.url + "/komunigi/log?tag=%s" % tags[0])
    assert by_tag.status_code == 200
    assert requests.get(odoo_server.url + "/komunigi/log/999999").status_code == 404


def test_a_forged_unsubscribe_changes_nothing(odoo_server, delivered):
    """Odoo 11 saved the choices posted for any address, without the link's token."""
    facts, messages = delivered
    victim = subscription_states()["oufticoop"]
    assert victim["ids"] and not victim["opt_out"]
    link = unsubscribe_link(messages, OUFTI_REP)
    forged_link = re.sub(r"token=[0-9a-f]+", "token=" + "0" * 128, link)
    assert forged_link != link
    page = requests.get(odoo_server.url + forged_link)
    assert page.status_code == 403
    assert "This link is not valid" in page.text
    assert 'name="contact_ids"' not in page.text
    # A session that opened BEES's own link proves BEES's address only.
    bees_browser = requests.Session()
    assert bees_browser.get(odoo_server.url + unsubscribe_link(messages, BEES_REP)).ok
    forgeries = [
        (requests.Session(), {}),
        (requests.Session(), {"res_id": victim["ids"][0], "token": "0" * 128}),
        (bees_browser, {}),
    ]
    for session, extra in forgeries:
        answer = save_choices(
            session,
            odoo_server.url,
            facts["mailing"],
            OUFTI_REP,
            victim["ids"],
            **extra,
        )
        assert (
            "Your subscriptions were not changed" in answer["error"]["data"]["message"]
        )
    assert not subscription_states()["oufticoop"]["opt_out"]


def test_the_links_token_posted_along_works(odoo_server, delivered):
    """The token of the recipient's link, posted with the choices, proves the address
    without opening the page (then the reader subscribes again)."""
    facts, messages = delivered
    query = parse_qs(urlparse(unsubscribe_link(messages, OUFTI_REP)).query)
    proof = {"res_id": query["res_id"][0], "token": query["token"][0]}
    ids = subscription_states()["oufticoop"]["ids"]
    for opt_out, opted_out in ((ids, True), ([], False)):
        answer = save_choices(
            requests.Session(),
            odoo_server.url,
            facts["mailing"],
            OUFTI_REP,
            opt_out,
            **dict(proof, opt_in_ids=[] if opt_out else ids),
        )
        assert answer.get("result") is True, answer
        assert subscription_states()["oufticoop"]["opt_out"] is opted_out
