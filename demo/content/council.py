"""Fernleigh District Council itself: its name and contact details, the council settings, the
home page, the site-wide alert and the demo accounts (whose passwords are public)."""

from __future__ import annotations

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
