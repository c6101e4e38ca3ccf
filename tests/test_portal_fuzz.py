# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Malformed posts to every form of a representative's portal, over real HTTP.

The fuzzer logs in as BEES's representative, crawls the portal (tests/fuzz_portal.py)
and posts each form again and again, each time spoiled with one kind of bad value
(tests/fuzz_payloads.py): wrong types, empty, 100 kB, negative, NaN and infinity, HTML,
SQL, NUL bytes, Oufticoop's record ids, a missing field. Every answer, redirects
followed:

- is no server error (5xx) and shows no traceback;
- sends no posted text back in a redirect (`Location`);
- when it turns the post down (an error status, or the form back instead of the
  redirect a success gives), says why on the page, and leaves the komunigi tables
  and the invoices as they were.

KOMUNIGI_FUZZ_POSTS (default 500) sets the number of posts, KOMUNIGI_FUZZ_SEED the
seed (printed, so a failing run can be replayed).
"""

import json
import os
import random
import re
import time
from collections import Counter
from urllib.parse import unquote

import pytest

from .conftest import environment
from .fuzz_payloads import KINDS, spoil
from .fuzz_portal import ERROR_MARKERS, LEAKS, TableCounts, crawl
from .test_http_smoke import login
from .test_portal_requests import run_shell

POSTS = int(os.environ.get("KOMUNIGI_FUZZ_POSTS", "500"))
SEED = int(os.environ.get("KOMUNIGI_FUZZ_SEED", "20261129"))
MARKER = "KOMUNIGI_FUZZ_DATA="
# A long run (`-s`) prints its figures along the way.
PROGRESS_EVERY = 500
# Longest `Location` a redirect may carry: a fixed path, an id and a fixed code.
LONGEST_LOCATION = 200

# An open session with one item per voting method, so that the ballot form is on the
# page, and a draft of Oufticoop's that BEES must not reach.
DATA_SCRIPT = """
import json
from datetime import datetime, timedelta
from odoo import fields

def moment(**delta):
    return fields.Datetime.to_string(datetime.now() + timedelta(**delta))

ouf = env.ref("komunigi_membership.partner_oufticoop")
category = env.ref("komunigi_request_vote.category_shifts")
Request = env["komunigi.request"]

def new_request(title, **values):
    return Request.create(dict(
        title=title, partner_id=ouf.id, category_id=category.id, **values))

candidates = []
for number in range(3):
    request = new_request("Fuzz candidate %d" % number, estimate_hours=5 + number,
                          hourly_rate=50)
    request.action_submit()
    request.action_start_analysis()
    request.action_estimate()
    candidates.append(request)
session = env["komunigi.session"].create({
    "name": "Fuzz session", "date": fields.Date.today(),
    "voting_opens": moment(hours=-1), "voting_closes": moment(days=1),
})
for method in ("yes_no", "approval", "score", "ranking"):
    env["komunigi.session.item"].create({
        "session_id": session.id, "name": "Fuzz %s" % method, "method": method,
        "request_ids": [(6, 0, [c.id for c in candidates[:1 if method == "yes_no" else 3]])],
    })
session.action_open()
draft = new_request("Fuzz draft of Oufticoop")
env.cr.commit()
print(MARKER + json.dumps({"ouf_draft": draft.id}))
"""

OTHER_IDS_QUERY = """
SELECT id FROM account_invoice WHERE commercial_partner_id = %(ouf)s
UNION SELECT id FROM komunigi_membership WHERE partner_id = %(ouf)s
UNION SELECT cofinancing_id FROM komunigi_cofinancing_share s
      WHERE NOT EXISTS (SELECT 1 FROM komunigi_cofinancing_share b
                        WHERE b.cofinancing_id = s.cofinancing_id
                        AND b.partner_id = %(bees)s)
UNION SELECT id FROM komunigi_request WHERE partner_id = %(ouf)s AND state = 'draft'
"""


def partner_id(counts, xmlid):
    module, name = xmlid.split(".")
    with counts.connection.cursor() as cursor:
        cursor.execute(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s",
            (module, name),
        )
        return cursor.fetchone()[0]


def other_coop_ids(counts, data):
    """Ids of Oufticoop's invoices, membership, co-financings and drafts."""
    params = {
        "ouf": partner_id(counts, "komunigi_membership.partner_oufticoop"),
        "bees": partner_id(counts, "komunigi_membership.partner_bees"),
    }
    with counts.connection.cursor() as cursor:
        cursor.execute(OTHER_IDS_QUERY, params)
        ids = {row[0] for row in cursor.fetchall()}
    return sorted(ids | {data["ouf_draft"]})


@pytest.fixture(scope="module")
def fuzz_data(odoo_server):
    output = run_shell("MARKER = %r\n" % MARKER + DATA_SCRIPT)
    lines = [line for line in output.splitlines() if line.startswith(MARKER)]
    assert lines, "the data script failed:\n%s" % output
    return json.loads(lines[-1][len(MARKER) :])


def valid_fields(form, rng):
    """The form as a representative would fill it in: each empty field given a value."""
    fields = []
    for name, value in form.fields:
        options = [option for option in form.choices.get(name, ()) if option]
        if name == "submission_token":
            value = "%032x" % rng.getrandbits(128)
        elif not value and options:
            value = rng.choice(options)
        elif not value and name not in form.hidden:
            value = "Fuzz %s %d" % (name, rng.randrange(10**6))
        fields.append((name, value))
    for name, options in form.choices.items():
        if name not in dict(fields) and options:
            fields += [(name, option) for option in options if rng.random() < 0.5]
    return fields


def posted_texts(fields):
    """The longer values posted: none may come back in a redirect URL."""
    return [value for _name, value in fields if len(value) >= 12]


