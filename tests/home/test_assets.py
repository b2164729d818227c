"""The front-end build ships only the GOV.UK Frontend components the templates use
(static/src/entry/govuk-frontend.mjs), to keep a page's JavaScript small (docs/performance.md).
A template that starts using another component must not silently lose its behaviour."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
ENTRY = BASE_DIR / "static" / "src" / "entry" / "govuk-frontend.mjs"
SKIP = {"node_modules", ".venv", ".git", "static", "media", "staticfiles"}


def templates() -> list[Path]:
    found = []
    for path in BASE_DIR.rglob("*.html"):
        if not SKIP.intersection(path.relative_to(BASE_DIR).parts):
            found.append(path)
    return found


def test_every_govuk_component_in_the_templates_is_in_the_script_bundle():
    entry = ENTRY.read_text()
    listed = re.search(r"const COMPONENTS = \[(.*?)\];", entry, re.S).group(1)
    bundled = {name.strip() for name in listed.split(",") if name.strip()}
    used = {}
    for path in templates():
        for module in re.findall(r'data-module="govuk-([a-z-]+)"', path.read_text()):
            used.setdefault(module, path.relative_to(BASE_DIR))
    assert "skip-link" in used  # the scan found the templates at all
    missing = {
        module: str(where)
        for module, where in used.items()
        if "".join(part.title() for part in module.split("-")) not in bundled
    }
    assert not missing, f"add these GOV.UK Frontend components to {ENTRY.name}: {missing}"
