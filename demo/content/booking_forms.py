"""The definitions of the demo's booking and payment eForms (loaded by `demo/bookings.py`), in the
shape their StreamField stores, with each form's fee and payment service.

A booking question names its hall or room by `Resource("slug")`; the loader swaps that for the
resource's id, as the snippet chooser stores it. Prices are in pounds, as an editor types them.
"""

from dataclasses import dataclass

from .eforms import options, q, your_details

# A building control or planning application reference, for example "BC/2026/0142".
REFERENCE_PATTERN = r"[A-Za-z]{2}/\d{4}/\d{4}"


@dataclass(frozen=True)
class Resource:
    """A bookable resource, by slug, in a booking question's `resource`."""

    slug: str


def item(value: str, label: str, price: str, max_quantity: int) -> dict:
    return {"value": value, "label": label, "price": price, "max_quantity": max_quantity}


def slot(key: str, label: str, kind: str, *, hint: str = "", **value) -> dict:
    """A booking question (`resource` and `quantity_from` are optional)."""
    return {
        "type": "booking_slot",
        "value": {
            "key": key,
            "label": label,
            "hint": hint,
            "resource_kind": kind,
            "resource": value.get("resource"),
            "resource_from": value.get("resource_from", ""),
            "quantity_from": value.get("quantity_from", ""),
        },
    }


def contact_details(hint: str) -> dict:
    """Name, email and phone, with the phone's hint saying why we may call."""
    step = your_details()
    step["fields"][2]["value"]["hint"] = hint
    return step


BULKY_WASTE_ITEMS = [
    item("fridge", "Fridge or freezer", "25.00", 2),
    item("washing-machine", "Washing machine or dishwasher", "15.00", 2),
    item("sofa", "Sofa or armchair", "20.00", 2),
    item("mattress", "Mattress", "15.00", 3),
    item("bed", "Bed frame", "15.00", 2),
    item("wardrobe", "Wardrobe or chest of drawers", "20.00", 2),
    item("table", "Table", "10.00", 2),
    item("chairs", "Dining or office chair", "5.00", 6),
    item("bike", "Bicycle", "10.00", 2),
]

PLANNING_DOCUMENTS = [
    item("decision-notice", "Decision notice", "25.00", 1),
    item("approved-plan", "Approved plan (each plan)", "10.00", 20),
    item("completion-certificate", "Building regulations completion certificate", "30.00", 1),
    item("certified-copy", "Certified copy (each document to certify)", "15.00", 22),
]

# The halls residents book online: the answer's value is the resource's slug, and the booking
# question offers the chosen hall's times (its `resource_from`).
HALLS = [
    {"label": "Meadowbank Community Centre, main hall", "value": "meadowbank-main-hall"},
    {"label": "Ashby Cross Village Hall", "value": "ashby-cross-village-hall"},
]


