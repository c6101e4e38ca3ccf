# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""Texts of any length come back as a readable page, never in a redirect URL.

A 100 kB title used to travel back in a redirect's query string, whose `Location`
header no client could read. The submit form now renders itself again with the
message, and the fields say how long they may be.
"""

import re

import pytest

from .conftest import environment
from .fuzz_portal import TableCounts
from .portal_pages import alert, csrf_token, logged_in, session_fixture

HUGE = 100 * 1024


bees = session_fixture("bees")


@pytest.fixture
def counts():
    counts = TableCounts(environment("KOMUNIGI_TEST_DB"))
    yield counts
    counts.close()


def submit(server, session, **values):
    """POST the submit form, filled in, with `values` instead of the defaults."""
    page = session.get(server.url + "/my/requests/new").text
    category = re.search(r'<option value="(\d+)"', page).group(1)
    data = {
        "csrf_token": csrf_token(page),
        "title": "A title",
        "description": "A description",
        "category_id": category,
    }
    data.update(values)
    return session.post(server.url + "/my/requests/new", data=data)


def assert_form_came_back(response):
    """The form itself answered: no redirect, so no Location header at all."""
    assert response.status_code == 200
    assert not response.history
    assert "Location" not in response.headers
    assert sum(len(value) for value in response.headers.values()) < 2000


def test_the_submit_form_says_how_long_its_texts_may_be(odoo_server, bees):
    page = bees.get(odoo_server.url + "/my/requests/new").text
    assert re.search(r'<input[^>]*name="title"[^>]*maxlength="200"', page)
    assert re.search(r'<textarea[^>]*name="description"[^>]*maxlength="20000"', page)


@pytest.mark.parametrize(
    "values, field, message",
    [
        ({"title": "T" * HUGE}, "title", "Keep the title under 200 characters."),
        (
            {"description": "D" * HUGE},
            "description",
            "Keep the description under 20000 characters.",
        ),
        (
            {"title": "Nul\x00byte"},
            "title",
            "Title cannot contain NUL characters: remove them.",
        ),
    ],
    ids=["100 kB title", "100 kB description", "NUL in the title"],
)
def test_a_text_out_of_bounds_comes_back_with_the_message(
    odoo_server, bees, counts, values, field, message
):
    before = counts()
    response = submit(odoo_server, bees, **values)
    assert_form_came_back(response)
    assert message in response.text
    assert alert(response.text, "o_komunigi_form_errors")
    assert counts() == before


def details_form(server, session):
    """Odoo's "My details" form as the page fills it in."""
    page = session.get(server.url + "/my/account").text
    fields = dict(re.findall(r'<input[^>]*name="(\w+)"[^>]*value="([^"]*)"', page))
    fields.update(
        csrf_token=csrf_token(page),
        country_id=re.search(r'<option value="(\d+)" selected', page).group(1),
    )
    # Odoo requires a phone number, which the demo representative has none of.
    fields["phone"] = fields.get("phone") or "+32 2 555 01 01"
    return fields


def test_my_details_never_redirect_to_posted_text(odoo_server, bees):
    fields = dict(details_form(odoo_server, bees), redirect="/my/" + "x" * HUGE)
    response = bees.post(
        odoo_server.url + "/my/account", data=fields, allow_redirects=False
    )
    assert response.status_code in (302, 303)
    assert response.headers["Location"].endswith("/my/home")


@pytest.mark.parametrize(
    "field, value",
    [("name", "N" * HUGE), ("street", "Rue\x00"), ("country_id", "9" * 400)],
)
def test_my_details_refuse_what_the_database_cannot_hold(
    odoo_server, bees, field, value
):
    fields = dict(details_form(odoo_server, bees), **{field: value})
    response = bees.post(odoo_server.url + "/my/account", data=fields)
    assert_form_came_back(response)
    assert alert(response.text, "alert-danger")


def post_comment(server, session, page, request_id, message):
    """Post `message` on the discussion of request `request_id` as the form of `page`
    (the request's page) does; the answer, redirects followed."""
    return session.post(
        server.url + "/mail/chatter_post",
        data={
            "csrf_token": csrf_token(page),
            "res_model": "komunigi.request",
            "res_id": str(request_id),
            "message": message,
        },
    )


def own_request_id(counts):
    """BEES's own request of the demo data, which its representative may discuss."""
    with counts.connection.cursor() as cursor:
        cursor.execute(
            "SELECT res_id FROM ir_model_data WHERE module = %s AND name = %s",
            ("komunigi_request_vote", "request_shelf_labels"),
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("message", ["C" * HUGE, "a\x00b"], ids=["100 kB", "NUL"])
def test_a_refused_comment_comes_back_as_a_code_the_page_explains(
    odoo_server, bees, counts, message
):
    request_id = own_request_id(counts)
    page = bees.get(odoo_server.url + "/my/requests/%d" % request_id).text
    before = counts.messages()
    response = post_comment(odoo_server, bees, page, request_id, message)
    assert response.status_code == 200
    assert [len(r.headers["Location"]) < 200 for r in response.history] == [True]
    assert "Your comment is not posted: keep it under 2000 characters" in response.text
    assert counts.messages() == before


def readable_unfollowed_request_id(server, session, counts, login):
    """A request `login` may open but does not follow: another co-op's."""
    with counts.connection.cursor() as cursor:
        cursor.execute(
            "SELECT r.id FROM komunigi_request r JOIN res_users u ON u.login = %s "
            "WHERE NOT EXISTS (SELECT 1 FROM mail_followers f WHERE "
            "f.res_model = 'komunigi.request' AND f.res_id = r.id "
            "AND f.partner_id = u.partner_id) ORDER BY r.id",
            (login,),
        )
        candidates = [row[0] for row in cursor.fetchall()]
    for request_id in candidates:
        page = session.get(server.url + "/my/requests/%d" % request_id)
        if page.status_code == 200 and "csrf_token" in page.text:
            return request_id, page.text
    pytest.fail("%s can open no request it does not follow" % login)


def test_a_comment_from_a_coop_that_does_not_follow_is_refused_with_a_message(
    odoo_server, counts
):
    oufticoop = logged_in(odoo_server, "oufticoop")
    request_id, page = readable_unfollowed_request_id(
        odoo_server, oufticoop, counts, "oufticoop"
    )
    before = counts.messages()
    response = post_comment(
        odoo_server, oufticoop, page, request_id, "We would like this too"
    )
    assert response.status_code == 200
    assert [r.headers["Location"] for r in response.history] == [
        "%s/my/requests/%d?comment=forbidden#discussion" % (odoo_server.url, request_id)
    ]
    assert (
        "Your comment is not posted: only the co-ops that follow this request take "
        "part in its discussion." in response.text
    )
    assert counts.messages() == before
