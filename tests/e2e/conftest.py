"""Browser tests: real Chromium through Playwright's sync API, against pytest-django's live server.

Every test here is marked `browser` (deselect them with `-m "not browser"`). The live server
flushes the database after each test, so each test loads the demo content itself.
"""

import contextlib
import json
import os
import shutil
from functools import cache
from io import StringIO
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parents[2]
AXE_PATH = BASE_DIR / "node_modules" / "axe-core" / "axe.min.js"
CHROMIUM = os.environ.get("DOORSTEP_CHROMIUM", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def pytest_collection_modifyitems(config, items):
    """Everything under tests/e2e is a browser test, whether or not its module says so."""
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="module")
def _django_beside_playwright():
    """Playwright's sync API keeps an asyncio loop running in this thread while it is started,
    and Django refuses database access from a thread with a running loop unless told it is safe.

    Set for as long as the browser lives (a module's tests, flushes included), not for the whole
    session, so the rest of the suite keeps Django's check.
    """
    previous = os.environ.get("DJANGO_ALLOW_ASYNC_UNSAFE")
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    yield
    if previous is None:
        del os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"]
    else:
        os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = previous


@pytest.fixture(scope="module")
def browser(_django_beside_playwright):
    """Chromium, launched once per test module (Playwright is stopped in between)."""
    from playwright.sync_api import sync_playwright

    if not (Path(CHROMIUM).exists() or shutil.which(CHROMIUM)):
        pytest.fail(
            f"Chromium not found at {CHROMIUM}: install it, set DOORSTEP_CHROMIUM, "
            "or leave out the browser tests with -m 'not browser'",
            pytrace=False,
        )
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


# Reports every Content-Security-Policy violation in every document of the context to Python.
CSP_LISTENER = """
document.addEventListener("securitypolicyviolation", (event) => {
  const report = {
    directive: event.effectiveDirective || event.violatedDirective,
    blocked: event.blockedURI,
    source: event.sourceFile,
    line: event.lineNumber,
    sample: event.sample,
    page: event.documentURI,
  };
  if (typeof window.__doorstepCspViolation === "function") {
    window.__doorstepCspViolation(report);
  }
});
"""


def watch_csp_violations(context) -> None:
    """Record the context's CSP violations in `context.csp_violations`.

    The site's CSP is enforced in browser tests (never `bypass_csp`), so a page whose own script,
    style or image the policy blocks fails its test. With JavaScript on, a `securitypolicyviolation`
    listener (an init script, in every document) reports each one; with JavaScript off no listener
    can run, so Chromium's console report of the refusal ("... violates the following Content
    Security Policy directive ...") is recorded instead.
    """
    context.csp_violations = []

    def from_listener(source, report):
        context.csp_violations.append(
            f"{report['page']}: {report['directive']} blocked {report['blocked'] or 'inline'}"
            f" ({report['source'] or 'the page'}:{report['line']}) {report['sample'] or ''}"
        )

    def from_console(message):
        if message.type == "error" and "Content Security Policy" in message.text:
            context.csp_violations.append(f"{message.location.get('url')}: {message.text}")

    context.expose_binding("__doorstepCspViolation", from_listener)
    context.add_init_script(CSP_LISTENER)
    context.on("console", from_console)


def assert_no_csp_violations(context) -> None:
    """Fail if any page of the context broke the site's Content-Security-Policy so far."""
    if not hasattr(context, "csp_violations"):
        return
    # Let reports still on their way arrive: a violation event fires in a task after the fault
    # (timers never fire with JavaScript off, where one round trip delivers the console).
    settle = (
        "() => new Promise((resolve) => setTimeout(resolve, 50))"
        if getattr(context, "javascript_enabled", True)
        else "() => document.readyState"
    )
    for open_page in context.pages:
        # A page closed or navigating away has nothing more to deliver.
        with contextlib.suppress(Exception):
            open_page.evaluate(settle)
    violations = context.csp_violations
    if violations:
        found = "\n  - ".join(dict.fromkeys(violations))
        context.csp_violations = []  # reported once
        pytest.fail(f"Content-Security-Policy violation(s):\n  - {found}", pytrace=False)


@pytest.fixture
def watch_csp():
    """`watch_csp(context)`: for tests that open their own browser contexts, the same CSP
    violation checks `new_context` gives; `assert_no_csp_violations(context)` reads them."""
    return watch_csp_violations


@pytest.fixture
def new_context(browser, live_server):
    """Open a fresh browser context (no cookies) on the live server; closed after the test.

    The site's Content-Security-Policy is enforced: axe-core is evaluated into pages rather than
    added as a script, and any CSP violation fails the test (at each `axe(page)`, and at the end).
    """
    contexts = []

    def open_context(*, javascript_enabled=True, viewport=None):
        options = {
            "base_url": live_server.url,
            "java_script_enabled": javascript_enabled,
            "locale": "en-GB",
        }
        if viewport:
            options["viewport"] = viewport
        context = browser.new_context(**options)
        context.javascript_enabled = javascript_enabled  # read by the axe fixture
        context.set_default_timeout(10_000)
        watch_csp_violations(context)
        contexts.append(context)
        return context

    yield open_context
    try:
        for context in contexts:
            assert_no_csp_violations(context)
    finally:
        for context in contexts:
            context.close()


