# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The representative's portal as a fuzzer sees it: its pages, their forms, and
malformed values to post to them (tests/test_portal_fuzz.py).

The crawl starts from /my/home and /my/komunigi and follows the links under /my/ and
/komunigi/; every `<form method="post">` it meets is kept with its fields and the
values the page gives them, so that a post can send the form as a browser would and
then spoil some of it.
"""

import re
from collections import Counter, deque
from urllib.parse import urljoin, urlsplit

import psycopg2
from lxml import html

START_PAGES = ("/my/home", "/my/komunigi")
FOLLOWED = ("/my/", "/komunigi/")
# Links that end the session, download files (the PDF documents among them) or only
# re-sort a list already crawled.
SKIPPED = re.compile(
    r"logout|/web/|/pdf/|report_type=|download=|/page/\d|[?&](sortby|filterby|search|"
    r"category|state|tag)=|/minutes$|/agreement$|/result$|/statement\b"
)
MAX_PAGES = 80
# Pages of one kind (/my/requests/N) crawled at most, lowest ids first (the oldest
# records, of every co-op): their forms are the same.
PAGES_PER_KIND = 10
# What a page shows when it turns a post down with its reasons.
ERROR_MARKERS = re.compile(
    r'class="[^"]*(alert-danger|has-error|text-danger|o_komunigi_\w*error)'
)
LEAKS = ("Traceback", "psycopg2", "odoo.exceptions")
HUGE = 100 * 1024


class Form:
    """A post form of a page: where it posts and the fields a browser would send."""

    def __init__(self, page, action, fields, choices, hidden):
        self.page = page
        self.action = action
        self.fields = fields  # [(name, value)] as the browser sends them
        self.choices = choices  # {name: [values the page offers]}
        self.hidden = hidden  # names of the hidden inputs: nobody types in them

    @property
    def key(self):
        """The form's identity across records: its action, ids replaced by N."""
        names = {name for name, _value in self.fields} | set(self.choices)
        return (
            re.sub(r"/\d+", "/N", self.action)
            + " "
            + ",".join(sorted(names - {"csrf_token"}))
        )


def _form_fields(form):
    """(fields, choices, hidden names) of an lxml form: what a browser sends."""
    fields, choices = [], {}
    hidden = set(form.xpath(".//input[@type='hidden']/@name"))
    for element in form.xpath(".//input|.//select|.//textarea"):
        name = element.get("name")
        kind = (element.get("type") or "").lower()
        if not name or kind in ("submit", "button", "file", "image", "reset"):
            continue
        if element.tag == "select":
            options = [o.get("value", o.text or "") for o in element.xpath(".//option")]
            choices[name] = options
            fields.append((name, element.value or (options[0] if options else "")))
        elif kind in ("radio", "checkbox"):
            choices.setdefault(name, []).append(element.get("value", "on"))
            if element.get("checked") is not None or kind == "radio":
                fields.append((name, element.get("value", "on")))
        else:
            fields.append((name, element.value or ""))
    return _one_radio_each(fields, choices), choices, hidden


def _one_radio_each(fields, choices):
    """A browser sends one value per radio group: keep the first of each."""
    kept, seen = [], set()
    for name, value in fields:
        repeated = name in seen and len(choices.get(name, ())) > 1
        if repeated and name.startswith(("value", "rank_")):
            continue
        seen.add(name)
        kept.append((name, value))
    return kept


def page_forms(url, text):
    """The post forms of a page, and the portal links it holds."""
    tree = html.fromstring(text)
    forms = []
    for form in tree.xpath("//form"):
        if (form.get("method") or "get").lower() != "post":
            continue
        action = urljoin(url, form.get("action") or url)
        fields, choices, hidden = _form_fields(form)
        forms.append(Form(url, urlsplit(action).path, fields, choices, hidden))
    forms += _chatter_forms(url, tree, text)
    links = {urljoin(url, href) for href in tree.xpath("//a/@href")}
    return forms, links


def _chatter_forms(url, tree, text):
    """The comment form of a page's discussion: Odoo's JavaScript draws it (a post to
    /mail/chatter_post) where the page allows the user to comment."""
    token = re.search(r'csrf_token: "([^"]+)"', text)
    threads = tree.xpath("//*[@data-res_model][@data-allow_composer='1']")
    return [
        Form(
            url,
            "/mail/chatter_post",
            [
                ("csrf_token", token.group(1)),
                ("res_model", thread.get("data-res_model")),
                ("res_id", thread.get("data-res_id")),
                ("message", ""),
            ],
            {},
            {"res_model", "res_id"},
        )
        for thread in threads
        if token
    ]


def crawl(session, base):
    """Every post form reachable from the start pages (breadth first)."""
    queue = deque(base + path for path in START_PAGES)
    seen, forms, kinds = set(queue), [], Counter()
    while queue and len(seen) <= MAX_PAGES:
        url = queue.popleft()
        response = session.get(url)
        if response.status_code != 200 or "html" not in response.headers.get(
            "Content-Type", ""
        ):
            continue
        page_forms_found, links = page_forms(response.url, response.text)
        forms.extend(page_forms_found)
        for link in sorted(links, key=lambda link: (len(link), link)):
            link = link.split("#")[0]
            path = link[len(base) :] if link.startswith(base) else None
            if path and path.startswith(FOLLOWED) and not SKIPPED.search(path):
                kind = re.sub(r"\d+", "N", path)
                if link not in seen and kinds[kind] < PAGES_PER_KIND:
                    kinds[kind] += 1
                    seen.add(link)
                    queue.append(link)
    return forms, seen


def record_ids(urls):
    """The numbers in the crawled URLs: ids of records the user could open."""
    return {int(n) for url in urls for n in re.findall(r"/(\d+)(?=/|$|\?)", url)}


class TableCounts:
    """Row counts of the komunigi tables and account_invoice, on one connection."""

    def __init__(self, database):
        self.connection = psycopg2.connect(dbname=database)
        self.connection.autocommit = True
        with self.connection.cursor() as cursor:
            cursor.execute(
                "SELECT tablename FROM pg_tables WHERE schemaname = 'public' "
                "AND (tablename LIKE 'komunigi%%' OR tablename = 'account_invoice') "
                "ORDER BY tablename"
            )
            tables = [row[0] for row in cursor.fetchall()]
        self.query = " UNION ALL ".join(
            "SELECT '%s', count(*) FROM %s" % (table, table) for table in tables
        )

    def __call__(self):
        with self.connection.cursor() as cursor:
            cursor.execute(self.query)
            return dict(cursor.fetchall())

    def messages(self):
        """The number of messages (comments, notes, notifications) of all records."""
        with self.connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM mail_message")
            return cursor.fetchone()[0]

    def close(self):
        self.connection.close()
