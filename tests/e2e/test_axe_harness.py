"""The accessibility checks can fail: axe finds known faults, with and without JavaScript."""

import pytest

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
    context = browser.new_context(bypass_csp=True, java_script_enabled=javascript_enabled)
    context.javascript_enabled = javascript_enabled
    try:
        page = context.new_page()
        page.route(ADDRESS, lambda route: route.fulfill(content_type="text/html", body=FAULTY_PAGE))
        page.goto(ADDRESS)
        found = {violation["id"] for violation in axe_violations(page)}
    finally:
        context.close()
    assert {"color-contrast", "image-alt", "label"} <= found