@pytest.fixture
def page(new_context):
    """A page in a fresh context with JavaScript on, at the default desktop size."""
    return new_context().new_page()


@pytest.fixture
def demo_content(live_server, transactional_db):
    """The demo council site, rebuilt for each test because the live server flushes the database."""
    from django.contrib.contenttypes.models import ContentType
    from django.core.cache import cache as django_cache
    from django.core.management import call_command
    from django.core.management.sql import emit_post_migrate_signal
    from django.test import override_settings

    # A flush normally ends by recreating content types and permissions, but not after a test
    # with serialized_rollback=True, which leaves the database quite empty (and the content type
    # cache naming rows that are gone). Put back what migrations create before loading the demo.
    ContentType.objects.clear_cache()
    if not ContentType.objects.exists():
        emit_post_migrate_signal(verbosity=0, interactive=False, db="default")
    django_cache.clear()  # Wagtail caches site root paths, which name pages from earlier tests
    # The command runs only with DEBUG on and makes the demo accounts only where they are
    # allowed, as under the dev settings; the live server itself keeps the test settings.
    with override_settings(DEBUG=True, DOORSTEP_ALLOW_DEMO_ACCOUNTS=True):
        call_command("load_demo_content", verbosity=0, stdout=StringIO())
    django_cache.clear()
    yield
    django_cache.clear()


@cache
def _axe_source() -> str:
    if not AXE_PATH.exists():
        pytest.fail(f"{AXE_PATH} is missing: run `npm ci`", pytrace=False)
    return AXE_PATH.read_text(encoding="utf-8")


def format_violations(violations, url) -> str:
    lines = [f"{len(violations)} accessibility violation(s) on {url}:"]
    for violation in violations:
        lines.append(
            f"\n[{violation['impact']}] {violation['id']}: {violation['help']}"
            f"\n  {violation['helpUrl']}"
        )
        for node in violation["nodes"]:
            lines.append(f"  - target: {json.dumps(node['target'])}")
            lines.append(f"    html:   {node['html'][:300]}")
            summary = (node.get("failureSummary") or "").replace("\n", "\n            ")
            if summary:
                lines.append(f"    why:    {summary}")
    return "\n".join(lines)


def run_axe(page) -> list[dict]:
    """Run axe-core's WCAG 2.2 AA rules on the page as it stands; returns the violations."""
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        # Evaluated, not added as a <script>: the site's CSP (rightly) refuses inline scripts
        # without its nonce, and evaluating is not subject to it.
        page.evaluate(_axe_source())
    return page.evaluate(
        """async (tags) => {
            const results = await axe.run(document, {runOnly: {type: 'tag', values: tags}});
            return results.violations;
        }""",
        AXE_TAGS,
    )


def snapshot_without_scripts(page) -> str:
    """The page's current DOM as HTML, minus its script elements."""
    return page.evaluate(
        """() => {
            const copy = document.documentElement.cloneNode(true);
            copy.querySelectorAll('script').forEach((script) => script.remove());
            return '<!DOCTYPE html>' + copy.outerHTML;
        }"""
    )


def run_axe_on_copy(browser, page) -> list[dict]:
    """axe for a page whose context has JavaScript disabled.

    axe.run needs timers, which never fire with scripts disabled. So the page's DOM as the
    visitor sees it (no script ran, no `js-enabled` class) is served at the same address in a
    scripted context that blocks every other script, and axe runs there, on the same styles.
    """
    html = snapshot_without_scripts(page)
    url = page.url.split("#")[0]
    context = browser.new_context(
        viewport=page.viewport_size, locale="en-GB", java_script_enabled=True
    )
    try:
        copy = context.new_page()

        def serve(route):
            request = route.request
            if request.resource_type == "document" and request.url.split("#")[0] == url:
                route.fulfill(status=200, content_type="text/html; charset=utf-8", body=html)
            elif request.resource_type == "script":
                route.abort()
            else:
                route.continue_()

        copy.route("**/*", serve)
        copy.goto(url)
        assert_styles_loaded(copy)
        return run_axe(copy)
    finally:
        context.close()


@pytest.fixture
def axe_violations(browser):
    """`axe_violations(page)`: axe-core's WCAG 2.2 A/AA violations on the page as it stands.

    Works the same for pages in contexts opened with `javascript_enabled=False`.
    """

    def violations(page):
        assert_no_csp_violations(page.context)
        assert_styles_loaded(page)
        if getattr(page.context, "javascript_enabled", True):
            return run_axe(page)
        return run_axe_on_copy(browser, page)

    return violations


@pytest.fixture
def axe(axe_violations):
    """`axe(page)` asserts the page has no WCAG 2.2 A/AA violations, listing any it finds."""

    def check(page):
        violations = axe_violations(page)
        assert not violations, format_violations(violations, page.url)

    return check


def assert_styles_loaded(page):
    """GOV.UK Frontend's stylesheet is applied, so colour contrast is checked on real styles.

    GOV.UK Frontend sets its font (Arial here, as Doorstep ships no GDS Transport) on its
    components rather than on <body>, so the footer, present on every page, is what is checked.
    """
    font = page.evaluate(
        "() => getComputedStyle(document.querySelector('.govuk-footer') || document.body)"
        ".fontFamily"
    )
    assert "arial" in font.lower(), f"main.css did not load on {page.url} (font-family: {font})"
