"""The demo council: Fernleigh District Council's pages, settings, alert and demo accounts.

Data only; `manage.py load_demo_content` puts it in the database. Pages point at each other by
their path under the home page (a `PageRef` in a block, or `page_link()` in rich text), which the
command turns into page ids once every page exists. Phone numbers are in Ofcom's 01632 960xxx
range, kept for drama, so none of them reaches a real person.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from html import escape

COUNCIL_NAME = "Fernleigh District Council"
DOMAIN = "fernleigh.example"
MAIN_PHONE = "01632 960100"
OUT_OF_HOURS_PHONE = "01632 960999"
MAIN_EMAIL = f"customer.services@{DOMAIN}"
ADDRESS = "Fernleigh District Council\nCivic Centre\nStation Road\nFernleigh\nFN1 1AA"
OPENING_HOURS = "Monday to Friday, 9am to 5pm (closed on bank holidays)"
OPENING_HOURS_SHORT = "Monday to Friday, 9am to 5pm"

# Demo accounts, quoted in the README. The command refuses to create them when
# settings.DOORSTEP_ALLOW_DEMO_ACCOUNTS is False, as it is in production: the passwords are public.
DEMO_ACCOUNTS: dict[str, dict] = {
    "editor": {
        "password": "editor-demo-2026",
        "email": f"priya.shah@{DOMAIN}",
        "first_name": "Priya",
        "last_name": "Shah",
        "groups": ["Editors"],
        "is_staff": False,
        "is_superuser": False,
        "role": "Web editor: writes and edits pages in the Wagtail admin",
    },
    "staff": {
        "password": "staff-demo-2026",
        "email": f"tom.okafor@{DOMAIN}",
        "first_name": "Tom",
        "last_name": "Okafor",
        "groups": ["Customer services"],
        "is_staff": False,
        "is_superuser": False,
        "role": "Customer services adviser: works cases in the admin",
    },
    "resident": {
        "password": "resident-demo-2026",
        "email": "resident@example.com",
        "first_name": "Jane",
        "last_name": "Fletcher",
        "groups": [],
        "is_staff": False,
        "is_superuser": False,
        "role": "Resident: uses the online services and their account, no admin access",
    },
    "admin": {
        "password": "admin-demo-2026",
        "email": f"web.admin@{DOMAIN}",
        "first_name": "Alex",
        "last_name": "Morgan",
        "groups": [],
        "is_staff": True,
        "is_superuser": True,
        "role": "Administrator: can do everything",
    },
}

CUSTOMER_SERVICES_GROUP = "Customer services"

COUNCIL_SETTINGS = {
    "council_name": COUNCIL_NAME,
    "brand_colour": "#00703c",
    "phone": MAIN_PHONE,
    "email": MAIN_EMAIL,
    "address": ADDRESS,
    "opening_hours": OPENING_HOURS,
    "facebook_url": "https://www.facebook.com/FernleighDistrictCouncil",
    "x_url": "https://x.com/FernleighDC",
    "instagram_url": "https://www.instagram.com/fernleighdc",
    "youtube_url": "https://www.youtube.com/@FernleighDistrictCouncil",
    "linkedin_url": "https://www.linkedin.com/company/fernleigh-district-council",
}

# CouncilSettings footer links, by page path under the home page.
FOOTER_PAGES = {
    "accessibility_page": "accessibility-statement",
    "privacy_page": "privacy-notice",
    "contact_page": "contact-us",
}

HOME = {
    "heading": "How can we help?",
    "intro": (
        "Pay, apply for and report things online, any time. Find out about bins, council tax, "
        "housing, planning and the other services Fernleigh District Council provides."
    ),
    "search_description": (
        "Fernleigh District Council: report a missed bin, pay your council tax, apply for "
        "planning permission and find council services online."
    ),
}

# The home page's top tasks: (page path, label shown on the home page).
TOP_TASKS = [
    ("bins-and-recycling/report-a-missed-bin", "Report a missed bin"),
    ("council-tax/pay-your-council-tax", "Pay your council tax"),
    ("bins-and-recycling/find-your-bin-collection-day", "Find your bin day"),
    ("streets-and-roads/report-fly-tipping", "Report fly-tipping"),
    ("bins-and-recycling/book-a-bulky-waste-collection", "Book a bulky waste collection"),
    (
        "planning-and-building-control/apply-for-planning-permission",
        "Apply for planning permission",
    ),
]

ALERT = {
    "title": "Changes to bin collections over Christmas and New Year",
    "message": (
        "<p>Bin collections move by up to 2 days over Christmas and New Year. "
        "<b>Put your bins out by 6:30am</b> on your new collection day. "
        '<a linktype="page" id="page:bins-and-recycling/find-your-bin-collection-day">'
        "Find your collection day</a>.</p>"
    ),
    "days": 30,
}


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


# The eForms the demo builds (forms/demo_forms.py). Other services are done by phone for now,
# which is how the council takes them today: customer services complete the form with the caller.
DEMO_FORM_SLUGS = {"report-fly-tipping", "report-street-furniture", "report-noise"}


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


# --- Teams ------------------------------------------------------------------------------------

WASTE = {"team": "Waste and recycling", "phone": "01632 960120", "email_address": f"waste@{DOMAIN}"}
STREETS = {
    "team": "Street scene team",
    "phone": "01632 960130",
    "email_address": f"streetscene@{DOMAIN}",
}
HOUSING_OPTIONS = {
    "team": "Housing options team",
    "phone": "01632 960210",
    "email_address": f"housing.options@{DOMAIN}",
}
HOUSING_REPAIRS = {
    "team": "Housing repairs",
    "phone": "01632 960220",
    "email_address": f"repairs@{DOMAIN}",
    "opening_hours": "Monday to Friday, 8am to 6pm. Emergencies: 01632 960999, at any time",
}
PLANNING = {"team": "Planning", "phone": "01632 960310", "email_address": f"planning@{DOMAIN}"}
BUILDING_CONTROL = {
    "team": "Building control",
    "phone": "01632 960320",
    "email_address": f"building.control@{DOMAIN}",
    "opening_hours": "Monday to Friday, 8:30am to 5pm",
}
LAND_CHARGES = {
    "team": "Local land charges",
    "phone": "01632 960330",
    "email_address": f"land.charges@{DOMAIN}",
}
ENV_HEALTH = {
    "team": "Environmental health",
    "phone": "01632 960410",
    "email_address": f"environmental.health@{DOMAIN}",
}
LICENSING = {"team": "Licensing", "phone": "01632 960420", "email_address": f"licensing@{DOMAIN}"}
COUNCIL_TAX = {
    "team": "Council tax",
    "phone": "01632 960510",
    "email_address": f"council.tax@{DOMAIN}",
}
HALLS = {"team": "Halls bookings", "phone": "01632 960610", "email_address": f"halls@{DOMAIN}"}
INFORMATION = {
    "team": "Information governance",
    "phone": "01632 960710",
    "email_address": f"foi@{DOMAIN}",
}
COMPLAINTS = {
    "team": "Customer feedback",
    "phone": "01632 960720",
    "email_address": f"complaints@{DOMAIN}",
}
DEMOCRATIC = {
    "team": "Democratic services",
    "phone": "01632 960730",
    "email_address": f"democratic.services@{DOMAIN}",
}

CIVIC_CENTRE = "Civic Centre\nStation Road\nFernleigh\nFN1 1AA"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def financial_year(today: date) -> tuple[int, int]:
    start_year = today.year if today.month >= 4 else today.year - 1
    return start_year, start_year + 1


# --- Sections ---------------------------------------------------------------------------------


def bins_and_recycling() -> DemoPage:
    return index(
        "bins-and-recycling",
        "Bins and recycling",
        "Collection days, missed bins, bulky waste and what goes in each bin.",
        "Find your bin collection day, report a missed bin or book a bulky waste collection "
        "in Fernleigh.",
        [
            service(
                "report-a-missed-bin",
                "Report a missed bin",
                "Tell us if we did not empty your bin on your collection day.",
                "Report a missed rubbish, recycling, food or garden waste collection in the "
                "Fernleigh district online.",
                rich(
                    p(
                        "You can report a missed collection for your general rubbish, recycling, "
                        "food waste or garden waste bin."
                    ),
                    p("Before you report a missed bin, check that:"),
                    ul(
                        "it was your "
                        + page_link(
                            "bins-and-recycling/find-your-bin-collection-day", "collection day"
                        ),
                        "your bin was at the edge of your property by 6:30am",
                        "the lid was closed and nothing was piled on top or beside it",
                        "the crew did not leave a tag on the bin explaining why it was not emptied",
                    ),
                    p(
                        "Report it by 5pm on the working day after your collection day. "
                        "We will collect it within 2 working days. Leave your bin out until we do."
                    ),
                ),
                start("/forms/report-a-missed-bin/"),
                inset(
                    p(
                        "If someone at your address has already reported the same missed "
                        "collection, we add your report to theirs and tell you both when the bin "
                        "is emptied."
                    )
                ),
                details(
                    "Why a crew might not empty a bin",
                    p("The crew will tag your bin and not empty it if:"),
                    ul(
                        "it has the wrong things in it, for example food in the recycling",
                        "it is too heavy to lift safely",
                        "the lid does not close because it is overfilled",
                        "a parked car blocked the road and the lorry could not get through",
                    ),
                    p(
                        "Tagged bins are not missed collections. Sort the contents and put the "
                        "bin out on your next collection day."
                    ),
                ),
                contact(**WASTE),
                related(
                    "bins-and-recycling/find-your-bin-collection-day",
                    "bins-and-recycling/book-a-bulky-waste-collection",
                    "streets-and-roads/report-fly-tipping",
                ),
            ),
            service(
                "book-a-bulky-waste-collection",
                "Book a bulky waste collection",
                "We collect large household items such as furniture, mattresses and fridges "
                "for a fee.",
                "Book and pay for a bulky waste collection of furniture, white goods and other "
                "large household items in Fernleigh.",
                rich(
                    p(
                        "We can collect up to 10 large items from your home, such as sofas, "
                        "beds, mattresses, wardrobes, washing machines and fridges."
                    ),
                    h2("Prices"),
                    ul(
                        "up to 3 items: £38.50",
                        "each extra item, up to 10 in total: £9.50",
                        "fridges and freezers: £25 each",
                    ),
                    p(
                        "If you get Council Tax Reduction, you pay half price. We will check "
                        "this when you book."
                    ),
                    h2("Before you book"),
                    p("Have ready:"),
                    ul(
                        "a list of the items you want collected",
                        "a debit or credit card to pay",
                        "details of where the items will be left",
                    ),
                    p(
                        "You will see the total price and choose from the dates we have left "
                        "before you pay. We collect on weekdays, from 7am."
                    ),
                ),
                start("/forms/book-a-bulky-waste-collection/"),
                warning(
                    "We cannot collect building rubble, car parts, tyres, gas bottles, paint or "
                    "garden waste. Take them to a household waste recycling centre."
                ),
                details(
                    "Changing or cancelling your booking",
                    p(
                        "You can cancel up to 2pm on the working day before your collection "
                        "and get a full refund. Sign in to your account to cancel or add "
                        "items, or call us."
                    ),
                    p("We cannot give refunds for cancellations after this time."),
                ),
                contact(**WASTE),
                related(
                    "bins-and-recycling/find-your-bin-collection-day",
                    "streets-and-roads/report-fly-tipping",
                ),
            ),
            service(
                "find-your-bin-collection-day",
                "Find your bin collection day",
                "Check which day we collect your rubbish, recycling, food and garden waste.",
                "Enter your postcode to find your bin collection days in the Fernleigh district "
                "and which bin goes out each week.",
                rich(
                    p(
                        "Enter your postcode and choose your address to see your next "
                        "collections. You can add them to your phone or computer calendar."
                    ),
                ),
                start("/forms/find-your-bin-collection-day/", "Find your collection day"),
                rich(
                    h2("What we collect and when"),
                    ul(
                        b("Grey bin")
                        + " for general rubbish: every 2 weeks, on the same day as your "
                        "recycling but in alternate weeks",
                        b("Blue bin") + " for recycling: every 2 weeks",
                        b("Food caddy") + ": every week",
                        b("Green bin")
                        + " for garden waste: every 2 weeks from March to November, if you "
                        "subscribe (£52 a year)",
                    ),
                    p("Put your bins out by 6:30am and bring them in by the end of the day."),
                ),
                inset(
                    p(
                        b("Christmas and New Year: ")
                        + "collections move by up to 2 days. Your collection calendar shows "
                        "the changed dates."
                    )
                ),
                details(
                    "If you find it hard to put your bins out",
                    p(
                        "If nobody in your home can move a bin to the kerb because of age, "
                        "disability or ill health, we can collect it from your property. "
                        "Call us to ask for an assisted collection."
                    ),
                ),
                contact(**WASTE),
                related(
                    "bins-and-recycling/report-a-missed-bin",
                    "bins-and-recycling/moving-home-bins-and-council-tax",
                ),
            ),
            step_by_step(
                "moving-home-bins-and-council-tax",
                "Moving home: bins and council tax",
                "What to tell the council, and when, if you move into, out of or within the "
                "Fernleigh district.",
                "Moving home in Fernleigh: update your council tax, set up payments and sort "
                "out bins and garden waste, step by step.",
                step(
                    "Tell us you are moving",
                    p(
                        "Tell us the date you move and your new address at least 2 weeks "
                        "before you move. We will send a final bill for your old home and a new "
                        "bill if you are staying in the district."
                    ),
                    p(page_link("council-tax/pay-your-council-tax", "Pay your council tax")),
                ),
                step(
                    "Set up payments for your new home",
                    p(
                        "Your Direct Debit does not move with you. "
                        + page_link(
                            "council-tax/set-up-a-direct-debit", "Set up a new Direct Debit"
                        )
                        + " once you have your new council tax account number."
                    ),
                ),
                step(
                    "Check whether you can get a discount",
                    p(
                        "If you will live alone, you may get 25% off. "
                        + page_link(
                            "council-tax/discounts-and-exemptions",
                            "Check council tax discounts and exemptions",
                        )
                        + "."
                    ),
                    logic="and",
                ),
                step(
                    "Find your new bin collection day",
                    p(
                        "Bins belong to the property, so leave them for the next people. "
                        + page_link(
                            "bins-and-recycling/find-your-bin-collection-day",
                            "Find your bin collection day",
                        )
                        + " at your new address."
                    ),
                ),
                step(
                    "Move your garden waste subscription",
                    p(
                        "If you subscribe to garden waste collections and are moving within the "
                        "district, call us and we will move your subscription to your new "
                        "address at no cost."
                    ),
                ),
            ),
        ],
    )


def streets_and_roads() -> DemoPage:
    return index(
        "streets-and-roads",
        "Streets and roads",
        "Report fly-tipping and damaged street furniture, and find out about grass cutting.",
        "Report fly-tipping, damaged benches, bins and signs, and find out when we cut grass "
        "verges in the Fernleigh district.",
        [
            service(
                "report-fly-tipping",
                "Report fly-tipping",
                "Tell us about rubbish dumped on a road, pavement, verge or other public land.",
                "Report fly-tipping on public land in the Fernleigh district. Mark the place on "
                "a map, add photos and we will tell you when it is cleared.",
                rich(
                    p(
                        "Report rubbish dumped on public land, such as a road, pavement, lay-by, "
                        "verge, park or alleyway."
                    ),
                    p("You can:"),
                    ul(
                        "mark the place on a map, or describe where it is",
                        "add up to 5 photos",
                        "tell us if you saw who dumped it",
                    ),
                    p(
                        "We aim to clear fly-tipping within 3 working days, or within 1 working "
                        "day if it is blocking a road or pavement. We will tell you when it is "
                        "cleared."
                    ),
                ),
                start("/forms/report-fly-tipping/"),
                warning(
                    "Do not touch waste that could be dangerous, such as asbestos sheets, "
                    "needles, drums or gas bottles. Keep away from it and tell us where it is."
                ),
                details(
                    "Fly-tipping on private land",
                    p(
                        "If rubbish is dumped on private land, it is the landowner's "
                        "responsibility to clear it. We can still investigate who dumped it. "
                        "Report it and tell us the land is private."
                    ),
                ),
                inset(
                    p(
                        "Fly-tipping is a crime. We can give a fixed penalty of up to £1,000 or "
                        "take people to court. Your details are never shared with the person "
                        "we investigate."
                    )
                ),
                contact(**STREETS),
                related(
                    "bins-and-recycling/book-a-bulky-waste-collection",
                    "streets-and-roads/report-damaged-street-furniture",
                ),
            ),
            service(
                "report-damaged-street-furniture",
                "Report damaged street furniture",
                "Tell us about a damaged bench, litter bin, bollard, sign or bus shelter that we "
                "look after.",
                "Report a damaged or vandalised bench, litter bin, bollard, street name sign or "
                "bus shelter in the Fernleigh district.",
                rich(
                    p("We look after:"),
                    ul(
                        "benches and picnic tables",
                        "litter bins and dog waste bins",
                        "street name signs",
                        "bus shelters",
                        "bollards and railings in car parks and parks",
                    ),
                    p(
                        "Westmoor County Council looks after roads, pavements, potholes, street "
                        "lights and traffic signs. "
                        + a("https://www.westmoor.example/roads", "Report a road problem to them")
                        + "."
                    ),
                ),
                start("/forms/report-street-furniture/"),
                warning(
                    "If the damage is dangerous, for example a sign about to fall onto a "
                    "pavement, call us on 01632 960130, or 01632 960999 out of hours."
                ),
                contact(**STREETS),
                related("streets-and-roads/report-fly-tipping", "streets-and-roads/grass-cutting"),
            ),
            service(
                "grass-cutting",
                "Grass cutting",
                "When we cut grass verges, parks and open spaces, and how to report overgrown "
                "grass.",
                "Grass cutting in the Fernleigh district: how often we cut verges and open "
                "spaces, and how to report grass that needs cutting.",
                rich(
                    p("We cut the grass on council land from March to October:"),
                    ul(
                        "parks and play areas: every 2 weeks",
                        "housing estates and open spaces: every 3 weeks",
                        "road verges in towns and villages: 6 times a year",
                        "rural verges: twice a year, to protect wildflowers",
                    ),
                    p(
                        "Some areas are left to grow as wildflower meadows. They have signs "
                        "and are cut once a year, in September."
                    ),
                    h2("Report grass that needs cutting"),
                    p(
                        "Tell us if grass on council land is blocking the view at a junction or "
                        "has not been cut for longer than the times above."
                    ),
                ),
                start("/forms/report-grass-cutting/", "Report a grass cutting problem"),
                details(
                    "Hedges and trees on private land",
                    p(
                        "If a hedge or tree on private land is blocking a pavement, ask the "
                        "owner to cut it back first. If that does not work, tell us and we will "
                        "write to them."
                    ),
                ),
                contact(**STREETS),
                related("streets-and-roads/report-damaged-street-furniture"),
            ),
        ],
    )


def housing() -> DemoPage:
    return index(
        "housing",
        "Housing",
        "Help if you are homeless or at risk, the housing register and repairs to council homes.",
        "Get help if you are homeless or at risk of losing your home, join the housing register "
        "or report a repair to a council home in Fernleigh.",
        [
            service(
                "housing-options-and-homelessness",
                "Housing options and homelessness",
                "Get help if you are homeless or might lose your home in the next 8 weeks.",
                "Contact Fernleigh's housing options team if you are homeless or at risk of "
                "homelessness. Emergency help is available out of hours.",
                warning(
                    "If you are homeless tonight and our offices are closed, call our emergency "
                    "out-of-hours line on 01632 960999. If you are in danger, call 999."
                ),
                rich(
                    p(
                        "Contact us as soon as you know you might lose your home. The earlier "
                        "you tell us, the more we can do to help you stay where you are or "
                        "find somewhere else."
                    ),
                    p("We can help if:"),
                    ul(
                        "your landlord has given you notice or is taking you to court",
                        "you cannot afford your rent or mortgage",
                        "you have to leave because of violence or abuse",
                        "family or friends have asked you to leave",
                        "you are sleeping rough",
                    ),
                    h2("What happens next"),
                    p(
                        "An officer will call you within 2 working days, or the same day if "
                        "you have nowhere to stay tonight. They will look at your situation and "
                        "agree a personal housing plan with you."
                    ),
                ),
                start("/forms/housing-options/", "Ask for housing help"),
                details(
                    "Medical information and evidence",
                    p(
                        "If your health affects where you can live, we will ask you to complete "
                        "a medical form. You can upload letters from your doctor, photos of "
                        "prescriptions and other evidence with it."
                    ),
                ),
                details(
                    "If you work for a public body (duty to refer)",
                    p(
                        "Public bodies in England must refer people who are homeless or at risk "
                        "to a housing authority. Use our referral form and tell the person you "
                        "are referring them."
                    ),
                ),
                contact(**HOUSING_OPTIONS, address=CIVIC_CENTRE),
                related(
                    "housing/join-the-housing-register",
                    ("https://www.gov.uk/homelessness-help-from-council", "Homelessness: GOV.UK"),
                ),
            ),
            service(
                "report-a-repair-to-a-council-home",
                "Report a repair to a council home",
                "Council tenants can report repairs online, and see when they will be done.",
                "Report a repair to your Fernleigh District Council home online, and check how "
                "quickly we will fix it.",
                warning(
                    "If you smell gas, leave the property and call the National Gas Emergency "
                    "Service on 0800 111 999 straight away."
                ),
                rich(
                    p(
                        "Report repairs to your home, its fixtures and fittings, and shared "
                        "areas of your building. Our repairs contractor will contact you to "
                        "arrange a time."
                    ),
                    h2("How quickly we do repairs"),
                    ul(
                        b("Emergency")
                        + ", such as a flood, no heating in winter or an unsafe electrical "
                        "fitting: made safe within 24 hours",
                        b("Urgent") + ", such as a blocked toilet: within 3 working days",
                        b("Routine") + ", such as a dripping tap: within 20 working days",
                    ),
                ),
                start("/forms/report-a-council-home-repair/", "Report a repair"),
                inset(
                    p(
                        "For emergency repairs outside office hours, call 01632 960999. Do not "
                        "report emergencies online."
                    )
                ),
                details(
                    "Repairs you are responsible for",
                    p("Your tenancy agreement says you must deal with:"),
                    ul(
                        "replacing light bulbs, fuses and toilet seats",
                        "lost keys and lock changes",
                        "decorating inside your home",
                        "damage caused by you or your visitors",
                    ),
                ),
                contact(**HOUSING_REPAIRS),
                related(
                    "housing/housing-options-and-homelessness", "your-council/make-a-complaint"
                ),
            ),
            guide(
                "join-the-housing-register",
                "Join the housing register",
                "Who can apply for council and housing association homes in Fernleigh, and how "
                "homes are let.",
                "How to join the Fernleigh housing register, who can apply, how we decide "
                "priority and how to bid for council and housing association homes.",
                part(
                    "Overview",
                    "overview",
                    rich(
                        p(
                            "The housing register is the list of people who want a council or "
                            "housing association home in the Fernleigh district."
                        ),
                        p(
                            "About 2,400 households are on the register and around 350 homes "
                            "become free each year, so most people wait a long time. We will "
                            "also tell you about other options, such as private renting and "
                            "shared ownership."
                        ),
                    ),
                    inset(
                        p(
                            "If you are homeless or might lose your home, "
                            + page_link(
                                "housing/housing-options-and-homelessness",
                                "contact the housing options team",
                            )
                            + " now. Do not wait for your housing register application."
                        )
                    ),
                ),
                part(
                    "Who can join",
                    "who-can-join",
                    rich(
                        p("You can usually join if you are 18 or over and:"),
                        ul(
                            "you have lived in the Fernleigh district for the last 2 years, or",
                            "you work in the district for at least 16 hours a week, or",
                            "you need to live near a close relative who has lived here for 5 years",
                        ),
                        p("You cannot usually join if:"),
                        ul(
                            "your household income is over £60,000 a year",
                            "you own a home or have savings over £30,000",
                            "you owe rent to a council or housing association and have not "
                            "kept to a repayment plan",
                        ),
                    ),
                    details(
                        "People in the armed forces",
                        p(
                            "The 2-year rule does not apply to members of the armed forces, "
                            "people who left in the last 5 years, or their bereaved partners."
                        ),
                    ),
                ),
                part(
                    "How to apply",
                    "how-to-apply",
                    rich(
                        p("Apply online. It takes about 30 minutes. You will need:"),
                        ul(
                            "National Insurance numbers for everyone aged 16 or over",
                            "your addresses for the last 5 years",
                            "details of your income, savings and benefits",
                            "medical evidence, if your health affects where you can live",
                        ),
                    ),
                    start("/forms/join-the-housing-register/", "Apply to join"),
                ),
                part(
                    "How we decide priority",
                    "priority",
                    rich(
                        p("We put every household in a band:"),
                        ul(
                            b("Band A")
                            + ": urgent need, such as a home that is dangerous to your health",
                            b("Band B") + ": homeless, or severely overcrowded",
                            b("Band C") + ": overcrowded, or need to move for medical reasons",
                            b("Band D") + ": housed, but would like to move",
                        ),
                        p(
                            "Within each band, the household that has waited longest is offered "
                            "a home first. We will write to tell you your band within 6 weeks."
                        ),
                    ),
                ),
                part(
                    "Bidding for a home",
                    "bidding",
                    rich(
                        p(
                            "Homes are advertised every Wednesday on Fernleigh Homechoice. You "
                            "can bid for up to 3 homes a week that are the right size for your "
                            "household."
                        ),
                        p(
                            "If you are top of the list for a home, we will check your details "
                            "and arrange a viewing. If you refuse 2 suitable offers, we may "
                            "lower your band."
                        ),
                    ),
                    contact(**HOUSING_OPTIONS),
                ),
            ),
        ],
    )


def planning_and_building_control() -> DemoPage:
    return index(
        "planning-and-building-control",
        "Planning and building control",
        "Planning permission, building regulations inspections, planning documents and land "
        "charges searches.",
        "Apply for planning permission, book a building control inspection, order planning "
        "documents or a local land charges search in Fernleigh.",
        [
            guide(
                "apply-for-planning-permission",
                "Apply for planning permission",
                "Find out if you need planning permission, get advice and apply.",
                "How to apply for planning permission from Fernleigh District Council: whether "
                "you need it, pre-application advice, fees and what happens after you apply.",
                part(
                    "Overview",
                    "overview",
                    rich(
                        p(
                            "You usually need planning permission to build something new, make "
                            "a major change to a building, such as a large extension, or change "
                            "what a building is used for."
                        ),
                        p("This guide explains:"),
                        ul(
                            "how to check if you need permission",
                            "how to get advice before you apply",
                            "how to apply and what it costs",
                            "how we decide and what you can do if you disagree",
                        ),
                        p(
                            "Building regulations approval is separate. You might need it even "
                            "if you do not need planning permission."
                        ),
                    ),
                ),
                part(
                    "Check if you need permission",
                    "check-if-you-need-permission",
                    rich(
                        p(
                            "Some small projects are permitted development. This means you do "
                            "not need to apply, as long as you meet the limits and conditions. "
                            "For example, most single-storey rear extensions up to 3 metres deep "
                            "on a terraced or semi-detached house."
                        ),
                        p("Permitted development rights are more limited if your home:"),
                        ul(
                            "is a listed building",
                            "is in a conservation area, such as Fernleigh town centre or "
                            "Ashby Cross village",
                            "is a flat or maisonette",
                        ),
                        p(
                            a(
                                "https://interactive.planningportal.co.uk/",
                                "Use the Planning Portal's interactive guides",
                            )
                            + " to check common projects."
                        ),
                    ),
                    details(
                        "Get a lawful development certificate",
                        p(
                            "If you want proof that your project does not need planning "
                            "permission, for example when you sell your home, apply for a "
                            "lawful development certificate. It costs half the planning fee."
                        ),
                    ),
                ),
                part(
                    "Get advice before you apply",
                    "pre-application-advice",
                    rich(
                        p(
                            "A planning officer can look at your plans and tell you whether "
                            "they are likely to be approved, and what to change. This is called "
                            "pre-application advice."
                        ),
                        ul(
                            "householder projects: £95 for written advice",
                            "householder projects with a meeting: £180",
                            "1 to 9 new homes: £450",
                        ),
                        p("We reply within 20 working days."),
                    ),
                    start("/forms/pre-application-advice/", "Ask for pre-application advice"),
                ),
                part(
                    "How to apply",
                    "how-to-apply",
                    rich(
                        p(
                            "Apply online through the Planning Portal. You will need to upload "
                            "plans and drawings, and pay the fee."
                        ),
                        p("The fee for most householder applications is £528."),
                        p(
                            "We check your application within 5 working days. If anything is "
                            "missing, we will tell you what we need before we can start."
                        ),
                    ),
                    start(
                        "https://www.planningportal.co.uk/applications",
                        "Apply on the Planning Portal",
                    ),
                    contact(**PLANNING),
                ),
                part(
                    "After you apply",
                    "after-you-apply",
                    rich(
                        p(
                            "We tell your neighbours, put up a site notice and publish your "
                            "application online. People have 21 days to comment."
                        ),
                        p("We aim to decide:"),
                        ul(
                            "householder and minor applications within 8 weeks",
                            "major applications within 13 weeks",
                        ),
                        h2("If your application is refused"),
                        p(
                            "You can appeal to the Planning Inspectorate. For householder "
                            "applications you must appeal within 12 weeks of our decision."
                        ),
                    ),
                    related(
                        "planning-and-building-control/building-an-extension",
                        "planning-and-building-control/request-copies-of-planning-documents",
                        (
                            "https://www.gov.uk/appeal-householder-planning-decision",
                            "Appeal a householder planning decision: GOV.UK",
                        ),
                    ),
                ),
            ),
            service(
                "book-a-building-control-inspection",
                "Book a building control inspection",
                "Builders and owners can book a building regulations inspection online.",
                "Book a building regulations site inspection with Fernleigh building control "
                "using your application reference.",
                rich(
                    p(
                        "You must tell us when building work reaches certain stages, so that an "
                        "inspector can check it before it is covered up."
                    ),
                    p(
                        "You will need your building control application reference, for "
                        "example " + b("BC/2026/0142") + "."
                    ),
                    p("Book by 4pm for an inspection on the next working day."),
                    h2("Stages we inspect"),
                    ul(
                        "start of work",
                        "foundation excavations, before concrete is poured",
                        "damp proof course",
                        "drains, before they are covered",
                        "insulation and structure, before plastering",
                        "completion",
                    ),
                ),
                start("/forms/book-a-building-control-inspection/", "Book an inspection"),
                inset(
                    p(
                        "We will email you to confirm the morning or afternoon slot, and the "
                        "inspector will call about 30 minutes before they arrive."
                    )
                ),
                contact(**BUILDING_CONTROL),
                related("planning-and-building-control/building-an-extension"),
            ),
            service(
                "request-copies-of-planning-documents",
                "Request copies of planning documents",
                "Order copies of old planning decisions, approved plans and building control "
                "certificates.",
                "Order and pay for copies of Fernleigh planning decision notices, approved plans "
                "and building regulations completion certificates.",
                rich(
                    p(
                        "Planning applications from 2005 onwards, with their decisions and "
                        "plans, are free to view on our public access website."
                    ),
                    p("You can order copies of older documents, or certified copies:"),
                    ul(
                        "decision notice: £25",
                        "approved plans: £10 for each plan",
                        "building regulations completion certificate: £30",
                        "certified copy: £15 extra for each document",
                    ),
                    p(
                        "You pay when you order. We email the documents within 10 working days, "
                        "or post certified copies."
                    ),
                ),
                start("/forms/request-planning-documents/", "Order documents"),
                details(
                    "If you cannot find the application reference",
                    p(
                        "Give us the full address and roughly when the work was done. We will "
                        "search our records and contact you if we find more than one match."
                    ),
                ),
                contact(**PLANNING),
                related("planning-and-building-control/local-land-charges-search"),
            ),
            service(
                "local-land-charges-search",
                "Local land charges search",
                "Conveyancers and buyers can order a local authority search for a property in "
                "the district.",
                "Order a local land charges search (LLC1 and CON29) for a property in the "
                "Fernleigh district, upload your forms and pay online.",
                rich(
                    p(
                        "A local authority search tells a buyer about planning decisions, "
                        "roads, tree preservation orders and other things that affect a "
                        "property."
                    ),
                    h2("Fees"),
                    ul(
                        "LLC1 (official search of the register): £25",
                        "CON29 (enquiries of the local authority): £120",
                        "LLC1 and CON29 together: £145",
                        "each optional CON29O enquiry: £18",
                    ),
                    p(
                        "Upload your LLC1 and CON29 forms and a plan with the property outlined "
                        "in red, then pay. We return most searches within 10 working days."
                    ),
                ),
                start("/forms/local-land-charges-search/", "Order a search"),
                inset(
                    p(
                        "Personal searches of the register are free. Email us to book an "
                        "appointment."
                    )
                ),
                contact(**LAND_CHARGES),
                related("planning-and-building-control/request-copies-of-planning-documents"),
            ),
            step_by_step(
                "building-an-extension",
                "Building an extension: step by step",
                "How to get permission for an extension and have the work approved, from "
                "first idea to completion certificate.",
                "Building an extension in Fernleigh: planning permission, party walls, building "
                "regulations, inspections and completion, step by step.",
                step(
                    "Check if you need planning permission",
                    p(
                        "Many small extensions are permitted development and do not need "
                        "planning permission. "
                        + page_link(
                            "planning-and-building-control/apply-for-planning-permission",
                            "Check if you need permission",
                        )
                        + "."
                    ),
                ),
                step(
                    "Apply for planning permission",
                    p(
                        page_link(
                            "planning-and-building-control/apply-for-planning-permission",
                            "Apply for planning permission",
                        )
                        + ". We aim to decide within 8 weeks."
                    ),
                ),
                step(
                    "Apply for a lawful development certificate",
                    p(
                        "If you do not need planning permission, you can get a certificate to "
                        "prove it. This helps when you sell your home."
                    ),
                    logic="or",
                ),
                step(
                    "Tell your neighbours",
                    p(
                        "If you are building on or near a shared wall or boundary, you must "
                        "give your neighbours notice under the Party Wall etc. Act 1996. "
                        + a(
                            "https://www.gov.uk/party-walls-building-works",
                            "Find out about party walls on GOV.UK",
                        )
                        + "."
                    ),
                ),
                step(
                    "Apply for building regulations approval",
                    p(
                        "Send us full plans before work starts, or give a building notice at "
                        "least 2 working days before you start. Your builder can do this for "
                        "you."
                    ),
                ),
                step(
                    "Check for public sewers",
                    p(
                        "If you are building within 3 metres of a public sewer, you need "
                        "permission from your water company before you start."
                    ),
                    logic="and",
                ),
                step(
                    "Book inspections as the work goes on",
                    p(
                        page_link(
                            "planning-and-building-control/book-a-building-control-inspection",
                            "Book a building control inspection",
                        )
                        + " at each stage, such as foundations and drains."
                    ),
                ),
                step(
                    "Get your completion certificate",
                    p(
                        "After the final inspection we send you a completion certificate. "
                        "Keep it safe: you will need it when you sell your home."
                    ),
                ),
            ),
        ],
    )


def environmental_health() -> DemoPage:
    return index(
        "environmental-health",
        "Environmental health",
        "Noise, food hygiene, drains and smells, and other problems that affect your health.",
        "Report noise nuisance, drainage and odour problems, and find food hygiene ratings and "
        "advice for food businesses in Fernleigh.",
        [
            service(
                "report-noise-nuisance",
                "Report noise nuisance",
                "Tell us about noise from a neighbour, business or event that is affecting you "
                "at home.",
                "Report noise nuisance from neighbours, businesses, alarms or events in the "
                "Fernleigh district, and find out how we investigate.",
                rich(
                    p(
                        "We can investigate noise that happens often or goes on for a long "
                        "time, such as loud music, dogs barking, alarms, or noise from pubs, "
                        "building sites and factories."
                    ),
                    p(
                        "If you feel able to, talk to the person making the noise first. They "
                        "may not know it is disturbing you."
                    ),
                    h2("What happens after you report it"),
                    ol(
                        "We write to the person making the noise.",
                        "We ask you to keep a diary of the noise for 2 weeks. You can record it "
                        "on your phone.",
                        "If the noise continues, an officer may visit or install recording "
                        "equipment.",
                        "If it is a statutory nuisance, we serve an abatement notice. Breaking "
                        "it can lead to a fine.",
                    ),
                ),
                start("/forms/report-noise/", "Report noise"),
                inset(
                    p(
                        "Our out-of-hours noise service runs on Friday and Saturday nights from "
                        "9pm to 3am. Call 01632 960999 while the noise is happening."
                    )
                ),
                details(
                    "Noise we cannot deal with",
                    p(
                        "We cannot usually act on everyday living noise, such as doors "
                        "closing, footsteps or children playing, or on traffic noise. Report "
                        "threatening behaviour to the police on 101."
                    ),
                ),
                contact(**ENV_HEALTH),
                related("environmental-health/report-a-drainage-or-odour-problem"),
            ),
            service(
                "food-hygiene",
                "Food hygiene",
                "Food hygiene ratings, registering a food business and reporting a problem "
                "with food.",
                "Check food hygiene ratings, register a food business, request a re-rating "
                "visit or report a food problem in Fernleigh.",
                rich(
                    p(
                        "We inspect the 850 food businesses in the district, including "
                        "restaurants, takeaways, shops, schools and home caterers, and give "
                        "them a food hygiene rating from 0 to 5."
                    ),
                    p(
                        a("https://ratings.food.gov.uk/", "Check a food hygiene rating")
                        + " on the Food Standards Agency website."
                    ),
                    h2("Register a food business"),
                    p(
                        "You must register at least 28 days before you start trading, "
                        "including if you sell food from home or a market stall. It is free."
                    ),
                ),
                start("https://www.gov.uk/food-business-registration", "Register a food business"),
                rich(
                    h2("Ask for a re-rating visit"),
                    p(
                        "If you have fixed the problems found at your inspection, you can ask "
                        "us to visit again and re-rate your business. It costs £220. We visit "
                        "within 3 months."
                    ),
                    h2("Report a problem with food"),
                    p(
                        "Tell us about food that made you ill, was out of date, or was sold "
                        "from dirty premises. Keep the food, packaging and receipt if you can."
                    ),
                ),
                details(
                    "If you think you have food poisoning",
                    p(
                        "Call NHS 111 or see your GP. Tell us where and when you ate, and "
                        "whether anyone else who ate there was ill."
                    ),
                ),
                contact(**ENV_HEALTH),
                related("licensing/licensing-a-guide-for-new-businesses"),
            ),
            service(
                "report-a-drainage-or-odour-problem",
                "Report a drainage or odour problem",
                "Tell us about blocked or leaking drains, or a smell from a business, farm or "
                "neighbouring property.",
                "Report a blocked or leaking private drain, sewage, or a smell from a business "
                "or neighbouring property to Fernleigh environmental health.",
                rich(
                    h2("Drains"),
                    p(
                        "You are responsible for the drain inside your property boundary that "
                        "only serves your home. Shared drains and sewers belong to your water "
                        "company."
                    ),
                    p(
                        "Report a blocked or leaking drain to us if it is causing a health "
                        "risk, such as sewage overflowing into a garden, and the owner has not "
                        "fixed it."
                    ),
                    h2("Smells"),
                    p(
                        "We investigate strong smells from businesses, farms, bonfires and "
                        "neighbouring properties that happen often or go on for a long time."
                    ),
                ),
                start("/forms/report-drainage-or-odour/", "Report a problem"),
                warning(
                    "If sewage is coming into your home or onto the street, call your water "
                    "company's emergency line first."
                ),
                details(
                    "What an officer will do",
                    p(
                        "An officer will contact you within 5 working days and may visit. They "
                        "update the case from site, with photos, so you can see progress in "
                        "your account."
                    ),
                ),
                contact(**ENV_HEALTH),
                related("environmental-health/report-noise-nuisance"),
            ),
        ],
    )


def licensing() -> DemoPage:
    return index(
        "licensing",
        "Licensing",
        "Licences for alcohol, events, street trading, taxis and other businesses.",
        "Apply for street trading consent, give a temporary event notice or update a personal "
        "licence with Fernleigh District Council.",
        [
            service(
                "street-trading-consent",
                "Street trading consent",
                "You need our consent to sell goods or food from a street, lay-by or other "
                "public place.",
                "Apply for street trading consent in the Fernleigh district: where you can trade, "
                "fees and how long it takes.",
                rich(
                    p(
                        "You need street trading consent to sell, display or offer anything for "
                        "sale on a street, including from a van, trailer or stall. This includes "
                        "hot food vans and ice cream vans."
                    ),
                    p("You do not need consent to sell:"),
                    ul(
                        "at a market run by the council or a licensed market operator",
                        "on private land, such as a supermarket car park, with the owner's "
                        "permission",
                        "newspapers and magazines",
                    ),
                    h2("Fees"),
                    ul(
                        "12 months: £1,250",
                        "6 months: £700",
                        "1 day, for example at a community event: £45",
                    ),
                    p(
                        "We consult the police and the county highways team, which takes about "
                        "28 days. Do not start trading until you have consent."
                    ),
                ),
                start("/forms/street-trading-consent/", "Apply for consent"),
                details(
                    "What you will need",
                    ul(
                        "a colour passport-style photo",
                        "a map showing where you want to trade",
                        "photos of your stall or vehicle",
                        "your food business registration, if you sell food",
                        "proof of public liability insurance of at least £5 million",
                    ),
                ),
                contact(**LICENSING),
                related("licensing/licensing-a-guide-for-new-businesses"),
            ),
            service(
                "temporary-event-notice",
                "Temporary event notice",
                "Tell us about a small event where you will sell alcohol, provide entertainment "
                "or serve hot food late at night.",
                "Give a temporary event notice (TEN) to Fernleigh District Council for an event "
                "with alcohol or entertainment for fewer than 500 people.",
                rich(
                    p(
                        "You need a temporary event notice (TEN) for an event where you will "
                        "sell alcohol, provide regulated entertainment or serve hot food "
                        "between 11pm and 5am, if the place does not already have a licence "
                        "that covers it."
                    ),
                    p("The event must:"),
                    ul(
                        "have fewer than 500 people at any time, including staff",
                        "last no more than 168 hours (7 days)",
                    ),
                    p("The fee is £21."),
                ),
                warning(
                    "You must give a standard notice at least 10 working days before the event, "
                    "not counting the day you apply or the first day of the event."
                ),
                start("/forms/temporary-event-notice/", "Give a notice"),
                details(
                    "Late notices",
                    p(
                        "You can give a late notice between 5 and 9 working days before the "
                        "event. If the police or environmental health object to a late notice, "
                        "the event cannot go ahead."
                    ),
                    p(
                        "You can give up to 10 late notices a year if you hold a personal "
                        "licence, or 2 if you do not."
                    ),
                ),
                contact(**LICENSING),
                related(
                    "licensing/licensing-a-guide-for-new-businesses",
                    "your-council/hire-a-community-hall",
                ),
            ),
            service(
                "personal-licence-change-of-address",
                "Personal licence: change of address",
                "If you hold a personal licence to sell alcohol and have moved home, tell us "
                "your new address.",
                "Tell Fernleigh District Council about a change of address on your personal "
                "licence to sell alcohol. The fee is £10.50.",
                rich(
                    p(
                        "You must tell the council that issued your personal licence as soon as "
                        "you can after you change your name or address. It is an offence not "
                        "to."
                    ),
                    p(
                        "Use this service if your licence was issued by Fernleigh District "
                        "Council. If it was issued by another council, contact them, even if "
                        "you now live in Fernleigh."
                    ),
                    p("The fee is £10.50. You will need:"),
                    ul(
                        "your personal licence number",
                        "your new address",
                        "a photo or scan of both parts of your licence",
                    ),
                    p("We will post your updated licence within 10 working days."),
                ),
                start("/forms/personal-licence-change-of-address/"),
                inset(
                    p(
                        "If your licence has been lost or stolen, ask for a replacement "
                        "instead. This also costs £10.50."
                    )
                ),
                contact(**LICENSING),
                related("licensing/licensing-a-guide-for-new-businesses"),
            ),
            guide(
                "licensing-a-guide-for-new-businesses",
                "Licensing: a guide for new businesses",
                "Which licences and registrations a new shop, café, pub or stall might need, "
                "and how to apply.",
                "A guide for new businesses in Fernleigh: alcohol and premises licences, street "
                "trading, events, food registration and fees.",
                part(
                    "Which licences you need",
                    "overview",
                    rich(
                        p(
                            "Many businesses need a licence or registration from the council "
                            "before they open. Which ones depend on what you sell and where."
                        ),
                        ul(
                            "selling alcohol: a premises licence and a personal licence",
                            "serving hot food or drink between 11pm and 5am: a premises "
                            "licence for late night refreshment",
                            "selling from the street: street trading consent",
                            "tables and chairs on the pavement: a pavement licence",
                            "any food business: food business registration",
                        ),
                        p("Talk to us early. It is free to ask for advice before you apply."),
                    ),
                ),
                part(
                    "Selling alcohol",
                    "selling-alcohol",
                    rich(
                        p(
                            "To sell alcohol you need a premises licence for the building, and "
                            "a designated premises supervisor who holds a personal licence."
                        ),
                        p(
                            "Applying for a new premises licence takes at least 28 days, "
                            "because the public, the police and other authorities can comment. "
                            "You must put a notice in the window and in a local newspaper."
                        ),
                        p(
                            "The fee depends on the rateable value of the premises, from £100 "
                            "to £1,905, plus a yearly fee."
                        ),
                    ),
                    inset(
                        p(
                            "For a one-off event, you may only need a "
                            + page_link(
                                "licensing/temporary-event-notice", "temporary event notice"
                            )
                            + "."
                        )
                    ),
                ),
                part(
                    "Trading on the street",
                    "street-trading",
                    rich(
                        p(
                            "To sell from a van, stall or trailer on a street or lay-by, apply "
                            "for "
                            + page_link(
                                "licensing/street-trading-consent", "street trading consent"
                            )
                            + "."
                        ),
                        p(
                            "If you run a café or pub and want to put tables and chairs on the "
                            "pavement outside, apply for a pavement licence. It costs £350 for "
                            "up to 2 years."
                        ),
                    ),
                ),
                part(
                    "Food businesses",
                    "food-businesses",
                    rich(
                        p(
                            "Register your food business with us at least 28 days before you "
                            "open. We will then inspect you and give you a food hygiene rating."
                        ),
                        p(
                            page_link("environmental-health/food-hygiene", "Food hygiene")
                            + " has advice on what we look for."
                        ),
                    ),
                ),
                part(
                    "Applying and paying",
                    "applying-and-paying",
                    rich(
                        p(
                            "You can apply and pay for most licences online. We will email to "
                            "confirm we have your application and tell you if anything is "
                            "missing."
                        ),
                        p(
                            "You can follow the progress of your applications, and renew "
                            "yearly licences, in your account."
                        ),
                    ),
                    contact(**LICENSING, address=CIVIC_CENTRE),
                ),
            ),
        ],
    )


def council_tax(today: date) -> DemoPage:
    first, second = financial_year(today)
    year = f"1 April {first} to 31 March {second}"
    return index(
        "council-tax",
        "Council tax",
        "Pay your council tax, find your band and charges, and check for discounts.",
        "Pay your Fernleigh council tax online, set up a Direct Debit, check your band and "
        "charges and apply for discounts and exemptions.",
        [
            service(
                "pay-your-council-tax",
                "Pay your council tax",
                "Pay your council tax bill online, by Direct Debit, by phone or at a Post Office.",
                "Pay your Fernleigh District Council council tax online by debit or credit card, "
                "or find other ways to pay.",
                rich(
                    p(
                        "You will need your 8-digit council tax account number. It starts with "
                        "5 and is at the top of your bill."
                    ),
                ),
                start("/forms/pay-council-tax/", "Pay now"),
                rich(
                    h2("Other ways to pay"),
                    ul(
                        page_link("council-tax/set-up-a-direct-debit", "Direct Debit")
                        + ": the easiest way to pay, on the 1st, 8th, 15th or 22nd of the month",
                        "by phone: call our automated line on 01632 960500, at any time",
                        "at a Post Office or PayPoint: use the barcode on your bill",
                        "by bank transfer: our bank details are on the back of your bill, and "
                        "use your account number as the reference",
                    ),
                ),
                warning(
                    "If you miss a payment, we will send a reminder. If you do not pay within "
                    "7 days, you lose the right to pay by instalments."
                ),
                details(
                    "If you are struggling to pay",
                    p(
                        "Contact us as soon as you can. We can spread payments over 12 months "
                        "instead of 10, or agree a payment plan. You may be able to get "
                        + page_link("council-tax/discounts-and-exemptions", "Council Tax Reduction")
                        + "."
                    ),
                ),
                contact(**COUNCIL_TAX),
                related(
                    "council-tax/council-tax-bands-and-charges",
                    "council-tax/discounts-and-exemptions",
                ),
            ),
            service(
                "council-tax-bands-and-charges",
                "Council tax bands and charges",
                f"How much council tax you pay in each band from {year}.",
                "Council tax bands and charges for the Fernleigh district, and what the money "
                "pays for.",
                rich(
                    p(
                        "Your band depends on what your home would have sold for on 1 April "
                        "1991. The Valuation Office Agency sets bands, not the council."
                    ),
                    h2(f"Charges from {year}"),
                    p("These are the yearly charges, not including parish council charges."),
                    ul(
                        "Band A (up to £40,000): £1,476.24",
                        "Band B (£40,001 to £52,000): £1,722.28",
                        "Band C (£52,001 to £68,000): £1,968.32",
                        "Band D (£68,001 to £88,000): £2,214.36",
                        "Band E (£88,001 to £120,000): £2,706.44",
                        "Band F (£120,001 to £160,000): £3,198.52",
                        "Band G (£160,001 to £320,000): £3,690.60",
                        "Band H (over £320,000): £4,428.72",
                    ),
                    h2("Where the money goes"),
                    p("For a Band D home, the yearly charge is shared between:"),
                    ul(
                        "Westmoor County Council: £1,641.42",
                        "Fernleigh District Council: £218.61",
                        "Westmoor Police and Crime Commissioner: £276.20",
                        "Westmoor Fire and Rescue Authority: £78.13",
                    ),
                ),
                inset(
                    p(
                        "Fernleigh District Council keeps about 10p of every pound of council "
                        "tax it collects. It pays for bin collections, street cleaning, "
                        "housing, planning and environmental health."
                    )
                ),
                details(
                    "If you think your band is wrong",
                    p(
                        a(
                            "https://www.gov.uk/challenge-council-tax-band",
                            "Challenge your council tax band",
                        )
                        + " with the Valuation Office Agency. Keep paying while they look at it."
                    ),
                ),
                contact(**COUNCIL_TAX),
                related("council-tax/pay-your-council-tax", "council-tax/discounts-and-exemptions"),
            ),
            service(
                "discounts-and-exemptions",
                "Council tax discounts and exemptions",
                "You might pay less council tax if you live alone, are a student, have a "
                "disability or are on a low income.",
                "Check if you can get a council tax discount, exemption or Council Tax "
                "Reduction in Fernleigh, and how to apply.",
                rich(
                    h2("Discounts"),
                    ul(
                        b("Single person discount")
                        + ": 25% off if you are the only adult (18 or over) living in your home",
                        b("Disabled band reduction")
                        + ": your bill is reduced by one band if your home has been adapted "
                        "for a disabled person",
                        b("Council Tax Reduction")
                        + ": help if you are on a low income or get certain benefits",
                    ),
                    p(
                        "Some people are not counted as adults for council tax, such as "
                        "full-time students, apprentices and carers."
                    ),
                    h2("Exemptions"),
                    p("You do not pay council tax if:"),
                    ul(
                        "everyone in the home is a full-time student",
                        "everyone in the home is under 18",
                        "the home is empty because the person who lived there has died and "
                        "probate has not been granted",
                        "the person who lived there has moved into a care home or hospital",
                    ),
                ),
                start("/forms/council-tax-discount/", "Apply for a discount or exemption"),
                details(
                    "Empty homes and second homes",
                    p(
                        "Homes that have been empty and unfurnished for a year or more pay "
                        "double council tax. Second homes pay double council tax. There are "
                        "some exceptions, for example for homes being sold or let."
                    ),
                ),
                warning(
                    "Tell us within 21 days if your circumstances change and you should no longer "
                    "get a discount. You could be fined £70 if you do not."
                ),
                contact(**COUNCIL_TAX),
                related(
                    "council-tax/council-tax-bands-and-charges",
                    "council-tax/pay-your-council-tax",
                ),
            ),
            service(
                "set-up-a-direct-debit",
                "Set up a Direct Debit for council tax",
                "Pay your council tax automatically, in 10 or 12 monthly instalments.",
                "Set up or change a Direct Debit to pay your Fernleigh council tax, and choose "
                "your payment date.",
                rich(
                    p("You can choose:"),
                    ul(
                        "to pay on the 1st, 8th, 15th or 22nd of the month",
                        "to pay in 10 monthly instalments (April to January) or 12 (April to "
                        "March)",
                    ),
                    p("You will need:"),
                    ul(
                        "your council tax account number",
                        "the name, sort code and account number of the bank account you are "
                        "paying from",
                    ),
                    p(
                        "We will write to confirm your payment dates. Your first payment will "
                        "be at least 10 working days after you set it up."
                    ),
                ),
                start("/forms/council-tax-direct-debit/", "Set up a Direct Debit"),
                inset(
                    p(
                        "Council tenants can also set up a Direct Debit or a payment "
                        "arrangement for rent in their account."
                    )
                ),
                details(
                    "The Direct Debit Guarantee",
                    p(
                        "If we make an error in the payment of your Direct Debit, you are "
                        "entitled to a full and immediate refund from your bank. You can cancel "
                        "a Direct Debit at any time by contacting your bank."
                    ),
                ),
                contact(**COUNCIL_TAX),
                related("council-tax/pay-your-council-tax"),
            ),
        ],
    )


def your_council() -> DemoPage:
    return index(
        "your-council",
        "Your council",
        "Councillors, complaints, Freedom of Information and council buildings you can hire.",
        "Find your councillor, make a complaint or a Freedom of Information request, and hire "
        "a community hall from Fernleigh District Council.",
        [
            service(
                "make-a-freedom-of-information-request",
                "Make a Freedom of Information request",
                "Ask for information the council holds. We reply within 20 working days.",
                "Make a Freedom of Information (FOI) or Environmental Information Regulations "
                "request to Fernleigh District Council online.",
                rich(
                    p(
                        "You can ask for any recorded information the council holds, such as "
                        "reports, emails, contracts and spending data. Anyone can ask, from "
                        "anywhere."
                    ),
                    p(
                        "Check our disclosure log first. It has the answers to requests we have "
                        "already replied to."
                    ),
                    h2("How long it takes"),
                    p(
                        "We must reply within 20 working days. Weekends and bank holidays in "
                        "England and Wales are not counted."
                    ),
                    p(
                        "If we need you to explain what you are asking for, the 20 days stop "
                        "until you reply."
                    ),
                ),
                start("/forms/freedom-of-information-request/", "Make a request"),
                details(
                    "Information we might not give you",
                    p(
                        "We may refuse a request if finding the information would take more "
                        "than 18 hours (the £450 cost limit), or if an exemption applies, for "
                        "example to protect someone's personal data. We will tell you why."
                    ),
                    p(
                        "To ask for information about yourself, make a subject access request "
                        "instead."
                    ),
                ),
                details(
                    "If you are unhappy with our reply",
                    p(
                        "Ask for an internal review within 40 working days of our reply. If "
                        "you are still unhappy, you can complain to the "
                        + a("https://ico.org.uk/make-a-complaint/", "Information Commissioner")
                        + "."
                    ),
                ),
                contact(**INFORMATION),
                related("your-council/make-a-complaint", "privacy-notice"),
            ),
            service(
                "make-a-complaint",
                "Make a complaint",
                "Tell us if you are unhappy with a council service. How we deal with it, and "
                "what you can do next.",
                "Make a complaint about a Fernleigh District Council service: stage 1, stage 2 "
                "and the Local Government and Social Care Ombudsman.",
                rich(
                    p(
                        "If you have asked us for a service and we have not provided it, "
                        + page_link("contact-us", "contact us")
                        + " first. We may be able to put it right straight away."
                    ),
                    p(
                        "Make a complaint if you are unhappy with how we have provided a "
                        "service, how you were treated, or a delay."
                    ),
                    h2("Stage 1"),
                    p(
                        "The manager of the service will look into your complaint. We "
                        "acknowledge it within 5 working days and reply within 10 working days."
                    ),
                    h2("Stage 2"),
                    p(
                        "If you are unhappy with our stage 1 reply, ask for your complaint to "
                        "go to stage 2 within 20 working days. A senior manager who was not "
                        "involved will review it and reply within 20 working days."
                    ),
                    p(
                        "If we need longer at either stage, we will tell you why and when you "
                        "will get a reply."
                    ),
                ),
                start("/forms/make-a-complaint/", "Make a complaint"),
                rich(
                    h2("The Ombudsman"),
                    p(
                        "If you are still unhappy after stage 2, you can ask the "
                        + a(
                            "https://www.lgo.org.uk/",
                            "Local Government and Social Care Ombudsman",
                        )
                        + " to look at your complaint. It is free and independent. Call them "
                        "on 0300 061 0614."
                    ),
                    p(
                        "If your complaint is about your council home, contact the "
                        + a("https://www.housing-ombudsman.org.uk/", "Housing Ombudsman")
                        + " instead."
                    ),
                ),
                details(
                    "Things that are not complaints",
                    ul(
                        "planning decisions: you can appeal to the Planning Inspectorate",
                        "Freedom of Information replies: ask for an internal review",
                        "a councillor's behaviour: contact the Monitoring Officer",
                    ),
                ),
                contact(**COMPLAINTS),
                related(
                    "your-council/make-a-freedom-of-information-request",
                    "your-council/find-your-councillor",
                ),
            ),
            service(
                "find-your-councillor",
                "Find your councillor",
                "Find out who represents your ward, and how to contact them.",
                "Find your Fernleigh District councillor by ward, and how a councillor can "
                "help with a problem.",
                rich(
                    p(
                        "The Fernleigh district has 39 councillors, elected for 4 years to "
                        "represent its 19 wards. The next elections are in May 2027."
                    ),
                    p(
                        "Your councillor can help if you have a problem with a council service "
                        "that you have not been able to sort out. They can raise an enquiry "
                        "with council officers on your behalf and follow it up."
                    ),
                    h2("Councillors for some of our wards"),
                    ul(
                        b("Fernleigh Central") + ": Cllr Margaret Osei and Cllr David Pryce",
                        b("Fernleigh North") + ": Cllr Sunita Patel and Cllr Gareth Lloyd",
                        b("Ashby Cross") + ": Cllr Helen Baxter",
                        b("Harcombe and Little Wendon") + ": Cllr Robert Tan",
                        b("Stoneford") + ": Cllr Aisha Rahman and Cllr Peter Cole",
                    ),
                    p(
                        "For other wards, or to check which ward you live in, contact "
                        "democratic services."
                    ),
                ),
                inset(
                    p(
                        "Councillors hold surgeries where you can see them without an "
                        "appointment. Ask democratic services for times and places."
                    )
                ),
                contact(**DEMOCRATIC, address=CIVIC_CENTRE),
                related("your-council/make-a-complaint"),
            ),
            service(
                "hire-a-community-hall",
                "Hire a community hall",
                "Book one of our 3 community halls for a party, meeting, class or regular group.",
                "Check availability and book a Fernleigh District Council community hall for "
                "a one-off event or regular hire.",
                rich(
                    p("You can hire:"),
                    ul(
                        b("Meadowbank Community Centre, Fernleigh")
                        + ": main hall for 120 people, £28 an hour; meeting room for 20, £14 "
                        "an hour",
                        b("Ashby Cross Village Hall") + ": hall for 80 people, £22 an hour",
                        b("Stoneford Pavilion")
                        + ": room for 40 people, £16 an hour, next to the playing fields",
                    ),
                    p(
                        "Regular groups, such as clubs and classes that book at least 10 "
                        "sessions, get 20% off. Registered charities get 30% off."
                    ),
                    h2("Booking"),
                    p(
                        "Check which dates are free and book online. You pay a £100 deposit "
                        "when you book. We confirm your booking within 3 working days."
                    ),
                ),
                start("/forms/hire-a-community-hall/", "Check availability and book"),
                details(
                    "Getting your deposit back",
                    p(
                        "We refund your deposit within 10 working days of your booking, as long "
                        "as the hall is left clean and undamaged and you finish on time."
                    ),
                ),
                details(
                    "Selling alcohol or playing music",
                    p(
                        "Meadowbank Community Centre has a premises licence. For the other "
                        "halls you may need a "
                        + page_link("licensing/temporary-event-notice", "temporary event notice")
                        + "."
                    ),
                ),
                contact(**HALLS),
                related("licensing/temporary-event-notice"),
            ),
        ],
    )


def news_stories() -> DemoPage:
    return DemoPage(
        "news_index",
        "news",
        "News",
        "News and announcements from Fernleigh District Council.",
        "The latest news from Fernleigh District Council: services, consultations, events and "
        "decisions.",
        children=[
            news(
                "report-missed-bins-and-fly-tipping-online",
                "Report missed bins and fly-tipping online, any time",
                4,
                "Residents can now report a missed bin or fly-tipping online and follow it "
                "until it is sorted.",
                "Fernleigh residents can now report missed bins and fly-tipping online and be "
                "told when the problem is dealt with.",
                rich(
                    p(
                        "Residents can now report a missed bin or fly-tipping on the council's "
                        "website at any time of day, and follow their report until it is "
                        "sorted."
                    ),
                    p(
                        "Until now, most reports were made by phone and passed to the crews on "
                        "a spreadsheet twice a day. Online reports now go straight to the "
                        "team that deals with them, and residents get an email when the bin is "
                        "collected or the rubbish is cleared."
                    ),
                    p(
                        "Cllr Helen Baxter, cabinet member for the environment, said: "
                        "“Nobody should have to wait on hold to tell us we missed their bin. "
                        "Reporting online takes a couple of minutes and you will know when it "
                        "is done.”"
                    ),
                    p(
                        page_link("bins-and-recycling/report-a-missed-bin", "Report a missed bin")
                        + " or "
                        + page_link("streets-and-roads/report-fly-tipping", "report fly-tipping")
                        + "."
                    ),
                ),
            ),
            news(
                "christmas-bin-collections",
                "Christmas and New Year bin collection dates",
                11,
                "Bin collections move by up to 2 days over Christmas and New Year. Check your "
                "new dates.",
                "Check your bin collection day over Christmas and New Year in the Fernleigh "
                "district, and how to recycle your tree.",
                rich(
                    p(
                        "Bin collections will move by up to 2 days over Christmas and New Year. "
                        "Collections return to normal in the second week of January."
                    ),
                    p(
                        page_link(
                            "bins-and-recycling/find-your-bin-collection-day",
                            "Find your collection day",
                        )
                        + " to see your changed dates."
                    ),
                    h2("Real Christmas trees"),
                    p(
                        "Cut your tree into pieces and put it in your green garden waste bin, "
                        "or take it to one of 6 drop-off points in car parks across the "
                        "district until 17 January."
                    ),
                ),
                inset(p("Extra recycling can go out in a clear bag next to your blue bin.")),
            ),
            news(
                "have-your-say-on-the-local-plan",
                "Have your say on the draft Local Plan",
                26,
                "The draft Local Plan sets out where new homes, jobs and green spaces should go "
                "until 2042. Tell us what you think.",
                "Public consultation on Fernleigh District Council's draft Local Plan: drop-in "
                "events and how to comment.",
                rich(
                    p(
                        "The council is asking for views on its draft Local Plan, which sets out "
                        "where new homes, jobs, schools and green spaces should go in the "
                        "district until 2042."
                    ),
                    p("The plan proposes:"),
                    ul(
                        "6,800 new homes, at least a third of them affordable",
                        "a new business park at Harcombe Road",
                        "protection for the green gap between Fernleigh and Ashby Cross",
                    ),
                    p(
                        "You can comment online or at drop-in events in Fernleigh, Ashby Cross "
                        "and Stoneford. The consultation closes 8 weeks after it opened."
                    ),
                ),
                contact(**PLANNING, heading="Questions about the Local Plan"),
            ),
            news(
                "food-hygiene-ratings-rise",
                "Nine in ten food businesses rated good or very good",
                43,
                "More Fernleigh food businesses than ever have a food hygiene rating of 4 or 5.",
                "Fernleigh food hygiene ratings improve: 91% of food businesses in the district "
                "are now rated 4 or 5.",
                rich(
                    p(
                        "91% of the district's 850 food businesses now have a food hygiene "
                        "rating of 4 (good) or 5 (very good), up from 86% two years ago."
                    ),
                    p(
                        "The council's environmental health officers carried out 612 "
                        "inspections last year and ran free training for new food businesses."
                    ),
                    p(
                        page_link(
                            "environmental-health/food-hygiene", "Find out about food hygiene"
                        )
                    ),
                ),
            ),
            news(
                "fly-tipper-fined",
                "Fly-tipper ordered to pay £1,480 after Harcombe Lane clear-up",
                61,
                "A man who dumped building waste in a lay-by has been fined and ordered to pay "
                "the council's costs.",
                "A fly-tipper has been ordered to pay £1,480 after a Fernleigh District Council "
                "prosecution for dumping waste on Harcombe Lane.",
                rich(
                    p(
                        "A man who dumped bags of building waste in a lay-by on Harcombe Lane "
                        "has been fined £800 and ordered to pay £680 in costs at Westmoor "
                        "Magistrates' Court."
                    ),
                    p(
                        "Council officers traced the waste back to him after a resident "
                        "reported it with photos of the van involved."
                    ),
                    p(
                        "If you pay someone to take your rubbish away, check they are a "
                        "registered waste carrier. You can be fined if your waste is found "
                        "fly-tipped."
                    ),
                ),
                related("streets-and-roads/report-fly-tipping"),
            ),
            news(
                "community-halls-book-online",
                "Book a community hall online",
                79,
                "You can now check when our community halls are free and book and pay online.",
                "Fernleigh community halls can now be booked online: check availability, pay "
                "the deposit and set up regular bookings.",
                rich(
                    p(
                        "Meadowbank Community Centre, Ashby Cross Village Hall and Stoneford "
                        "Pavilion can now be booked online."
                    ),
                    p(
                        "You can see which dates are free, book a one-off event or a regular "
                        "session, and pay the deposit in one go. Staff confirm bookings within "
                        "3 working days."
                    ),
                    p(page_link("your-council/hire-a-community-hall", "Hire a community hall")),
                ),
            ),
            news(
                "council-tax-support-fund",
                "Extra help with council tax for low-income households",
                104,
                "Households getting Council Tax Reduction can get up to £150 off this year's bill.",
                "Fernleigh households on Council Tax Reduction can get up to £150 extra off "
                "their council tax bill this year.",
                rich(
                    p(
                        "Households who get Council Tax Reduction will get up to £150 off their "
                        "bill this year, paid for by a new council tax support fund."
                    ),
                    p(
                        "The money is taken off bills automatically, so there is no need to "
                        "apply. If you are struggling to pay, "
                        + page_link(
                            "council-tax/discounts-and-exemptions",
                            "check which discounts you can get",
                        )
                        + "."
                    ),
                ),
            ),
        ],
    )


# --- Footer pages -----------------------------------------------------------------------------


def accessibility_statement(today: date) -> DemoPage:
    tested = today - timedelta(days=45)
    prepared = today - timedelta(days=30)
    fix_by = today + timedelta(days=120)
    return service(
        "accessibility-statement",
        "Accessibility statement",
        "How accessible this website is, how to report a problem and how to get information "
        "in a different format.",
        "Accessibility statement for the Fernleigh District Council website: WCAG 2.2 AA "
        "compliance, known issues and how to report a problem.",
        rich(
            p(
                f"This accessibility statement applies to the {COUNCIL_NAME} website at "
                f"www.{DOMAIN}, including its online forms and your account."
            ),
            p(
                f"This website is run by {COUNCIL_NAME}. We want as many people as possible to "
                "be able to use it. For example, that means you should be able to:"
            ),
            ul(
                "change colours, contrast levels and fonts using browser or device settings",
                "zoom in up to 400% without the text spilling off the screen",
                "navigate most of the website using a keyboard or speech recognition software",
                "listen to most of the website using a screen reader (including the most recent "
                "versions of JAWS, NVDA and VoiceOver)",
            ),
            p("We have also made the text on the website as simple as possible to understand."),
            p(
                a("https://mcmw.abilitynet.org.uk/", "AbilityNet")
                + " has advice on making your device easier to use if you have a disability."
            ),
            h2("How accessible this website is"),
            p("We know some parts of this website are not fully accessible:"),
            ul(
                "the map on our street reporting forms cannot be moved using a keyboard alone",
                "some older PDF documents are not fully accessible to screen reader software",
                "some images in older news stories do not have a text alternative",
            ),
            h2("Feedback and contact information"),
            p(
                "If you need information on this website in a different format, like "
                "accessible PDF, large print, easy read, audio recording or braille:"
            ),
            ul(
                "email " + email(f"accessibility@{DOMAIN}"),
                f"call {MAIN_PHONE}",
            ),
            p("We will consider your request and get back to you within 5 working days."),
            h2("Reporting accessibility problems with this website"),
            p(
                "We are always looking to improve the accessibility of this website. If you "
                "find any problems not listed on this page or think we are not meeting "
                "accessibility requirements, email "
                + email(f"accessibility@{DOMAIN}")
                + " or call "
                + MAIN_PHONE
                + "."
            ),
            h2("Enforcement procedure"),
            p(
                "The Equality and Human Rights Commission (EHRC) is responsible for enforcing "
                "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                "Accessibility Regulations 2018 (the ‘accessibility regulations’). If you are "
                "not happy with how we respond to your complaint, "
                + a(
                    "https://www.equalityadvisoryservice.com/",
                    "contact the Equality Advisory and Support Service (EASS)",
                )
                + "."
            ),
            h2("Contacting us by phone or visiting us in person"),
            p(
                "We provide a text relay service for people who are D/deaf, hearing impaired or "
                "have a speech impediment. Dial 18001 then "
                + MAIN_PHONE
                + ". Our offices have audio induction loops, or if you contact us before your "
                "visit we can arrange a British Sign Language (BSL) interpreter."
            ),
            p(page_link("contact-us", "Find out how to contact us") + "."),
            h2("Technical information about this website’s accessibility"),
            p(
                f"{COUNCIL_NAME} is committed to making its website accessible, in accordance "
                "with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                "Accessibility Regulations 2018."
            ),
            h3("Compliance status"),
            p(
                "This website is partially compliant with the "
                + a(
                    "https://www.w3.org/TR/WCAG22/",
                    "Web Content Accessibility Guidelines version 2.2",
                )
                + " AA standard, due to the non-compliances listed below."
            ),
            h2("Non-accessible content"),
            p("The content listed below is non-accessible for the following reasons."),
            h3("Non-compliance with the accessibility regulations"),
            ul(
                "The map on the forms for reporting fly-tipping, damaged street furniture and "
                "grass cutting cannot be moved or zoomed using a keyboard alone. This fails "
                "WCAG 2.2 success criterion 2.1.1 (Keyboard). You can always describe the "
                "location or give an address instead of using the map. We plan to fix this by "
                f"{long_date(fix_by)}.",
                "Some committee papers published as PDF documents do not have headings marked "
                "up, so screen reader users cannot move around them easily. This fails WCAG "
                "2.2 success criterion 1.3.1 (Info and Relationships). We are replacing them "
                f"with accessible versions by {long_date(fix_by)}.",
                "Some images in news stories published before 2024 do not have a text "
                "alternative, so people using a screen reader cannot access the information. "
                "This fails WCAG 2.2 success criterion 1.1.1 (Non-text Content). We are adding "
                f"text alternatives by {long_date(fix_by)}.",
            ),
            h3("Disproportionate burden"),
            p(
                "We are not claiming that any accessibility problems would be a "
                "disproportionate burden to fix."
            ),
            h3("Content that’s not within the scope of the accessibility regulations"),
            p(
                "Many of our older PDFs and Word documents do not meet accessibility standards. "
                "The accessibility regulations do not require us to fix PDFs or other documents "
                "published before 23 September 2018 if they are not essential to providing our "
                "services. Any new PDFs or Word documents we publish will meet accessibility "
                "standards."
            ),
            p(
                "We do not plan to add captions to live video streams of council meetings, "
                "because live video is exempt from meeting the accessibility regulations. "
                "Recordings of meetings are published with captions within 10 working days."
            ),
            h2("What we’re doing to improve accessibility"),
            p(
                "We check new pages and forms with automated tools and by hand before we "
                "publish them, and we include disabled residents in research when we design "
                "new online services."
            ),
            h2("Preparation of this accessibility statement"),
            p(
                f"This statement was prepared on {long_date(prepared)}. It was last reviewed on "
                f"{long_date(prepared)}."
            ),
            p(
                f"This website was last tested on {long_date(tested)} against the WCAG 2.2 AA "
                "standard. The test was carried out by the council’s digital team. We tested "
                "the home page, a sample of service pages and guides, every online form and "
                "the account pages, using automated tools, keyboard-only navigation, screen "
                "magnification and the NVDA and VoiceOver screen readers."
            ),
        ),
        contact(
            "Digital team",
            email_address=f"accessibility@{DOMAIN}",
            heading="Report an accessibility problem",
        ),
    )


def privacy_notice() -> DemoPage:
    return service(
        "privacy-notice",
        "Privacy notice",
        "How the council collects, uses and protects your personal information, and your rights.",
        "How Fernleigh District Council uses your personal data, who we share it with, how "
        "long we keep it and your data protection rights.",
        rich(
            p(
                f"{COUNCIL_NAME} is the data controller for the personal information you give "
                "us. We are registered with the Information Commissioner’s Office (ICO), "
                "registration number Z7654321."
            ),
            p(
                "Some services have their own privacy notice with more detail. You will see a "
                "link to it when you use the service."
            ),
            h2("What information we collect"),
            p("Depending on the service, we may collect:"),
            ul(
                "your name, address, email address and phone number",
                "details of your request, report or application, including photos you upload",
                "payment details: card payments are handled by our payment provider, and we "
                "never see or store your full card number",
                "information about your health, ethnicity or other sensitive information, "
                "only where a service needs it, such as housing",
            ),
            h2("Why we use your information"),
            p(
                "We use your information to provide services and carry out our duties. The law "
                "allows us to do this because:"
            ),
            ul(
                "it is needed to carry out a task in the public interest or our official "
                "duties, for most services",
                "we have a legal obligation, for example for council tax and Freedom of "
                "Information",
                "it is needed for a contract with you, for example a bulky waste collection or "
                "a hall booking",
                "you have given your consent, for example to join a mailing list or accept "
                "analytics cookies",
            ),
            h2("Who we share it with"),
            p("We only share your information when we need to. We may share it with:"),
            ul(
                "contractors who provide services for us, such as waste collection and housing "
                "repairs, who may only use it for that work",
                "other public bodies, such as the police and HM Revenues and Customs, where the "
                "law requires or allows it, including to prevent fraud",
                "your local councillor, if you ask them to help you",
            ),
            p("We do not sell your information or use it for marketing."),
            h2("How long we keep it"),
            p(
                "We keep your information only as long as we need it, as set out in our "
                "retention schedule. For example, we keep records of service requests for 6 "
                "years after they are closed, and council tax records for 6 years after the "
                "end of the financial year."
            ),
            h2("Your rights"),
            p("You have the right to:"),
            ul(
                "ask for a copy of the information we hold about you (a subject access request)",
                "ask us to correct information that is wrong",
                "ask us to delete your information or stop using it, in some circumstances",
                "object to how we use your information",
                "withdraw your consent at any time, where we rely on it",
            ),
            p(
                "We will reply within one month. Contact our Data Protection Officer to use "
                "any of these rights."
            ),
            h2("Cookies"),
            p(a("/cookies/", "Find out how we use cookies") + " and change your settings."),
            h2("Complaints"),
            p(
                "If you are unhappy with how we have used your information, contact our Data "
                "Protection Officer. You can also complain to the "
                + a("https://ico.org.uk/make-a-complaint/", "Information Commissioner’s Office")
                + " on 0303 123 1113."
            ),
        ),
        contact(
            "Data Protection Officer",
            email_address=f"dpo@{DOMAIN}",
            address=ADDRESS,
            heading="Contact our Data Protection Officer",
        ),
        related("your-council/make-a-freedom-of-information-request", "accessibility-statement"),
    )


def contact_us() -> DemoPage:
    return service(
        "contact-us",
        "Contact us",
        "How to contact the council by phone, email, online or in person.",
        "Contact Fernleigh District Council: phone numbers, email, opening hours, the Civic "
        "Centre address and out-of-hours emergency numbers.",
        rich(
            p(
                "You can report, apply for and pay for most things online, at any time. "
                "Go to the service you need for the quickest answer."
            ),
        ),
        warning("If someone is in immediate danger, call 999."),
        contact("Customer services", address=CIVIC_CENTRE, heading="Phone, email or visit us"),
        rich(
            h2("Visit us"),
            p(
                "The Civic Centre is a 5-minute walk from Fernleigh railway station. There is "
                "step-free access, an induction loop and disabled parking at the front."
            ),
            p(
                "You do not need an appointment for council tax, housing and general "
                "questions. For planning and licensing, call to book an appointment."
            ),
            h2("Out-of-hours emergencies"),
            p(f"Call {OUT_OF_HOURS_PHONE} in the evening, at weekends and on bank holidays if:"),
            ul(
                "you are homeless tonight",
                "you are a council tenant and need an emergency repair",
                "a building or structure is dangerous",
                "there is loud noise happening now (Friday and Saturday nights)",
            ),
            h2("Text relay and interpreters"),
            p(
                f"If you are D/deaf or have a speech impairment, dial 18001 then {MAIN_PHONE}. "
                "We can arrange a British Sign Language or community language interpreter."
            ),
        ),
        details(
            "Writing to us",
            p(f"Send letters to {COUNCIL_NAME}, Civic Centre, Station Road, Fernleigh FN1 1AA."),
        ),
        related(
            "your-council/make-a-complaint",
            "your-council/make-a-freedom-of-information-request",
            "your-council/find-your-councillor",
        ),
    )


def demo_pages(today: date) -> list[DemoPage]:
    """Every demo page under the home page, in the order the site tree shows them."""
    return [
        bins_and_recycling(),
        streets_and_roads(),
        housing(),
        planning_and_building_control(),
        environmental_health(),
        licensing(),
        council_tax(today),
        your_council(),
        news_stories(),
        accessibility_statement(today),
        privacy_notice(),
        contact_us(),
    ]
