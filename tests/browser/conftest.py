"""Real-browser tests: Playwright drives Debian's Chromium against the app served on loopback.

Without Chromium the tests are skipped with a clear reason, except in CI where its absence is
an error. Each test leaves a screenshot of its last page in test-artifacts/screenshots/.
"""

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent.parent
CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
AXE_SCRIPT = ROOT / "node_modules" / "axe-core" / "axe.min.js"
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
# Impacts that fail a page; "minor" and "moderate" ones are reported but tolerated.
BLOCKING_IMPACTS = {"serious", "critical"}


def pytest_collection_modifyitems(config, items):
    missing = [
        what
        for what, path in (("Chromium", CHROMIUM), ("axe-core (npm ci)", AXE_SCRIPT))
        if not Path(path).exists()
    ]
    if not missing:
        return
    if os.environ.get("CI"):
        return  # CI always runs them: a missing browser must fail, not be skipped
    reason = f"Tests en navigateur ignorés : {', '.join(missing)} absent (apt-get install chromium ; npm ci)."
    for item in items:
        if "tests/browser" in str(item.fspath):
            item.add_marker(pytest.mark.skip(reason=reason))


@pytest.fixture(scope="session")
def browser():
    # Playwright runs an event loop in this thread; the test's own database calls are synchronous.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--no-first-run",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server, request):
    context = browser.new_context(
        base_url=live_server.url, locale="fr-FR", viewport={"width": 1366, "height": 900}
    )
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{request.node.name}.png", full_page=True)
    context.close()


def log_in(page, email: str, password: str):
    page.goto("/connexion/")
    page.get_by_label("Adresse électronique").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def axe_violations(page) -> list[dict]:
    """Run axe-core in the page (through DevTools, so the site's CSP stays on)."""
    page.evaluate(AXE_SCRIPT.read_text())
    result = page.evaluate(
        "async () => await axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}, resultTypes: ['violations']})"
    )
    return [v for v in result["violations"] if v["impact"] in BLOCKING_IMPACTS]


def describe(violations: list[dict]) -> str:
    return "\n".join(
        f"{v['impact']} {v['id']}: {v['help']} — {[node['target'] for node in v['nodes'][:3]]}"
        for v in violations
    )


@pytest.fixture
def check_accessibility():
    def check(page):
        # The test settings print undefined template variables: none may reach a page.
        assert "MISSING VARIABLE" not in page.content(), page.url
        violations = axe_violations(page)
        assert not violations, f"{page.url}\n{describe(violations)}"

    return check
