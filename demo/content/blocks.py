"""How demo pages and their blocks are described: `DemoPage`s that point at each other by path
(a `PageRef` in a block, or `page_link()` in rich text), and small helpers for each block."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape

from .booking_forms import FORM_SLUGS as BOOKING_FORM_SLUGS
from .council import MAIN_EMAIL, MAIN_PHONE, OPENING_HOURS, OPENING_HOURS_SHORT
from .eforms import FORMS as EFORMS

# --- How pages and blocks are described -------------------------------------------------------


@dataclass(frozen=True)
class PageRef:
    """Another demo page, by its path under the home page, for example "council-tax"."""

    key: str


@dataclass
class DemoPage:
    kind: str  # index, service, guide, step_by_step, news_index or news
    slug: str
    title: str
    summary: str
    search_description: str
    content: list = field(default_factory=list)  # body blocks, guide parts or steps
    show_in_menus: bool = False
    days_ago: int | None = None  # news stories: published this many days before the load
    children: list[DemoPage] = field(default_factory=list)


def walk(pages: list[DemoPage], parent_key: str = ""):
    """Yield (key, parent key, page) in tree order, parents before their children."""
    for page in pages:
        key = f"{parent_key}/{page.slug}" if parent_key else page.slug
        yield key, parent_key, page
        yield from walk(page.children, key)


# Rich text, in Wagtail's database format.


def p(text: str) -> str:
    return f"<p>{text}</p>"


def h2(text: str) -> str:
    return f"<h2>{text}</h2>"


def h3(text: str) -> str:
    return f"<h3>{text}</h3>"


def ul(*items: str) -> str:
    return "<ul>" + "".join(f"<li>{item}</li>" for item in items) + "</ul>"


def ol(*items: str) -> str:
    return "<ol>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>"


def b(text: str) -> str:
    return f"<b>{text}</b>"


def a(href: str, text: str) -> str:
    return f'<a href="{escape(href)}">{text}</a>'


def page_link(key: str, text: str) -> str:
    """A link to another demo page; the command swaps the path for the page's id."""
    return f'<a linktype="page" id="page:{key}">{text}</a>'


def email(address: str) -> str:
    return a(f"mailto:{address}", address)


# Body blocks, in the JSON shape a StreamField stores.


def rich(*parts: str) -> dict:
    return {"type": "rich_text", "value": "".join(parts)}


# The eForms the demo builds (demo/content/eforms.py). Other services are done by phone for now,
# which is how the council takes them today: customer services complete the form with the caller.
DEMO_FORM_SLUGS = {*(form["slug"] for form in EFORMS), *BOOKING_FORM_SLUGS}


def start(url: str, text: str = "Start now") -> dict:
    slug = url.strip("/").removeprefix("forms/")
    if slug in DEMO_FORM_SLUGS:
        return {"type": "start_button", "value": {"page": None, "url": url, "text": text}}
    return inset(
        f"<p>Call customer services on {MAIN_PHONE} ({OPENING_HOURS_SHORT}). "
        "An adviser will take the details and give you a reference number.</p>"
    )


def inset(*parts: str) -> dict:
    return {"type": "inset_text", "value": {"text": "".join(parts)}}


def warning(text: str) -> dict:
    return {"type": "warning_text", "value": {"text": text}}


def details(summary: str, *parts: str) -> dict:
    return {"type": "details", "value": {"summary": summary, "text": "".join(parts)}}


def contact(
    team: str,
    phone: str = MAIN_PHONE,
    email_address: str = MAIN_EMAIL,
    address: str = "",
    opening_hours: str = OPENING_HOURS,
    heading: str = "Contact us",
) -> dict:
    return {
        "type": "contact_panel",
        "value": {
            "heading": heading,
            "team": team,
            "phone": phone,
            "email": email_address,
            "address": address,
            "opening_hours": opening_hours,
        },
    }


def related(*links: str | tuple[str, str], heading: str = "Related content") -> dict:
    """Related links: a page path, or (url, text) for another website."""
    items = []
    for link in links:
        if isinstance(link, tuple):
            url, text = link
            items.append({"page": None, "url": url, "text": text})
        else:
            items.append({"page": PageRef(link), "url": "", "text": ""})
    return {"type": "related_links", "value": {"heading": heading, "links": items}}


def part(title: str, slug: str, *body: dict) -> dict:
    return {"type": "part", "value": {"title": title, "slug": slug, "body": list(body)}}


def step(title: str, *parts: str, logic: str = "") -> dict:
    return {"type": "step", "value": {"title": title, "logic": logic, "body": "".join(parts)}}


def index(slug, title, summary, description, children, menu=True) -> DemoPage:
    return DemoPage("index", slug, title, summary, description, [], menu, None, children)


def service(slug, title, summary, description, *body, menu=False) -> DemoPage:
    return DemoPage("service", slug, title, summary, description, list(body), menu)


def guide(slug, title, summary, description, *parts) -> DemoPage:
    return DemoPage("guide", slug, title, summary, description, list(parts))


def step_by_step(slug, title, summary, description, *steps) -> DemoPage:
    return DemoPage("step_by_step", slug, title, summary, description, list(steps))


def news(slug, title, days_ago, summary, description, *body) -> DemoPage:
    return DemoPage("news", slug, title, summary, description, list(body), days_ago=days_ago)
