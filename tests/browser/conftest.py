"""Browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Playwright's own browser builds cannot be downloaded here, so the tests use the system
Chromium at `CHROMIUM_PATH` (`make test` installs it as root). Without it the tests are
skipped, loudly, on a developer's machine and fail under CI, where they must run.

Each test gets a fresh browser context (Vietnamese locale, Hanoi time) and leaves a
full-page screenshot in `test-artifacts/`, with `-FAILED` in its name when it failed.

The live server needs committed data, so these tests run as transactional tests that
flush the database afterwards. Requesting `django_db_serialized_rollback` restores the
rows the migrations seed (units, role groups, the Wagtail home page) before each test;
pytest-django runs transactional tests after the others on each xdist worker.
"""

import os
import re
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from django.db import connections
from playwright.sync_api import Error as PlaywrightError
from playwright.sync_api import sync_playwright

from tests.people.factories import PASSWORD

# Playwright's sync API marks an asyncio loop as running in this thread, which makes
# Django refuse ORM calls from the test ("You cannot call this from an async context").
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM_PATH = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Without the networking flags Chromium keeps calling Google's servers, which this
# closed network refuses; --no-sandbox because CI runs as root.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
# Long enough for a cold start on a loaded 2-core CI machine, short enough to fail fast.
TIMEOUT_MS = 15_000


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the test item so fixtures can tell whether it failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="session")
def artifacts_dir(pytestconfig) -> Path:
    path = pytestconfig.rootpath / "test-artifacts"
    path.mkdir(exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser() -> Iterator:
    """One headless Chromium per pytest worker; each test opens its own context in it."""
    if not os.access(CHROMIUM_PATH, os.X_OK):
        message = (
            f"{CHROMIUM_PATH} is missing, so the browser tests cannot run. "
            "Install it with `sudo apt-get install chromium` (or run `make test` as root)."
        )
        if os.environ.get("CI"):
            pytest.fail(message, pytrace=False)
        pytest.skip(f"*** SKIPPED BROWSER TESTS *** {message}")

    sync_connections = {alias: connections[alias] for alias in connections}
    # `launch` gives Chromium a new empty profile folder and deletes it on close.
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM_PATH, headless=True, args=CHROMIUM_ARGS
        )
        # From here on Playwright marks its asyncio loop as running in this thread, and
        # Django would open a second set of connections for "async" code, which know
        # nothing of the test database set-up (serialized rollback, in-memory SQLite).
        # Keep using the same connection objects.
        for alias, connection in sync_connections.items():
            connections[alias] = connection
        yield browser
        browser.close()


@pytest.fixture
def live_url(live_server, django_db_serialized_rollback) -> Callable[[str], str]:
    """Absolute URL on the live server for a site path such as "/accounts/login/"."""
    return lambda path="/": live_server.url + path


@pytest.fixture
def context_options() -> dict:
    """Extra options for the browser context; override or parametrize it in a test."""
    return {}


@pytest.fixture
def page(browser, live_url, context_options, request, artifacts_dir) -> Iterator:
    """A page in a fresh context: Vietnamese browser, Hanoi time, desktop window."""
    context = browser.new_context(
        **{
            "locale": "vi-VN",
            "timezone_id": "Asia/Ho_Chi_Minh",
            "viewport": {"width": 1280, "height": 900},
            **context_options,
        }
    )
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    yield page
    failed = any(
        getattr(getattr(request.node, f"report_{when}", None), "failed", False)
        for when in ("setup", "call")
    )
    name = _artifact_name(request.node.nodeid) + ("-FAILED" if failed else "")
    try:
        page.screenshot(path=artifacts_dir / f"{name}.png", full_page=True)
    except PlaywrightError as exc:
        # A crashed or closed page must not hide the test's own failure.
        warnings.warn(f"No screenshot for {request.node.nodeid}: {exc}", stacklevel=1)
    finally:
        context.close()


@pytest.fixture
def screenshot(page, request, artifacts_dir) -> Callable[[str], Path]:
    """Save a full-page screenshot of the current page mid-test, e.g. `screenshot("home-en")`."""

    def take(label: str) -> Path:
        path = artifacts_dir / f"{_artifact_name(request.node.nodeid)}--{label}.png"
        page.screenshot(path=path, full_page=True)
        return path

    return take


@pytest.fixture
def log_in(page, live_url) -> Callable[..., None]:
    """Sign in through the real login form, as a person would."""

    def submit(username: str, password: str = PASSWORD) -> None:
        page.goto(live_url("/accounts/login/"))
        form = page.locator("form").filter(has=page.locator("input[name=password]"))
        form.locator("input[name=username]").fill(username)
        form.locator("input[name=password]").fill(password)
        with page.expect_navigation():
            form.locator("[type=submit]").click()

    return submit


def _artifact_name(nodeid: str) -> str:
    """Turn "tests/browser/test_x.py::test_y[a]" into "browser.test_x--test_y-a"."""
    name = nodeid.removeprefix("tests/").replace(".py::", "--").replace("/", ".")
    return re.sub(r"[^\w.-]+", "-", name).strip("-")
