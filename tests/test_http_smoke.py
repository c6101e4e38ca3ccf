"""The real HTTP server: login page, compiled styles, a representative logging in."""

import re

import requests


def login(server, login_name, password, lang="en_US"):
    """(session, answer to the login form): logged in through the login page, as a
    browser does. Then the session picks `lang` with the website's language selector,
    as a representative may (the suite reads English pages); None keeps the user's
    own language, which their login gives the website."""
    session = requests.Session()
    page = session.get(server.url + "/web/login")
    token = re.search(r'name="csrf_token" value="([^"]+)"', page.text).group(1)
    response = session.post(
        server.url + "/web/login",
        data={"login": login_name, "password": password, "csrf_token": token},
    )
    if lang:
        chosen = session.get(
            server.url + "/website/lang/%s" % lang, allow_redirects=False
        )
        assert chosen.status_code == 303, chosen.status_code
    return session, response


def test_login_page_answers(odoo_server):
    response = requests.get(odoo_server.url + "/web/login")
    assert response.status_code == 200
    assert 'name="login"' in response.text


def test_website_stylesheet_is_compiled(odoo_server):
    page = requests.get(odoo_server.url + "/web/login").text
    links = re.findall(
        r'href="(/web/content/[^"]*web\.assets_frontend[^"]*\.css)"', page
    )
    assert links, "the login page links no frontend stylesheet"
    css = requests.get(odoo_server.url + links[0])
    assert css.status_code == 200
    # When lessc fails, Odoo 11 serves a bundle of error rules: check real rules.
    assert "Could not execute command" not in css.text
    assert len(css.text) > 50000
    assert ".o_portal" in css.text or ".navbar" in css.text


def test_representative_logs_in_and_reaches_portal_home(odoo_server):
    session, response = login(odoo_server, "bees", "bees")
    assert response.status_code == 200
    home = session.get(odoo_server.url + "/my/home")
    assert home.status_code == 200
    assert home.url.endswith("/my/home")
    assert "Anne Dubois" in home.text


def test_wrong_password_is_refused(odoo_server):
    session, response = login(odoo_server, "bees", "not-the-password")
    assert "Wrong login/password" in response.text
    assert "/web/login" in session.get(odoo_server.url + "/my/home").url


def test_server_log_has_no_traceback(odoo_server):
    requests.get(odoo_server.url + "/web/login")
    log = odoo_server.log()
    assert "Traceback" not in log
    assert "ImportError" not in log
