"""Browser journeys: Playwright drives Debian's /usr/bin/chromium (never a downloaded
browser) against pytest-django's live server; every page is checked with axe."""

from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.test import Client

from tests.services import require_chromium

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}

# Collects CSP violations and uncaught errors before any page script runs.
WATCH_SCRIPT = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', (event) => {
  window.__cspViolations.push(event.violatedDirective + ' ' + event.blockedURI);
});
"""


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/system/" in str(item.fspath):
            item.add_marker(pytest.mark.system)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    executable = require_chromium()
    return {**browser_type_launch_args, "executable_path": executable, "args": CHROMIUM_FLAGS}


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "viewport": DESKTOP, "locale": "en-GB"}


class PageWatch:
    """What a page did that it should not: CSP violations, console errors, other hosts."""

    def __init__(self, page, origin):
        self.page = page
        self.origin = origin
        self.console_errors = []
        self.foreign_requests = []
        page.add_init_script(WATCH_SCRIPT)
        page.on("console", self._on_console)
        page.on("request", self._on_request)

    def _on_console(self, message):
        if message.type == "error" and "favicon" not in message.text:
            self.console_errors.append(message.text)

    def _on_request(self, request):
        url = urlparse(request.url)
        if url.scheme in {"data", "blob"}:
            return
        if f"{url.scheme}://{url.netloc}" != self.origin:
            self.foreign_requests.append(request.url)

    def csp_violations(self):
        return self.page.evaluate("window.__cspViolations || []")


@pytest.fixture
def watched_page(page, live_server):
    watch = PageWatch(page, live_server.url)
    page.watch = watch
    return page


@pytest.fixture(scope="session")
def axe():
    return Axe()


@pytest.fixture
def check_page(axe):
    """Assert the current page is initialised, axe-clean (WCAG 2.2 A/AA), CSP-clean and
    loads nothing from another host; at phone and desktop widths."""

    def check(page, *, widths=(PHONE, DESKTOP), screenshot: str | None = None, status=200):
        for viewport in widths:
            page.set_viewport_size(viewport)
            # A function, not an expression string: the CSP forbids eval.
            page.wait_for_function("() => window.__nhsukInit === true")
            results = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
            assert results.violations_count == 0, results.generate_report()
            if screenshot:
                out = settings.BASE_DIR / "test-artifacts" / f"{screenshot}-{viewport['width']}.png"
                out.parent.mkdir(exist_ok=True)
                page.screenshot(path=str(out), full_page=True)
        assert page.watch.csp_violations() == []
        expected = [] if status < 400 else [f"status of {status}"]
        assert [e for e in page.watch.console_errors if not any(x in e for x in expected)] == []
        assert page.watch.foreign_requests == []

    return check


@pytest.fixture
def sign_in_as(watched_page, live_server, client):
    """Put a signed-in session cookie for `user` into the browser (no form round-trip)."""

    def sign_in(user):
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        watched_page.context.add_cookies(
            [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
        )
        return watched_page

    return sign_in


@pytest.fixture
def open_as(browser, browser_context_args, live_server):
    """A separate browser for each person (anonymous, or signed in as `user`): another person
    at another desk. `open_as.requests` lists every URL any of them asked for."""
    contexts = []
    open_page_requests = []

    def open_page(user=None):
        context = browser.new_context(**browser_context_args)
        contexts.append(context)
        if user is not None:
            client = Client()
            client.force_login(user)
            cookie = client.cookies[settings.SESSION_COOKIE_NAME]
            context.add_cookies(
                [{"name": cookie.key, "value": cookie.value, "url": live_server.url}]
            )
        page = context.new_page()
        page.watch = PageWatch(page, live_server.url)
        page.on("request", lambda request: open_page_requests.append(request.url))
        return page

    open_page.requests = open_page_requests
    yield open_page
    for context in contexts:
        context.close()
