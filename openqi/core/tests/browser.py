"""Playwright helpers for the browser tests: Debian's Chromium, headless, and axe on every page."""

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
WCAG_22_AA = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]}}
_axe = Axe()
# Assertions wait for pages to settle; a loaded CI machine can take a few seconds to answer.
expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium is not installed at {CHROMIUM}: run scripts/ensure-chromium.sh")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def live_server(live_server: Any) -> Any:
    """pytest-django's live server, warmed before its first page: URL modules imported and every
    Jinja2 template compiled, as gunicorn's master does (core/warmup.py). Otherwise the first page
    each worker opens pays for all of that inside its 15-second wait, which a loaded machine
    running two workers side by side can exceed (docs/testing.md)."""
    from openqi.core.warmup import compile_templates, load_urls  # lazy: only browser runs need it

    load_urls()
    compile_templates()
    return live_server


@pytest.fixture
def page(browser: Any) -> Iterator[Any]:
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


# What Chromium says when axe starts on a page that a click has just begun to replace.
_NAVIGATION_RACE = ("documentElement", "Execution context was destroyed", "navigation")


def _run_axe(page: Any) -> Any:
    """axe on the page once it has loaded. A test that clicks a link and checks at once can catch
    the moment between two documents (no documentElement yet, or the script's context destroyed
    by the navigation): then wait for the new page to load and run axe again."""
    from playwright.sync_api import Error

    for attempt in range(3):
        page.wait_for_load_state("load")
        try:
            return _axe.run(page, options=WCAG_22_AA)
        except Error as error:
            if attempt == 2 or not any(sign in str(error) for sign in _NAVIGATION_RACE):
                raise
            page.wait_for_timeout(200)
    raise AssertionError("unreachable")


def check_accessibility(page: Any, name: str = "") -> None:
    """Run axe (WCAG 2.2 AA) on the page; fail with the report if anything is found.

    With SCREENSHOT_DIR set, also save a full-page screenshot for people to look at.
    """
    results = _run_axe(page)
    assert results.violations_count == 0, f"axe found problems on {page.url}:\n{results.generate_report()}"
    folder = os.environ.get("SCREENSHOT_DIR")
    if folder and name:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)
