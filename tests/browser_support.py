# Copyright 2026 Komunigi contributors
# License AGPL-3.0 or later (https://www.gnu.org/licenses/agpl).
"""The browser of the journeys (tests/test_browser_*.py): headless Chromium driven by
Selenium against the server of the test run, with the screenshots and downloads a
user would see.

Screenshots go to `.local/screenshots/` (git-ignored). With
`KOMUNIGI_SCREENSHOTS=addons`, the shots a journey publishes are also written, as
optimised PNG, to their addon's `static/description/`, which the READMEs show:

    KOMUNIGI_TEST_ON_HUB=1 KOMUNIGI_SCREENSHOTS=addons KOMUNIGI_TEST_DB=komunigi_t_shots \
        KOMUNIGI_SKIP_ORACLE=1 bin/komunigi-env test tests/test_browser_*.py

Any other value of KOMUNIGI_SCREENSHOTS is a folder that receives every shot.
"""

import io
import os
import re
import tempfile
from urllib.parse import quote

import pytest
from PIL import Image

from .conftest import environment
from .pdf_text import pdf_pages

webdriver = pytest.importorskip("selenium.webdriver")
By = pytest.importorskip("selenium.webdriver.common.by").By
Service = pytest.importorskip("selenium.webdriver.chrome.service").Service
WebDriverWait = pytest.importorskip("selenium.webdriver.support.ui").WebDriverWait
Select = pytest.importorskip("selenium.webdriver.support.ui").Select
Keys = pytest.importorskip("selenium.webdriver.common.keys").Keys
exceptions = pytest.importorskip("selenium.common.exceptions")

CHROMIUM = "/usr/bin/chromium"
CHROMEDRIVER = "/usr/bin/chromedriver"
WINDOW = (1280, 800)
TIMEOUT = 60  # seconds: the first page of a server compiles its assets
HEADLESS_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--hide-scrollbars",
    "--lang=en-US",
    "--window-size=%d,%d" % WINDOW,
)


class Browser:
    """One Chromium window: pages, clicks and forms as a user does them, each step
    waiting for what it needs to see (no fixed sleep)."""

    def __init__(self, server, driver, downloads):
        self.server = server
        self.driver = driver
        self.downloads = downloads
        self.shots = Screenshots(driver)

    # --- pages ----------------------------------------------------------------------
    def open(self, path):
        self.driver.get(self.server.url + path)

    def find(self, css, timeout=TIMEOUT):
        """The first visible element matching `css`, once it is there."""

        def visible(driver):
            shown = [
                e
                for e in driver.find_elements(By.CSS_SELECTOR, css)
                if e.is_displayed()
            ]
            return shown[0] if shown else False

        return self.wait(visible, "nothing shows %r" % css, timeout)

    def wait(self, condition, message, timeout=TIMEOUT):
        """What `condition(driver)` returns once true; else the page as it is, saved
        to .local/screenshots/failure.*, and `message`."""
        try:
            # A page that redraws replaces the element being read: read it again.
            return WebDriverWait(
                self.driver,
                timeout,
                ignored_exceptions=(exceptions.StaleElementReferenceException,),
            ).until(condition)
        except exceptions.TimeoutException:
            self.shots.take("failure")
            with open(os.path.join(self.shots.local, "failure.html"), "w") as page:
                page.write(self.driver.page_source)
            raise AssertionError(
                "%s on %s (see .local/screenshots/failure.*)"
                % (message, self.driver.current_url)
            ) from None

    def text(self, css):
        return " ".join(self.find(css).text.split())

    def wait_text(self, css, words, timeout=TIMEOUT):
        """The text of `css` once it contains `words`."""
        self.wait(
            lambda d: words in " ".join(self.find(css).text.split()),
            "%r never showed %r" % (css, words),
            timeout,
        )
        return self.text(css)

    def scroll_to(self, css):
        """Bring `css` to the top of the window (for the screenshot that follows)."""
        self.driver.execute_script("arguments[0].scrollIntoView()", self.find(css))

    def click(self, css):
        self.find(css).click()

    def click_labelled(self, css, label):
        """Click the element of `css` whose text is `label` (a tab, a menu)."""

        def labelled(driver):
            found = [
                e
                for e in driver.find_elements(By.CSS_SELECTOR, css)
                if e.is_displayed() and " ".join(e.text.split()) == label
            ]
            return found[0] if found else False

        self.wait(labelled, "no %r %r" % (css, label)).click()

    def click_and_load(self, css):
        """Click what sends a form or follows a link, and wait for the new page."""
        old = self.driver.find_element(By.TAG_NAME, "html")
        self.click(css)
        self.wait(lambda d: is_stale(old), "the page stays")
        self.find("body")

    def fill(self, css, value):
        field = self.find(css)
        field.clear()
        field.send_keys(value)

    def choose(self, css, label):
        Select(self.find(css)).select_by_visible_text(label)

    # --- users ----------------------------------------------------------------------
    def log_in(self, login, password=None, path="/my/home", lang="en_US"):
        """Through the login form, from a fresh browser session; the page asked for
        comes back once logged in. Then the website's language selector picks `lang`
        (the journeys read English; None keeps the user's own language, which their
        login gives the website)."""
        # Leave the page first: a request still running would set the session
        # cookie again once the cookies are cleared.
        self.driver.get("about:blank")
        self.driver.execute_cdp_cmd("Network.clearBrowserCookies", {})
        self.open(path)
        self.fill("input[name=login]", login)
        self.fill("input[name=password]", password or login)
        self.click("form.oe_login_form button[type=submit]")
        # Odoo 11 answers the login with a page whose script goes to the next one.
        self.wait(
            lambda d: "/web/login" not in d.current_url, "%s is not logged in" % login
        )
        self.find("body")
        if lang:
            self.open("/website/lang/%s?r=%s" % (lang, quote(path, safe="/")))
            self.find("body")

    # --- what the user keeps ----------------------------------------------------------
    def download(self, css):
        """Click the download link `css`: the bytes of the file it saves."""
        before = set(os.listdir(self.downloads))
        window = self.driver.current_window_handle
        self.click(css)

        def saved(_driver):
            new = set(os.listdir(self.downloads)) - before
            done = [n for n in new if not n.endswith(".crdownload")]
            return done and os.path.join(self.downloads, done[0])

        path = self.wait(saved, "nothing downloaded")
        for handle in self.driver.window_handles:  # a link that opens a new tab
            if handle != window:
                self.driver.switch_to.window(handle)
                self.driver.close()
        self.driver.switch_to.window(window)
        with open(path, "rb") as handle:
            return os.path.basename(path), handle.read()

    def shot(self, name, addon=None):
        """A screenshot of the window, published to `addon` on demand."""
        self.shots.take(name, addon)


