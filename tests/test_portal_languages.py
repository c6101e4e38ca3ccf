# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal in the representative's own language, over real HTTP.

The demo installs French, Dutch, German and Spanish and gives each representative
the language of their co-op: Anne Dubois (BEES coop, Brussels, login `bees`) reads
French, Pieter Janssens (BLOUM Coop, Brussels, login `bloum`) reads Dutch.

The login page, fetched before logging in, leaves the `frontend_lang` cookie of the
browser's language, which Odoo prefers to the user's: a representative who never
chose a language on the website has no such cookie, so the tests drop it.
"""

import pytest

from .portal_pages import text_of
from .test_http_smoke import login

LANGUAGES = {"bees": "fr_FR", "bloum": "nl_BE"}

# (login, page): the translated texts the page shows.
TRANSLATED = {
    ("bees", "/my/komunigi"): [
        "Adhésion de BEES coop",
        "Tarif mensuel",
        "Droit de vote",
        "Membre depuis le",
    ],
    ("bees", "/my/requests"): [
        "Demandes",
        "Toutes les catégories",
        "Soumettre une demande",
    ],
    ("bloum", "/my/komunigi"): [
        "Lidmaatschap van BLOUM Coop",
        "Dit lidmaatschap is niet actief: er worden geen bijdragen voor gefactureerd.",
        "Maandtarief",
        "Stemrecht",
        "Opgeschort",
    ],
    ("bloum", "/my/requests"): ["Aanvragen", "Alle categorieën"],
}

# English texts of the same pages, which the translated pages must not show.
ENGLISH = {
    "/my/komunigi": ["Membership of", "Monthly rate", "Voting right", "Member since"],
    "/my/requests": ["All categories"],
}


def page_as(server, user, path):
    """The page as the representative sees it in a browser that has not chosen a
    language on the website: the user's language applies."""
    session, response = login(server, user, user)
    assert response.status_code == 200
    for cookie in list(session.cookies):
        if cookie.name == "frontend_lang":
            session.cookies.clear(cookie.domain, cookie.path, cookie.name)
    return session.get(server.url + path)


@pytest.mark.parametrize("user, path", sorted(TRANSLATED))
def test_portal_page_in_the_representatives_language(odoo_server, user, path):
    lang = LANGUAGES[user]
    page = page_as(odoo_server, user, path)
    assert page.status_code == 200
    assert "/%s%s" % (lang, path) in page.url
    assert 'lang="%s"' % lang.replace("_", "-") in page.text
    text = text_of(page.text)
    for translated in TRANSLATED[user, path]:
        assert translated in text, translated
    for english in ENGLISH[path]:
        assert english not in text, english


def test_the_website_cookie_still_wins(odoo_server):
    """A browser whose language the website already set (the login page sets it, here
    English) keeps it: Odoo prefers the `frontend_lang` cookie, which the language
    selector of the website also sets, to the language of the user."""
    session, response = login(odoo_server, "bees", "bees")
    assert response.status_code == 200
    page = session.get(odoo_server.url + "/my/komunigi")
    assert page.status_code == 200
    assert "Membership of BEES coop" in text_of(page.text)
