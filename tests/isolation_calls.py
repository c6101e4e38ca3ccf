# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The isolation matrix's attempts: RPC calls, page requests, database snapshots.

An attempt's outcome is "ok" ("empty" for an empty list), or the name of the exception the server answered with
("AccessError", "MissingError", ...), or for a page its HTTP status (with "login"
when it sent the visitor to the login page).
"""

import re
import threading
import xmlrpc.client
from collections import namedtuple
from concurrent.futures import ThreadPoolExecutor

import psycopg2
import requests

from .portal_pages import csrf_token
from .test_http_smoke import login

Attempt = namedtuple("Attempt", "protocol role model method args kwargs label")
WORKERS = 6
# /xmlrpc/2: Odoo 11 maps AccessError to fault 4, AccessDenied to 3, and both
# UserError and MissingError to 2; the others carry their traceback.
XML_FAULTS = {4: "AccessError", 3: "AccessDenied", 2: "UserError or MissingError"}

_local = threading.local()


def _http():
    if not hasattr(_local, "session"):
        _local.session = requests.Session()
    return _local.session


def json_outcome(url, database, uid, password, attempt):
    """/jsonrpc's execute_kw; a visitor (no password) calls the web client's
    /web/dataset/call_kw without session, as a browser's script would (/jsonrpc
    would log each refused login with a traceback)."""
    if password:
        path, params = "/jsonrpc", {"service": "object", "method": "execute_kw"}
        params["args"] = [database, uid, password, attempt.model, attempt.method]
        params["args"] += [attempt.args, attempt.kwargs]
    else:
        path, params = "/web/dataset/call_kw", attempt._asdict()
        params = {key: params[key] for key in ("model", "method", "args", "kwargs")}
    payload = {"jsonrpc": "2.0", "method": "call", "params": params}
    client = _http() if password else requests  # the visitor: never a session
    answer = client.post(url + path, json=payload, timeout=120).json()
    if "error" not in answer:
        return "empty" if answer.get("result") == [] else "ok"
    return answer["error"]["data"]["name"].rsplit(".", 1)[-1]


def xml_outcome(url, database, uid, password, attempt):
    if not hasattr(_local, "proxy"):  # one kept-alive connection per thread
        _local.proxy = xmlrpc.client.ServerProxy(
            url + "/xmlrpc/2/object", allow_none=True
        )
    proxy = _local.proxy
    try:
        result = proxy.execute_kw(
            database,
            uid,
            password,
            attempt.model,
            attempt.method,
            attempt.args,
            attempt.kwargs,
        )
    except xmlrpc.client.Fault as fault:
        if fault.faultCode in XML_FAULTS:
            return XML_FAULTS[fault.faultCode]
        found = re.findall(r"^(\w+(?:\.\w+)*): ", str(fault.faultString), re.M)
        return found[-1].rsplit(".", 1)[-1] if found else "Fault"
    return "empty" if result == [] else "ok"


def run_attempts(server, database, credentials, attempts):
    """The outcome of each attempt (same order); `credentials`: role -> (uid, pw)."""
    callers = {"jsonrpc": json_outcome, "xmlrpc": xml_outcome}

    def run(attempt):
        uid, password = credentials[attempt.role]
        return callers[attempt.protocol](server.url, database, uid, password, attempt)

    with ThreadPoolExecutor(WORKERS) as pool:
        return list(pool.map(run, attempts))


# --- pages ---------------------------------------------------------------------------
def page_outcome(server, session, method, path, token):
    """The status of a GET or POST, "login" when the visitor is sent to log in."""
    url = server.url + path
    if method == "GET":
        answer = session.get(url, allow_redirects=False, timeout=120)
    else:
        answer = session.post(
            url, data={"csrf_token": token}, allow_redirects=False, timeout=120
        )
    location = answer.headers.get("Location", "")
    if answer.status_code in (301, 302, 303) and "/web/login" in location:
        return "login"
    return answer.status_code


def page_session(server, login_name):
    """A browser session (logged in unless `login_name` is None) and its CSRF token."""
    if login_name is None:
        session = requests.Session()
    else:
        session, _answer = login(server, login_name, login_name)
    page = session.get(server.url + "/komunigi/roadmap", timeout=120).text
    return session, csrf_token(page)


# --- the database -----------------------------------------------------------------------
def snapshot(database, tables):
    """Each table's row count and the md5 of all its rows."""
    connection = psycopg2.connect(dbname=database)
    try:
        with connection.cursor() as cursor:
            state = {}
            for table in tables:
                cursor.execute(
                    "SELECT count(*), md5(string_agg(t::text, '|' ORDER BY t::text)) "
                    'FROM "%s" t' % table
                )
                state[table] = cursor.fetchone()
            return state
    finally:
        connection.close()


def komunigi_tables(database):
    """The komunigi tables and relation tables of the database."""
    connection = psycopg2.connect(dbname=database)
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' "
                "AND table_name LIKE 'komunigi%' ORDER BY table_name"
            )
            return [row[0] for row in cursor.fetchall()]
    finally:
        connection.close()
