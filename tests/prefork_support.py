# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""What the prefork concurrency tests click, post and check (see
`test_prefork_concurrency`): one button clicked at once from several connections,
one portal form sent once, and how the answers and the server log must look."""

import datetime
import re
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from operator import itemgetter

import requests

from .test_portal_concurrency import PARALLEL, csrf_token

# A retry of a concurrency failure, by Odoo's RPC dispatch ("retry 1/5 in 0.3 sec")
# or by the portal's @retrying ("cast_vote: serialization_failure, retry 1/10").
RETRY = re.compile(r"(\w+), retry \d+/\d+")
USER_ERROR = "odoo.exceptions.UserError"


def retries(log):
    """The concurrency failures the server retried meanwhile, by kind."""
    found = RETRY.findall(log.text)
    return {kind: found.count(kind) for kind in set(found)}


def click_together(server, session, model, method, record_id, times=2):
    """A button clicked `times` at once, each from its own connection, as the web
    client sends it: the (HTTP status, JSON-RPC answer) of each click."""
    barrier = threading.Barrier(times)
    payload = {
        "jsonrpc": "2.0",
        "method": "call",
        "params": {"model": model, "method": method, "args": [[record_id]]},
    }

    def click(_):
        own = requests.Session()
        own.cookies.update(session.cookies)
        barrier.wait()
        answer = own.post(
            server.url + "/web/dataset/call_button", json=payload, timeout=600
        )
        return answer.status_code, answer.json() if answer.ok else answer.text

    with ThreadPoolExecutor(times) as pool:
        return list(pool.map(click, range(times)))


def post_once(server, session, path, data):
    """A portal form sent once; it redirects to the page that shows its effect."""
    token = csrf_token(session.get(server.url + "/my/home").text)
    answer = session.post(
        server.url + path, data=dict(data, csrf_token=token), allow_redirects=False
    )
    assert answer.status_code == 302, answer.text[-2000:]


def assert_same_redirects(answers, log, target):
    """Each post succeeded: the same redirect to the page that shows its effect (a
    refusal would be a page saying why). No error page, no traceback in the log."""
    assert sorted(status for status, _text in answers) == [302] * PARALLEL, answers
    assert len({text for _status, text in answers}) == 1
    assert target in answers[0][1]
    assert "Traceback" not in log.text, log.text[-3000:]


def assert_once_answers(answers, log):
    """Every click answered 200: the same result, or a clear UserError; at least one
    did the work. A serialization failure never reaches a click, nor a traceback the log.
    """
    assert [status for status, _answer in answers] == [200] * len(answers), answers
    results = [answer.get("result") for _s, answer in answers if "error" not in answer]
    errors = [answer["error"]["data"] for _s, answer in answers if "error" in answer]
    assert results, errors
    assert len({repr(result) for result in results}) == 1, results
    assert all(error["name"] == USER_ERROR for error in errors), errors
    assert "Traceback" not in log.text, log.text[-3000:]
    print("answers:", results + [error["message"] for error in errors])
    print("retries:", retries(log))


def state_changes(rpc, model, record_id):
    """The states a record was put in, as its chatter tracked them."""
    messages = rpc(
        "mail.message", "search", [("model", "=", model), ("res_id", "=", record_id)]
    )
    values = rpc(
        "mail.tracking.value",
        "search_read",
        [("mail_message_id", "in", messages), ("field", "=", "state")],
        ["new_value_char"],
    )
    return [value["new_value_char"] for value in sorted(values, key=itemgetter("id"))]


def month_start(months_ago):
    """The first day of the month `months_ago` months before this one."""
    today = datetime.date.today()
    month = today.year * 12 + today.month - 1 - months_ago
    return datetime.date(month // 12, month % 12 + 1, 1).isoformat()


def new_member(rpc, months_ago):
    """A co-op whose monthly membership started `months_ago` months ago and was
    never invoiced: (co-op, membership)."""
    coop = rpc(
        "res.partner",
        "create",
        {
            "name": "Prefork dues co-op %s" % uuid.uuid4(),
            "is_company": True,
            "street": "Rue de la Loi 16",
            "city": "Bruxelles",
            "zip": "1000",
            "country_id": rpc.xmlid("base.be"),
        },
    )
    membership = rpc(
        "komunigi.membership",
        "create",
        {
            "partner_id": coop,
            "tier_id": rpc.xmlid("komunigi_membership.tier_active"),
            "date_start": month_start(months_ago),
            "billing_frequency": "monthly",
        },
    )
    rpc("komunigi.membership", "action_activate", [membership])
    return coop, membership
