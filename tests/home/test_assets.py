"""The front-end build ships only the GOV.UK Frontend components the templates use
(static/src/entry/govuk-frontend.mjs), to keep a page's JavaScript small (docs/performance.md).
A template that starts using another component must not silently lose its behaviour."""

import re
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
ENTRY = BASE_DIR / "static" / "src" / "entry" / "govuk-frontend.mjs"
SKIP = {"node_modules", ".venv", ".git", "static", "media", "staticfiles"}
# Where the public site's templates live (the staff admin is outside the page weight budget).
PUBLIC = ("home", "services", "forms", "search", "myaccount", "templates")


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


def test_content_images_are_responsive_and_lazy():
    """Any image a template renders comes in several widths (Wagtail's srcset_image or picture,
    with sizes) and loads lazily unless chosen otherwise, so a phone never downloads a
    desktop-sized original. Today no template renders one (docs/performance.md); this keeps the
    next one to the budget."""
    problems = []
    for path in templates():
        if path.relative_to(BASE_DIR).parts[0] not in PUBLIC:
            continue
        text = path.read_text()
        where = str(path.relative_to(BASE_DIR))
        if re.search(r"{%\s*image\s", text) or "<img" in text:
            problems.append(f"{where}: use {{% srcset_image %}} or {{% picture %}}")
        for tag in re.findall(r"{%\s*(?:srcset_image|picture)\s[^%]*%}", text):
            # loading="eager" only for an image at the top of a page (docs/performance.md).
            if "sizes=" not in tag or not re.search(r'loading="(lazy|eager)"', tag):
                problems.append(f'{where}: {tag} needs sizes=... and loading="lazy"')
    assert not problems, problems
