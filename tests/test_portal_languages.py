# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The portal in the representative's own language, over real HTTP.

The demo installs French, Dutch, German and Spanish and gives each representative
the language of their co-op: Anne Dubois (BEES coop, Brussels, login `bees`) reads
French, Pieter Janssens (BLOUM Coop, Brussels, login `bloum`) reads Dutch.

They log in as a browser does: the login page, fetched first, leaves the
`frontend_lang` cookie of the browser's language (English here), and their login
makes it their own language (komunigi_membership/controllers/login.py); a language
they choose afterwards with the website's selector wins.
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
    """The page as the representative sees it once logged in through the login
    page, with the cookie that page left."""
    session, response = login(server, user, user, lang=None)
    assert response.status_code == 200
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


def test_a_language_chosen_on_the_website_wins(odoo_server):
    """Logged in, the representative reads French, then picks English with the
    website's language selector: English it is, from then on."""
    session, response = login(odoo_server, "bees", "bees", lang=None)
    assert response.status_code == 200
    page = session.get(odoo_server.url + "/my/komunigi")
    assert "Adhésion de BEES coop" in text_of(page.text)
    chosen = session.get(odoo_server.url + "/website/lang/en_US?r=/my/komunigi")
    assert chosen.status_code == 200
    assert "Membership of BEES coop" in text_of(chosen.text)
    page = session.get(odoo_server.url + "/my/komunigi")
    assert "Membership of BEES coop" in text_of(page.text)
