"""The browser checks can fail: axe finds known faults, and a page that breaks its own
Content-Security-Policy fails the test, with and without JavaScript."""

import pytest

from tests.e2e.conftest import assert_no_csp_violations

pytestmark = pytest.mark.browser

ADDRESS = "http://axe-harness.test/"
FAULTY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>Faulty page</title>
<style>.govuk-footer { font-family: arial, sans-serif; } .faint { color: #bbbbbb; }</style>
</head><body>
<main><h1>Faulty page</h1>
<p class="faint">Pale grey text on white.</p>
<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=">
<label>Name</label><input type="text">
</main>
<footer class="govuk-footer">Footer</footer>
</body></html>"""


@pytest.mark.parametrize("javascript_enabled", [True, False], ids=["js", "no-js"])
def test_axe_reports_violations(browser, axe_violations, javascript_enabled):
    context = browser.new_context(java_script_enabled=javascript_enabled)
    context.javascript_enabled = javascript_enabled
    try:
        page = context.new_page()
        page.route(ADDRESS, lambda route: route.fulfill(content_type="text/html", body=FAULTY_PAGE))
        page.goto(ADDRESS)
        found = {violation["id"] for violation in axe_violations(page)}
    finally:
        context.close()
    assert {"color-contrast", "image-alt", "label"} <= found


STRICT_POLICY = (
    "default-src 'self'; script-src 'self' 'nonce-abc123'; style-src 'self' 'nonce-abc123'"
)
# One fault a page could make with JavaScript off (a style without the nonce), and one it could
# make with JavaScript on (a script that adds an image from another host).
CSP_FAULTY_PAGE = """<!DOCTYPE html>
<html lang="en"><head><title>CSP fault</title>
<style>.govuk-footer { font-family: arial, sans-serif; }</style>
<script nonce="abc123">
  addEventListener("DOMContentLoaded", () => {
    const image = new Image();
    image.alt = "";
    image.src = "https://tracker.example/pixel.gif";
    document.body.append(image);
  });
</script>
</head><body><main><h1>CSP fault</h1></main><footer class="govuk-footer">Footer</footer>
</body></html>"""


@pytest.mark.parametrize("javascript_enabled", [True, False], ids=["js", "no-js"])
def test_a_csp_violation_fails_the_test(browser, watch_csp, axe, javascript_enabled):
    context = browser.new_context(java_script_enabled=javascript_enabled)
    context.javascript_enabled = javascript_enabled
    watch_csp(context)
    try:
        page = context.new_page()
        page.route(
            ADDRESS,
            lambda route: route.fulfill(
                content_type="text/html",
                headers={"Content-Security-Policy": STRICT_POLICY},
                body=CSP_FAULTY_PAGE,
            ),
        )
        page.route("https://tracker.example/**", lambda route: route.abort())
        page.goto(ADDRESS)
        with pytest.raises(pytest.fail.Exception) as failure:
            axe(page)  # what every browser test calls after each page
        assert_no_csp_violations(context)  # reported once, then clear
    finally:
        context.close()
    message = str(failure.value)
    assert "Content-Security-Policy violation" in message
    assert "style-src" in message
    if javascript_enabled:
        assert "img-src" in message
        assert "tracker.example" in message
