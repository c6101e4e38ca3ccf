# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Commitments on /my/cofinancings/<id> over real HTTP: accepting the offered share,
and pledges sent in parallel that must never over-commit a co-financing.

The co-financings are made and committed by a separate `odoo shell` process, like
those of test_portal_cofinancing.py; the tests only add to them.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from .portal_pages import alert, csrf_token, logged_in, post_form, shows_amount, text_of
from .test_portal_cofinancing import NOTES_SCRIPT, run_shell

# Runs in `odoo shell`. Run again, it finds what it made and only reads the facts.
DATA_SCRIPT = """
import json

M = "komunigi_membership."
bees, ouf = env.ref(M + "partner_bees"), env.ref(M + "partner_oufticoop")
demain = env.ref(M + "partner_demain")
Cofinancing = env["komunigi.cofinancing"]

def cofinancing(name, total, coops):
    return Cofinancing.search([("name", "=", PREFIX + name)], limit=1) or (
        Cofinancing.create({
            "name": PREFIX + name,
            "amount_total": total,
            "share_ids": [(0, 0, {"partner_id": p.id}) for p in coops],
        })
    )

# Offered 100 each; accepted from the portal by the tests.
accept = cofinancing("accept", 300, (bees, ouf, demain))
# 100 still missing, BEES and Oufticoop race to pledge it.
race = cofinancing("race", 100, (bees, ouf))
env.cr.commit()
print(MARKER + json.dumps({"accept": accept.id, "race": race.id}))
"""


@pytest.fixture(scope="module")
def facts(odoo_server):
    return run_shell(DATA_SCRIPT)


def accept(server, session, cofinancing_id, offered):
    url = "/my/cofinancings/%d" % cofinancing_id
    return post_form(server, session, url, url + "/accept", {"offered": offered})


def commitments(cofinancing_id):
    """The chatter and the commitments of a co-financing, from the database."""
    return run_shell(NOTES_SCRIPT.replace("RECORD_ID", str(cofinancing_id)))


def test_accepting_the_offered_share_commits_once(odoo_server, facts):
    session = logged_in(odoo_server, "bees")
    url = odoo_server.url + "/my/cofinancings/%d" % facts["accept"]
    page = session.get(url).text
    assert shows_amount(text_of(page), "offers your co-op a share of", "100.00")
    response = accept(odoo_server, session, facts["accept"], "100.00")
    assert response.status_code == 200
    assert response.url.endswith("?accepted=1")
    assert "Your co-op accepted its share" in text_of(response.text)
    assert "Accept this share" not in response.text
    again = accept(odoo_server, session, facts["accept"], "100.00")  # sent twice
    assert again.status_code == 200
    chatter = commitments(facts["accept"])
    assert chatter["commitments"]["BEES coop"] == ["accepted", 100.0]
    accepted = [n for n in chatter["notes"] if "accepts its share" in n["body"]]
    assert len(accepted) == 1
    assert chatter["commitments"]["Oufticoop"] == ["none", 0.0]


def test_accepting_a_changed_offer_commits_nothing(odoo_server, facts):
    session = logged_in(odoo_server, "oufticoop")
    response = accept(odoo_server, session, facts["accept"], "99.00")
    assert response.status_code == 200
    assert "changed to" in alert(response.text, "o_komunigi_pledge_error")
    chatter = commitments(facts["accept"])
    assert chatter["commitments"]["Oufticoop"] == ["none", 0.0]


def test_parallel_pledges_never_over_commit(odoo_server, facts):
    """BEES and Oufticoop each pledge the whole 100 still missing, five times at
    once: one pledge of 100 is recorded, every answer is a page (200), no error."""
    url = "/my/cofinancings/%d" % facts["race"]
    posts = []
    for name in ("bees", "oufticoop") * 5:
        session = logged_in(odoo_server, name)
        page = session.get(odoo_server.url + url).text
        posts.append((session, csrf_token(page)))

    def send(post):
        session, token = post
        return session.post(
            odoo_server.url + url + "/pledge",
            data={"pledge": "100", "csrf_token": token},
        ).status_code

    with ThreadPoolExecutor(max_workers=len(posts)) as pool:
        codes = list(pool.map(send, posts))
    assert codes == [200] * len(posts)
    chatter = commitments(facts["race"])
    pledged = [pledge for _kind, pledge in chatter["commitments"].values()]
    assert sorted(pledged) == [0.0, 100.0]
    assert "Traceback" not in odoo_server.log()