class Fuzzer:
    """Posts spoiled forms and keeps the figures and the faults it meets."""

    def __init__(self, server, session, counts, other_ids, rng):
        self.server, self.session, self.counts = server, session, counts
        self.other_ids, self.rng = other_ids, rng
        self.per_form, self.per_kind, self.refused = Counter(), Counter(), Counter()
        self.statuses = Counter()
        self.faults = []

    def fault(self, what, form, kind, how, response):
        self.faults.append(
            "%s: %s %s (%s, %s) -> %s %s"
            % (
                what,
                form.action,
                kind,
                how,
                form.page,
                response.status_code,
                response.url,
            )
        )

    def post(self, form, kind):
        fields, action, how = spoil(
            valid_fields(form, self.rng), form.action, kind, self.rng, self.other_ids
        )
        before = self.counts()
        response = self.session.post(self.server.url + action, data=fields)
        self.per_form[form.key] += 1
        self.per_kind[kind] += 1
        self.statuses[response.status_code] += 1
        self.check(form, kind, how, fields, response, before)

    def check(self, form, kind, how, fields, response, before):
        answers = list(response.history) + [response]
        if any(answer.status_code >= 500 for answer in answers):
            self.fault("server error", form, kind, how, response)
        if any(leak in response.text for leak in LEAKS):
            self.fault("traceback shown", form, kind, how, response)
        for answer in response.history:
            location = unquote(answer.headers.get("Location", ""))
            texts = posted_texts(fields)
            if len(location) > LONGEST_LOCATION or any(t in location for t in texts):
                self.fault("posted text in a redirect", form, kind, how, response)
        refused = response.status_code >= 400 or not response.history
        refused = refused or re.search(r"[?&]\w+=refused\b", response.url)
        if not refused:
            return
        self.refused[kind] += 1
        if response.status_code < 400 and not ERROR_MARKERS.search(response.text):
            self.fault("refused without a message", form, kind, how, response)
        if self.counts() != before:
            self.fault("refused post wrote rows", form, kind, how, response)

    def report(self, seconds):
        lines = [
            "%d posts in %.0f s, seed %d" % (sum(self.per_kind.values()), seconds, SEED)
        ]
        lines += [
            "  form %-60s %4d posts" % item for item in sorted(self.per_form.items())
        ]
        lines += [
            "  kind %-16s %4d posts, %4d refused" % (kind, count, self.refused[kind])
            for kind, count in sorted(self.per_kind.items())
        ]
        lines.append("  statuses %s" % dict(sorted(self.statuses.items())))
        lines.append("  faults %d" % len(self.faults))
        return "\n".join(lines)


def run(fuzzer, forms, posts):
    """Post the forms in turn, each with every kind of bad value in turn; a form
    found on several pages (one per record) is taken from one of them at random."""
    by_key = {}
    for form in forms:
        by_key.setdefault(form.key, []).append(form)
    keys = sorted(by_key)
    started = time.time()
    for number in range(posts):
        key = keys[number % len(keys)]
        kind = KINDS[(number // len(keys)) % len(KINDS)]
        fuzzer.post(fuzzer.rng.choice(by_key[key]), kind)
        if (number + 1) % PROGRESS_EVERY == 0:
            print(fuzzer.report(time.time() - started), flush=True)


# The columns of the representative's partner that Odoo's "My details" form writes.
DETAILS = (
    "name, email, phone, street, street2, city, zip, country_id, state_id, vat, "
    "company_name"
)


def details_of(counts, login):
    """The representative's details as the fuzzer found them (read in SQL)."""
    with counts.connection.cursor() as cursor:
        cursor.execute(
            "SELECT p.id, %s FROM res_partner p JOIN res_users u ON u.partner_id = p.id "
            "WHERE u.login = %%s" % DETAILS,
            (login,),
        )
        return cursor.fetchone()


def restore(server, session, forms, counts, details):
    """Put back the representative's details and newsletter choice as the crawl found
    them: the server tests that run after this one read them. The details go back
    in SQL: the form itself may refuse them (Odoo refuses a VAT number changed once
    the co-op has invoices)."""
    with counts.connection.cursor() as cursor:
        cursor.execute(
            "UPDATE res_partner SET (%s) = %%s WHERE id = %%s" % DETAILS,
            (tuple(details[1:]), details[0]),
        )
    for form in forms:
        if form.action != "/my/komunigi/newsletter":
            continue
        fields = dict(form.fields)
        # The form offers the other choice: the one found is its opposite.
        fields["subscribe"] = "1" if fields.get("subscribe") == "0" else "0"
        response = session.post(server.url + form.action, data=fields)
        assert response.history, "could not restore %s" % form.action


def test_malformed_posts_are_refused_cleanly(odoo_server, fuzz_data):
    print("\nportal fuzz: seed %d (KOMUNIGI_FUZZ_SEED), %d posts" % (SEED, POSTS))
    rng = random.Random(SEED)
    session = login(odoo_server, "bees", "bees")[0]
    forms, pages = crawl(session, odoo_server.url)
    assert len({form.key for form in forms}) >= 7, sorted(form.key for form in forms)
    counts = TableCounts(environment("KOMUNIGI_TEST_DB"))
    fuzzer = Fuzzer(
        odoo_server, session, counts, other_coop_ids(counts, fuzz_data), rng
    )
    details = details_of(counts, "bees")
    started = time.time()
    try:
        run(fuzzer, forms, POSTS)
    finally:
        restore(odoo_server, session, forms, counts, details)
        counts.close()
    print(fuzzer.report(time.time() - started))
    print("  pages crawled %d" % len(pages))
    assert not fuzzer.faults, "\n".join(fuzzer.faults[:30])
