"""A real browser (Debian's Chromium through Playwright) against pytest-django's live server.

No `playwright install`: the system Chromium is used. Screenshots of each step land in
tests/e2e/artifacts/ (git-ignored) for a human to look at.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

# Playwright's sync API runs an event loop in this thread; the ORM calls of the test itself
# (factories, assertions) are still plain synchronous code.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).parent / "artifacts"
FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
]


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        pytest.skip(f"no Chromium at {CHROMIUM}")
    from playwright.sync_api import sync_playwright

    playwright = sync_playwright().start()
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=FLAGS)
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture
def page(browser, request):
    viewport = getattr(request, "param", {"width": 1280, "height": 900})
    context = browser.new_context(viewport=viewport, locale="en-US")
    page = context.new_page()
    # Generous: CI machines are shared; a real failure still fails, only later.
    page.set_default_timeout(30_000)
    yield page
    context.close()


@pytest.fixture
def shot(page):
    """`shot("01-login")` saves a full-page screenshot of the current page."""
    ARTIFACTS.mkdir(exist_ok=True)

    def take(name: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)

    return take


@pytest.fixture
def accessible(page):
    """`accessible("step")` runs axe-core and fails on any critical or serious violation."""
    from axe_playwright_python.sync_playwright import Axe

    axe = Axe()

    def check(step: str) -> None:
        violations = axe.run(page).response["violations"]
        bad = [
            f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
            for v in violations
            if v["impact"] in ("critical", "serious")
        ]
        assert bad == [], f"{step}: {bad}"

    return check
