# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The invariant of the newsletters (tests/lifecycle_invariants.py has the others):
every link of every mail each newsletter sent answers its recipient, read from the
mails as sent and followed through Odoo's routing map, months after they were sent."""

import inspect
import re
from html import unescape
from urllib.parse import urlparse

from werkzeug.exceptions import HTTPException
from werkzeug.routing import RequestRedirect

import odoo
from odoo import http, tools
from odoo.exceptions import AccessError

# Route arguments that name a record, and its model.
RECORD_ARGUMENTS = {
    "request_id": "komunigi.request",
    "session_id": "komunigi.session",
    "cofinancing_id": "komunigi.cofinancing",
    "round_id": "komunigi.funding.round",
    "entry_id": "komunigi.log.entry",
    "mailing_id": "mail.mass_mailing",
}
_ROUTING = {}


def routing_map(env):
    """Odoo's routing map of the database (`ir.http.routing_map` builds the same one,
    but reads the registry from the HTTP request)."""
    IrHttp = type(env["ir.http"])
    cached = getattr(IrHttp, "_routing_map", None)
    if cached is not None:
        return cached
    key = env.cr.dbname
    if key not in _ROUTING:
        installed = sorted(env.registry._init_modules - {"web"})
        modules = [""] + odoo.conf.server_wide_modules + installed
        _ROUTING[key] = http.routing_map(
            modules, False, converters=env["ir.http"]._get_converters()
        )
    return _ROUTING[key]


def mail_links(body):
    return [unescape(href) for href in re.findall(r'href="([^"]+)"', body or "")]


def own_path(base, url):
    """The path and query of a link to this Odoo (`base`: the netloc of its
    web.base.url), or None for another site."""
    parts = urlparse(url)
    if parts.scheme not in ("", "http", "https") or url.startswith("#"):
        return None
    if parts.netloc and parts.netloc != base:
        return None
    return parts.path or "/"


def public_record(env, model, record_id):
    """Whether the model's public pages publish the record (read with sudo)."""
    Model = env[model].sudo()
    if model == "komunigi.log.entry":
        domain = [("is_published", "=", True)]
    elif hasattr(Model, "_public_domain"):
        wanted = inspect.signature(Model._public_domain).parameters
        args = [env.user.company_id] if wanted else []
        domain = Model._public_domain(*args)
    else:
        return False
    return bool(Model.search(domain + [("id", "=", record_id)]))


def readable(env, model, record_id, user):
    """Whether `user` (a portal representative) reads the record by the rules."""
    if user is None:
        return False
    try:
        return bool(env[model].sudo(user).search([("id", "=", record_id)]))
    except AccessError:
        return False


class LinkCheck:
    """One check of newsletter links: does each link answer its reader (`user`, or
    None for a reader without login)? A route of Odoo matches it, and each record it
    names exists and is published or readable by the reader; a tracked link
    (/r/<code>) is followed to its target. What does not depend on the reader (the
    route of a path, the tracked codes' targets, a record's existence and
    publication) is read once per check; each (link, reader) pair is followed once."""

    def __init__(self, env):
        self.env = env
        self.base = urlparse(
            env["ir.config_parameter"].sudo().get_param("web.base.url")
        ).netloc
        env.cr.execute(
            "SELECT c.code, l.url FROM link_tracker_code c "
            "JOIN link_tracker l ON l.id = c.link_id"
        )
        self.targets = dict(env.cr.fetchall())
        self.answered, self.routes, self.records = set(), {}, {}

    def __call__(self, url, user, seen=()):
        path = own_path(self.base, url)
        key = (path, user.id if user else None)
        if path is None or key in self.answered:
            return
        assert url not in seen, "%s redirects in a loop" % url
        auth, args = self.route(url, path)
        if auth == "redirect":
            return self(args, user, seen + (url,))
        assert auth != "user" or user is not None, "%s needs a login" % url
        if "code" in args and path.startswith("/r/"):
            assert args["code"] in self.targets, "%s: unknown tracked link" % url
            self(self.targets[args["code"]], user, seen + (url,))
        for argument, record_id in args.items():
            model = RECORD_ARGUMENTS.get(argument)
            if not model or model not in self.env:
                continue
            exists, public = self.record(model, record_id)
            assert exists, "%s: no record" % url
            if model == "mail.mass_mailing":
                continue
            who = user.login if user else "a reader without login"
            assert public or readable(self.env, model, record_id, user), (
                "%s: %s %s is neither public nor readable by %s"
                % (url, model, record_id, who)
            )
        self.answered.add(key)

    def route(self, url, path):
        """(auth, arguments) of the route that answers `path`, or ("redirect", url)."""
        if path not in self.routes:
            adapter = routing_map(self.env).bind("")
            try:
                endpoint, args = adapter.match(path, method="GET")
                self.routes[path] = (endpoint.routing.get("auth", "user"), args)
            except RequestRedirect as redirect:
                self.routes[path] = ("redirect", redirect.new_url)
            except HTTPException as error:
                message = "%s: no route answers it (%s)" % (url, error)
                raise AssertionError(message) from error
        return self.routes[path]

    def record(self, model, record_id):
        """(exists, published) of the record a link names."""
        if (model, record_id) not in self.records:
            exists = bool(self.env[model].sudo().browse(record_id).exists())
            public = exists and public_record(self.env, model, record_id)
            self.records[model, record_id] = (exists, public)
        return self.records[model, record_id]


def portal_readers(env):
    """{address: portal user} of the logins and addresses of the portal users."""
    readers = {}
    for user in env["res.users"].sudo().search([("share", "=", True)]):
        for address in (user.email, user.login):
            if address:
                readers.setdefault(address.strip().lower(), user)
    return readers


def check_newsletter_links(env, mailings, sent=None):
    """Every link of every mail each newsletter sent answers its recipient.

    `sent`: {mail id: (recipient's address, links)}, filled here and kept by the caller
    from one check to the next: a sent mail's body never changes, what its links point
    to may (a record unpublished, a reader who lost their login), so each check reads
    only the new mails and follows every (link, reader) pair again."""
    readers, check = portal_readers(env), LinkCheck(env)
    sent = {} if sent is None else sent
    for mailing in mailings:
        mails = (
            env["mail.mail"]
            .sudo()
            .with_context(active_test=False)
            .search([("mailing_id", "=", mailing.id)])
        )
        assert mails, "%s sent no mail" % mailing.name
        for mail in mails:
            if mail.id not in sent:
                sent[mail.id] = recipient_links(mail)
            address, urls = sent[mail.id]
            for url in urls:
                check(url, readers.get(address))


def recipient_links(mail):
    """(address, links) of what the recipient of `mail` receives: their unsubscribe
    link and the tracked links."""
    sent = mail.send_get_email_dict()
    recipient = (sent.get("email_to") or [mail.email_to])[0]
    address = (tools.email_split(recipient or "") or [""])[0].lower()
    return address, mail_links(sent["body"])
