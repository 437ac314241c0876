"""Browser journeys: Playwright (sync API) driving Debian's Chromium against live_server."""

import os
from pathlib import Path

import pytest
from django.core.servers.basehttp import WSGIServer
from django.db import connection
from django.test.testcases import LiveServerThread

# Playwright's sync API runs an event loop in this thread; Django's ORM would refuse to
# work next to it without this switch (the test server runs in its own thread anyway).
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
]


class SerialWSGIServer(WSGIServer):
    """Answers one request at a time (and says "Connection: close", being unthreaded).

    On SQLite the test database lives in memory and the live server's threads share the
    test's one connection; two requests on it at once (a page and the fragments htmx
    loads beside it) could deadlock. PostgreSQL keeps Django's threaded server."""

    def __init__(self, *args, connections_override=None, **kwargs):
        super().__init__(*args, **kwargs)
        # The server thread already uses these connections (LiveServerThread.run).
        self.connections_override = connections_override


@pytest.fixture(scope="session", autouse=True)
def _serial_live_server_on_sqlite():
    if connection.vendor == "sqlite":
        LiveServerThread.server_class = SerialWSGIServer


@pytest.fixture(autouse=True)
def _no_screen_pop_polling(settings):
    """Staff pages poll for the screen-pop every two seconds. On SQLite those requests
    share the test's one connection with the test's own queries, so the journeys that do
    not test the screen-pop switch the polling off (tests/e2e/test_screen_pop.py turns it
    back on)."""
    settings.SCREEN_POP_SECONDS = 0


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed at /usr/bin/chromium (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    contexts = []

    def make(width=1366, height=800):
        context = browser.new_context(viewport={"width": width, "height": height})
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


@pytest.fixture
def solved_code(transactional_db):
    """The "solved" resolution code. Transactional tests flush the database between
    them, so data from migrations cannot be taken for granted here."""
    from loket.tickets.models import ResolutionCode

    code, _ = ResolutionCode.objects.get_or_create(
        code="solved", defaults={"name_nl": "Opgelost", "name_fr": "Résolu", "name_en": "Solved"}
    )
    return code
