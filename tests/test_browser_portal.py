# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""A representative logs in through the real login form in Chromium and finds their
co-op's membership on /my/komunigi: the page works in a browser, not only for requests.
"""

import os

import pytest

webdriver = pytest.importorskip("selenium.webdriver")
By = pytest.importorskip("selenium.webdriver.common.by").By
Service = pytest.importorskip("selenium.webdriver.chrome.service").Service
WebDriverWait = pytest.importorskip("selenium.webdriver.support.ui").WebDriverWait

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
)


@pytest.fixture
def browser():
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Chromium and chromedriver are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in HEADLESS_FLAGS:
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(60)
    yield driver
    driver.quit()


def test_representative_sees_membership_in_browser(odoo_server, browser):
    browser.get(odoo_server.url + "/my/komunigi")
    # Not logged in: the portal sends the browser to the login form.
    WebDriverWait(browser, 30).until(lambda b: b.find_elements(By.NAME, "login"))
    assert "/web/login" in browser.current_url
    browser.find_element(By.NAME, "login").send_keys("bees")
    browser.find_element(By.NAME, "password").send_keys("bees")
    browser.find_element(
        By.CSS_SELECTOR, "form.oe_login_form button[type=submit]"
    ).click()
    # After login, Odoo returns to the page asked for.
    WebDriverWait(browser, 30).until(
        lambda b: b.find_elements(By.ID, "o_komunigi_membership")
    )
    assert browser.current_url.endswith("/my/komunigi")
    membership = browser.find_element(By.ID, "o_komunigi_membership").text
    assert "BEES coop" in membership
    assert "Active plus" in membership
    assert "Oufticoop" not in membership
    assert browser.find_element(By.ID, "o_komunigi_core_group").is_displayed()