FORMS = [
    {
        "slug": "book-a-bulky-waste-collection",
        "title": "Book a bulky waste collection",
        "case_type": "bulky-waste",
        "payment_service": "Bulky waste collections",
        "fee": "0",
        "fee_label": "",
        "deposit": "0",
        "intro": "<p>Book and pay for us to collect large household items, such as furniture "
        "and white goods. It takes about 5 minutes.</p><p>You will need a debit or credit card. "
        "You will see the total price and the dates we have left before you pay.</p>",
        "confirmation_text": "<p>We will collect your items on the date you booked, from 7am. "
        "Leave them outside the front of your home, where the crew can see them.</p><p>You can "
        "cancel in your account up to 2pm the day before the collection and get a full refund."
        "</p>",
        "steps": [
            {
                "key": "address",
                "title": "Where should we collect from?",
                "fields": [
                    q(
                        "uk_address",
                        "address",
                        "Where should we collect from?",
                        prefill="address",
                        is_location=True,
                        hint="We can only collect from homes in the Fernleigh district.",
                    ),
                ],
            },
            {
                "key": "items",
                "title": "What do you want us to collect?",
                "fields": [
                    q(
                        "priced_items",
                        "items",
                        "What do you want us to collect?",
                        hint="Enter how many of each item. Enter 0 for items you do not need "
                        "us to collect.",
                        required_message="Enter how many items you want us to collect",
                        items=BULKY_WASTE_ITEMS,
                    ),
                ],
            },
            {
                "key": "date",
                "title": "Choose a collection date",
                "fields": [
                    slot(
                        "collection_date",
                        "Choose a collection date",
                        "collection_round",
                        hint="We collect from 7am. Put your items out the night before.",
                        quantity_from="items",
                    ),
                ],
            },
            contact_details("In case the crew cannot find your items."),
        ],
    },
    {
        "slug": "hire-a-community-hall",
        "title": "Hire a community hall",
        "case_type": "hall-hire",
        "payment_service": "Community hall hire",
        "fee": "50.00",
        "fee_label": "Hall hire (2 hours)",
        "deposit": "100.00",
        "intro": "<p>Book the main hall at Meadowbank Community Centre or Ashby Cross Village Hall "
        "for 2 hours for a party, "
        "meeting or class. It costs £50, plus a £100 deposit that we return after your "
        "booking.</p><p>We confirm your "
        "booking within 3 working days. If we cannot accept it, we refund you in full.</p>",
        "confirmation_text": "<p>We will check your booking and email you within 3 working "
        "days to confirm it. If we cannot accept it, we will refund you in full.</p><p>We "
        "return your deposit within 10 working days of the hire, as long as the hall is left "
        "clean and undamaged.</p><p>You can cancel in your account up to 3 days before the "
        "hire and get a full refund.</p>",
        "steps": [
            {
                "key": "hall",
                "title": "Which hall do you want to hire?",
                "fields": [
                    q(
                        "single_choice",
                        "hall",
                        "Which hall do you want to hire?",
                        options=HALLS,
                        required_message="Select the hall you want to hire",
                    )
                ],
            },
            {
                "key": "date",
                "title": "Choose a date and time",
                "fields": [
                    slot(
                        "hall_slot",
                        "Choose a date and time",
                        "room",
                        hint="Each booking is for 2 hours, including setting up and clearing away.",
                        resource_from="hall",
                    )
                ],
            },
            {
                "key": "event",
                "title": "About your event",
                "fields": [
                    q(
                        "long_text",
                        "purpose",
                        "What is the booking for?",
                        max_length=500,
                        hint="For example, a children's party or a community group meeting.",
                        required_message="Enter what the booking is for",
                    ),
                    q(
                        "number",
                        "guests",
                        "How many people will come?",
                        min_value=1,
                        max_value=120,
                        required_message="Enter how many people will come",
                    ),
                    q(
                        "yes_no",
                        "alcohol",
                        "Will alcohol be sold?",
                        required_message="Select yes if alcohol will be sold",
                    ),
                ],
            },
            contact_details("In case we need to ask about your booking."),
        ],
    },
    {
        "slug": "book-a-building-control-inspection",
        "title": "Book a building control inspection",
        "case_type": "building-control-inspection",
        "payment_service": "",
        "fee": "0",
        "fee_label": "",
        "deposit": "0",
        "intro": "<p>Book an inspection when building work reaches a stage we need to check. "
        "You will need your building control application reference.</p><p>There is no charge: "
        "inspections are included in your application fee.</p>",
        "confirmation_text": "<p>Your inspection is booked. The inspector will call you about "
        "30 minutes before they arrive.</p><p>Do not cover up the work until it has been "
        "inspected.</p>",
        "steps": [
            {
                "key": "reference",
                "title": "What is your application reference?",
                "fields": [
                    q(
                        "short_text",
                        "application_reference",
                        "What is your building control application reference?",
                        hint="For example BC/2026/0142. It is on the letter or email we sent "
                        "when you applied.",
                        max_length=20,
                        pattern=REFERENCE_PATTERN,
                        pattern_message="Enter the application reference in the format "
                        "BC/2026/0142",
                        required_message="Enter your application reference",
                    ),
                ],
            },
            {
                "key": "site",
                "title": "Where is the building work?",
                "fields": [
                    q(
                        "uk_address",
                        "site_address",
                        "Where is the building work?",
                        is_location=True,
                    ),
                ],
            },
            {
                "key": "stage",
                "title": "What do you need inspected?",
                "fields": [
                    q(
                        "single_choice",
                        "stage",
                        "What do you need inspected?",
                        options=options(
                            "Start of work",
                            "Foundation excavations",
                            "Damp proof course",
                            "Drains",
                            "Insulation and structure",
                            "Completion",
                        ),
                        required_message="Select what you need inspected",
                    ),
                ],
            },
            {
                "key": "slot",
                "title": "Choose an inspection time",
                "fields": [
                    slot(
                        "inspection_slot",
                        "Choose an inspection time",
                        "inspection",
                        hint="The first inspector free at that time will visit.",
                    ),
                ],
            },
            contact_details("The inspector will call you before they arrive."),
        ],
    },
    {
        "slug": "request-planning-documents",
        "title": "Request copies of planning documents",
        "case_type": "planning-documents",
        "payment_service": "Planning document copies",
        "fee": "0",
        "fee_label": "",
        "deposit": "0",
        "intro": "<p>Order copies of planning decision notices, approved plans and building "
        "regulations completion certificates. You pay when you order.</p>",
        "confirmation_text": "<p>We will email the documents within 10 working days, or post "
        "certified copies to you.</p>",
        "steps": [
            {
                "key": "reference",
                "title": "What is the application reference?",
                "fields": [
                    q(
                        "short_text",
                        "application_reference",
                        "What is the planning application reference?",
                        hint="For example PL/2003/0417.",
                        max_length=20,
                        pattern=REFERENCE_PATTERN,
                        pattern_message="Enter the application reference in the format "
                        "PL/2003/0417",
                        required_message="Enter the application reference",
                    ),
                ],
            },
            {
                "key": "property",
                "title": "Which property is it?",
                "fields": [
                    q(
                        "uk_address",
                        "property_address",
                        "Which property is it?",
                        is_location=True,
                        hint="So we can check we have found the right application.",
                    ),
                ],
            },
            {
                "key": "documents",
                "title": "Which documents do you want?",
                "fields": [
                    q(
                        "priced_items",
                        "documents",
                        "Which documents do you want?",
                        hint="Enter how many of each. Enter 0 for documents you do not need.",
                        required_message="Enter how many of each document you want",
                        items=PLANNING_DOCUMENTS,
                    ),
                ],
            },
            contact_details("In case we need to ask which documents you mean."),
        ],
    },
    {
        "slug": "local-land-charges-search",
        "title": "Order a local land charges search",
        "case_type": "land-charges-search",
        "payment_service": "Local land charges searches",
        "fee": "145.00",
        "fee_label": "Official search (LLC1 and CON29)",
        "deposit": "0",
        "intro": "<p>Order an official local authority search (LLC1 and CON29) for a property "
        "in the Fernleigh district. It costs £145.</p><p>You will need to upload your completed "
        "LLC1 and CON29 forms and a plan with the property outlined in red.</p>",
        "confirmation_text": "<p>We return most searches within 10 working days. We will email "
        "the results to the address you gave.</p>",
        "steps": [
            {
                "key": "property",
                "title": "Which property is the search for?",
                "fields": [
                    q(
                        "uk_address",
                        "property_address",
                        "Which property is the search for?",
                        is_location=True,
                    ),
                ],
            },
            {
                "key": "forms",
                "title": "Upload your search forms",
                "fields": [
                    q(
                        "file_upload",
                        "search_forms",
                        "Upload your completed LLC1 and CON29 forms",
                        max_files=2,
                        max_size_mb=10,
                        file_kinds=["pdf"],
                        hint="PDF files, each smaller than 10MB.",
                    ),
                    q(
                        "file_upload",
                        "plan",
                        "Upload a plan with the property outlined in red",
                        max_files=1,
                        max_size_mb=10,
                        file_kinds=["pdf", "jpeg", "png"],
                        hint="A PDF, JPG or PNG file smaller than 10MB.",
                    ),
                ],
            },
            your_details(
                q(
                    "short_text",
                    "firm",
                    "Firm or company (optional)",
                    required=False,
                    max_length=200,
                    hint="If you are a conveyancer, the firm you work for.",
                ),
            ),
        ],
    },
    {
        "slug": "street-trading-consent",
        "title": "Apply for street trading consent",
        "case_type": "street-trading",
        "payment_service": "Street trading licences",
        "fee": "95.00",
        "fee_label": "Street trading application fee",
        "deposit": "0",
        "intro": "<p>Apply for consent to sell goods or food from a street, lay-by or other "
        "public place. The application fee is £95 and is not refunded if we refuse.</p><p>If "
        "we grant consent, we will ask you to pay the consent fee before you start trading.</p>",
        "confirmation_text": "<p>We will consult the police and the county highways team, "
        "which takes about 28 days, and then email you our decision.</p><p>Do not start "
        "trading until you have consent.</p>",
        "steps": [
            {
                "key": "trading",
                "title": "Where and what will you sell?",
                "fields": [
                    q(
                        "long_text",
                        "trading_location",
                        "Where do you want to trade?",
                        is_location=True,
                        max_length=500,
                        hint="Give the street or lay-by and the nearest landmark.",
                        required_message="Enter where you want to trade",
                    ),
                    q(
                        "long_text",
                        "goods",
                        "What will you sell?",
                        max_length=500,
                        required_message="Enter what you will sell",
                    ),
                ],
            },
            {
                "key": "period",
                "title": "How long do you want consent for?",
                "fields": [
                    q(
                        "single_choice",
                        "period",
                        "How long do you want consent for?",
                        options=options("12 months", "6 months", "1 day"),
                        required_message="Select how long you want consent for",
                    ),
                    q(
                        "date",
                        "start_date",
                        "When do you want to start trading?",
                        rule="future",
                        hint="At least 28 days from today, for example 27 3 2027",
                        required_message="Enter when you want to start trading",
                    ),
                ],
            },
            your_details(
                q(
                    "short_text",
                    "business_name",
                    "Business name (optional)",
                    required=False,
                    max_length=200,
                ),
            ),
            {
                "key": "declaration",
                "title": "Declaration",
                "fields": [
                    q(
                        "declaration",
                        "declaration",
                        "Declaration",
                        statement="I confirm that I have public liability insurance of at "
                        "least £5 million and that the information I have given is true",
                        required_message="Select the box to confirm the declaration",
                    ),
                ],
            },
        ],
    },
]

FORM_SLUGS = frozenset(form["slug"] for form in FORMS)