def is_stale(element):
    try:
        element.is_enabled()
        return False
    except exceptions.StaleElementReferenceException:  # the page was replaced
        return True


class Screenshots:
    """Where the shots go: see the module's docstring."""

    def __init__(self, driver):
        self.driver = driver
        root = environment("KOMUNIGI_ROOT")
        self.root = root
        self.local = os.path.join(root, ".local", "screenshots")
        os.makedirs(self.local, exist_ok=True)
        self.target = os.environ.get("KOMUNIGI_SCREENSHOTS", "")

    def take(self, name, addon=None):
        png = self.driver.get_screenshot_as_png()
        self.write(os.path.join(self.local, name + ".png"), png)
        if self.target == "addons" and addon:
            folder = os.path.join(self.root, addon, "static", "description")
            self.write(os.path.join(folder, name + ".png"), optimised(png))
        elif self.target and self.target != "addons":
            os.makedirs(self.target, exist_ok=True)
            self.write(os.path.join(self.target, name + ".png"), png)

    @staticmethod
    def write(path, data):
        with open(path, "wb") as handle:
            handle.write(data)


def optimised(png):
    """The screenshot in a palette of 256 colours: a fraction of the size, and the
    flat colours of a web page stay sharp."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    small = image.quantize(colors=256, method=Image.MEDIANCUT)
    out = io.BytesIO()
    small.save(out, format="PNG", optimize=True)
    return out.getvalue()


def chromium(downloads):
    """Headless Chromium at the window size of the screenshots, saving downloads to
    `downloads` without asking."""
    if not (os.path.exists(CHROMIUM) and os.path.exists(CHROMEDRIVER)):
        pytest.skip("Chromium and chromedriver are not installed")
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in HEADLESS_FLAGS:
        options.add_argument(flag)
    options.add_experimental_option(
        "prefs",
        {
            "download.default_directory": downloads,
            "download.prompt_for_download": False,
            "plugins.always_open_pdf_externally": True,
            "intl.accept_languages": "en-US,en",
        },
    )
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(TIMEOUT * 2)
    driver.set_window_size(*WINDOW)
    width, height = WINDOW  # the page's viewport, whatever the window's frame takes
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": False},
    )
    driver.execute_cdp_cmd(
        "Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": downloads}
    )
    return driver


def browser_fixture():
    """The module fixture `browser`: one browser for the journeys of a module
    (starting Chromium costs seconds)."""

    @pytest.fixture(scope="module", name="browser")
    def one_browser(odoo_server):
        with tempfile.TemporaryDirectory(prefix="komunigi-downloads-") as downloads:
            driver = chromium(downloads)
            try:
                yield Browser(odoo_server, driver, downloads)
            finally:
                driver.quit()

    return one_browser


def pdf_text(data):
    """The text of a downloaded PDF (pdf_text.py reads wkhtmltopdf's fonts), checked
    a real PDF whose every page has text."""
    assert data.startswith(b"%PDF-"), data[:100]
    pages = pdf_pages(data)
    assert pages and all(pages)
    return " ".join(pages)


def record_id(url, model_path):
    """The id in a portal URL such as /my/requests/42."""
    return int(re.search(r"%s/(\d+)" % re.escape(model_path), url).group(1))
