# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Reading portal pages and sending their forms as a browser does (HTTP tests)."""

import html
import re

import pytest

from .test_http_smoke import login


def text_of(markup):
    """The visible text of a piece of HTML, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", markup)).split())


def element(page, tag, element_id):
    """The text of the element with this id (a tag that does not nest: tr, dl, p)."""
    pattern = r'<%s[^>]*\sid="%s"[^>]*>(.*?)</%s>' % (tag, re.escape(element_id), tag)
    return text_of(re.search(pattern, page, re.S).group(1))


def alert(page, css_class):
    """The text of the message box with this class, None if there is none."""
    found = re.search(r'class="[^"]*%s[^"]*">(.*?)</div>' % css_class, page, re.S)
    return found and text_of(found.group(1))


def csrf_token(page):
    """The token of the page's form, else the one every page gives its scripts."""
    found = re.search(r'name="csrf_token" value="([^"]+)"', page) or re.search(
        r'csrf_token: "([^"]+)"', page
    )
    return found.group(1)


def shows_amount(text, label, amount):
    """Whether `amount` follows `label` in the text, whatever the currency's symbol
    and its position (the test database's company may use any currency)."""
    pattern = r"%s (\S{1,3} )?%s\b" % (re.escape(label), re.escape(amount))
    return re.search(pattern, text) is not None


def logged_in(server, user):
    """The web session of `user` (whose password is its login), checked logged in."""
    session, response = login(server, user, user)
    assert response.status_code == 200
    assert "/web/login" not in session.get(server.url + "/my/home").url
    return session


def session_fixture(name, user=None, server="odoo_server"):
    """A module fixture `name`: the web session of `user` (`name` by default) on the
    server of the fixture `server`."""

    @pytest.fixture(scope="module", name=name)
    def web_session(request):
        return logged_in(request.getfixturevalue(server), user or name)

    return web_session


def post_form(server, session, page_url, action, data):
    """POST a form of `page_url` as the browser does, with the page's CSRF token."""
    page = session.get(server.url + page_url)
    assert page.status_code == 200
    return session.post(
        server.url + action, data=dict(data, csrf_token=csrf_token(page.text))
    )
