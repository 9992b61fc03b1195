"""End-to-end tests in a real browser: Debian's Chromium driven by pytest-playwright.

Playwright's sync API runs an asyncio event loop in the test thread from the first
browser test to the end of the session; Django would then refuse every ORM call made from
that thread (the tests' own set-up and assertions) with SynchronousOnlyOperation. Nothing
here is async, so it is allowed for this process only, when these tests are collected;
they run last (see pytest_collection_modifyitems).

Run them alone with `pytest -m e2e`; screenshots go to test-artifacts/e2e/.
"""

import io
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.core.cache import cache
from django.core.management import call_command

os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
SKIP_REASON = (
    f"end-to-end tests skipped: no browser at {CHROMIUM}; "
    "enable them with `apt-get install chromium` (no Playwright download needed)"
)
ARTIFACTS = Path(django_settings.BASE_DIR) / "test-artifacts" / "e2e"


@pytest.hookimpl(trylast=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    browser_tests = [item for item in items if item.get_closest_marker("e2e")]
    # Last (after pytest-django's ordering): Playwright's loop, started by the first of
    # them, then stays in this thread only while browser tests run.
    items[:] = [item for item in items if not item.get_closest_marker("e2e")] + browser_tests
    # Skipped, not failed: a laptop without Chromium still runs `make test` to the end.
    # CI (.ci/run) installs Chromium and sets E2E_REQUIRED=1, so a skip cannot hide there.
    if CHROMIUM.exists() or os.environ.get("E2E_REQUIRED") == "1":
        return
    skip = pytest.mark.skip(reason=SKIP_REASON)
    for item in browser_tests:
        item.add_marker(skip)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict) -> dict:
    # The system browser, never a downloaded one (`playwright install` is not used).
    return {
        **browser_type_launch_args,
        "executable_path": str(CHROMIUM),
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def base_url(live_server) -> str:
    """The live server: relative URLs in page.goto() go there."""
    return live_server.url


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args: dict) -> dict:
    # French pages (LocaleMiddleware reads Accept-Language), and file downloads.
    return {
        **browser_context_args,
        "locale": "fr-FR",
        "timezone_id": "Europe/Paris",
        "accept_downloads": True,
        "viewport": {"width": 1280, "height": 900},
    }


@pytest.fixture(autouse=True)
def _e2e_settings(settings, tmp_path) -> Iterator[None]:
    """The live server as on a laptop over plain HTTP, staff without a second factor."""
    settings.MFA_REQUIRED_FOR_STAFF = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.SECURE_SSL_REDIRECT = False
    settings.MEDIA_ROOT = tmp_path / "media"
    # The database cache table is not flushed between tests: rate-limit counters and the
    # board's cached dashboard must neither come from nor leak into other tests.
    cache.clear()
    yield
    cache.clear()


_CALL_REPORT = pytest.StashKey[pytest.TestReport]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    report = yield
    if report.when == "call":
        item.stash[_CALL_REPORT] = report
    return report


@pytest.fixture
def page(page, request):
    """Playwright's page; on failure, what the browser showed is kept as an artefact."""
    page.set_default_timeout(15_000)
    yield page
    report = request.node.stash.get(_CALL_REPORT, None)
    if report is not None and report.failed:
        failures = ARTIFACTS / "failures"
        failures.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(failures / f"{request.node.name}.png"), full_page=True)


@pytest.fixture
def demo_data(settings) -> None:
    """The « Meltingcoop 2020 » data set, loaded as `make demo` does."""
    settings.DEBUG = True  # load_demo refuses to run otherwise
    call_command("load_demo", stdout=io.StringIO())
    settings.DEBUG = False


@pytest.fixture
def snap(request):
    """Save a full-page screenshot as a test artefact: test-artifacts/e2e/<name>.png."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def take(page, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return take
