"""The definitions of the demo eForms (loaded by `demo/forms.py`), in the shape their StreamField
stores."""

from django.utils.text import slugify


def q(kind: str, key: str, label: str, **value) -> dict:
    return {"type": kind, "value": {"key": key, "label": label, "required": True, **value}}


def options(*labels: str) -> list[dict]:
    return [{"label": label, "value": slugify(label)} for label in labels]


def your_details(*extra: dict) -> dict:
    return {
        "key": "your-details",
        "title": "Your details",
        "fields": [
            q(
                "short_text",
                "name",
                "Full name",
                prefill="name",
                max_length=200,
                required_message="Enter your full name",
            ),
            q(
                "email",
                "email",
                "Email address",
                prefill="email",
                hint="We will email you your reference number and tell you what we did.",
                required_message="Enter your email address",
            ),
            q(
                "uk_phone",
                "phone",
                "Phone number (optional)",
                prefill="phone",
                required=False,
                hint="In case we need to ask you about your report.",
            ),
            *extra,
        ],
    }


def photos(label="Upload photos (optional)") -> dict:
    return {
        "key": "photos",
        "title": "Photos",
        "fields": [
            q(
                "file_upload",
                "photos",
                label,
                required=False,
                max_files=3,
                max_size_mb=10,
                file_kinds=["jpeg", "png", "heic"],
                hint="You can add up to 3 photos, each smaller than 10MB (JPG, PNG or HEIC).",
            ),
        ],
    }


FORMS = [
    {
        "slug": "report-fly-tipping",
        "title": "Report fly-tipping",
        "case_type": "fly-tipping",
        "intro": "<p>Tell us about rubbish dumped on public land, such as a road, pavement, park "
        "or alleyway. It takes about 5 minutes.</p><p>Do not touch anything that might be "
        "hazardous.</p>",
        "confirmation_text": "<p>We will inspect the site within 5 working days and arrange for "
        "the rubbish to be cleared. We may investigate who dumped it.</p><p>We will email you "
        "when the case is updated.</p>",
        "steps": [
            {
                "key": "location",
                "title": "Where is the fly-tipping?",
                "fields": [
                    q(
                        "long_text",
                        "location",
                        "Where is the fly-tipping?",
                        is_location=True,
                        max_length=500,
                        hint="Give the street name and the nearest house number or landmark.",
                        required_message="Enter where the fly-tipping is",
                    ),
                    q(
                        "long_text",
                        "location_details",
                        "Anything else that will help us find it (optional)",
                        required=False,
                        max_length=500,
                    ),
                ],
            },
            {
                "key": "waste",
                "title": "What has been dumped?",
                "fields": [
                    q(
                        "multiple_choice",
                        "waste_types",
                        "What has been dumped?",
                        hint="Select all that apply.",
                        options=options(
                            "Household rubbish bags",
                            "Furniture",
                            "Mattresses",
                            "Electrical items",
                            "Tyres",
                            "Building rubble",
                            "Garden waste",
                            "Something else",
                        ),
                        required_message="Select what has been dumped",
                    ),
                ],
            },
            {
                "key": "hazardous",
                "title": "Is anything hazardous?",
                "fields": [
                    q(
                        "yes_no",
                        "hazardous",
                        "Is anything hazardous?",
                        hint="For example asbestos, chemicals, needles or gas bottles.",
                        required_message="Select yes if anything is hazardous",
                    ),
                ],
            },
            {
                "key": "hazard",
                "title": "Tell us about the hazard",
                "condition_key": "hazardous",
                "condition_value": "yes",
                "fields": [
                    q(
                        "long_text",
                        "hazard_details",
                        "What is hazardous about it?",
                        max_length=500,
                        required_message="Describe what is hazardous",
                    ),
                ],
            },
            photos(),
            your_details(),
        ],
    },
    {
        "slug": "report-street-furniture",
        "title": "Report damaged street furniture",
        "case_type": "street-furniture",
        "intro": "<p>Report a broken bench, bin, bollard, street sign, railing or bus shelter."
        "</p><p>If it is an emergency, such as a fallen sign blocking the road, call us on "
        "01632 960999.</p>",
        "confirmation_text": "<p>We will inspect it within 5 working days and make it safe. "
        "Repairs may take longer if we need to order parts.</p>",
        "steps": [
            {
                "key": "item",
                "title": "What is damaged?",
                "fields": [
                    q(
                        "single_choice",
                        "item",
                        "What is damaged?",
                        options=options(
                            "Bench",
                            "Litter or dog waste bin",
                            "Bollard",
                            "Street sign",
                            "Railings or fence",
                            "Bus shelter",
                            "Something else",
                        ),
                        required_message="Select what is damaged",
                    ),
                ],
            },
            {
                "key": "other-item",
                "title": "What is it?",
                "condition_key": "item",
                "condition_value": "something-else",
                "fields": [
                    q(
                        "short_text",
                        "other_item",
                        "What is damaged?",
                        max_length=100,
                        required_message="Enter what is damaged",
                    ),
                ],
            },
            {
                "key": "location",
                "title": "Where is it?",
                "fields": [
                    q(
                        "long_text",
                        "location",
                        "Where is it?",
                        is_location=True,
                        max_length=500,
                        hint="Give the street name and the nearest house number or landmark.",
                        required_message="Enter where it is",
                    ),
                ],
            },
            {
                "key": "damage",
                "title": "About the damage",
                "fields": [
                    q(
                        "long_text",
                        "damage",
                        "Describe the damage",
                        max_length=1000,
                        required_message="Describe the damage",
                    ),
                    q(
                        "yes_no",
                        "dangerous",
                        "Is it dangerous to people or traffic?",
                        required_message="Select yes if it is dangerous",
                    ),
                ],
            },
            photos(),
            your_details(),
        ],
    },
    {
        "slug": "report-noise",
        "title": "Report a noise problem",
        "case_type": "noise",
        "intro": "<p>Tell our Environmental Health team about noise from a home, business, "
        "alarm or building site.</p><p>We do not share your details with the person you "
        "complain about.</p>",
        "confirmation_text": "<p>An Environmental Health officer will contact you within 10 "
        "working days. We may ask you to keep a diary of the noise.</p>",
        "steps": [
            {
                "key": "noise-type",
                "title": "What kind of noise is it?",
                "fields": [
                    q(
                        "single_choice",
                        "noise_type",
                        "What kind of noise is it?",
                        options=options(
                            "Loud music or parties",
                            "Barking dogs",
                            "Alarms",
                            "Building or construction work",
                            "A business or industrial site",
                            "Something else",
                        ),
                        required_message="Select the kind of noise",
                    ),
                ],
            },
            {
                "key": "source",
                "title": "Where is the noise coming from?",
                "fields": [
                    q(
                        "uk_address",
                        "source_address",
                        "Where is the noise coming from?",
                        is_location=True,
                        hint="The address of the home, business or site making the noise.",
                    ),
                ],
            },
            {
                "key": "when",
                "title": "When does it happen?",
                "fields": [
                    q(
                        "date",
                        "started",
                        "When did the noise start?",
                        rule="past",
                        hint="For example, 27 3 2026",
                        required_message="Enter when the noise started",
                    ),
                    q(
                        "long_text",
                        "times",
                        "What days and times does it happen?",
                        max_length=500,
                        required_message="Enter when the noise happens",
                    ),
                    q(
                        "yes_no",
                        "ongoing",
                        "Is it still happening?",
                        required_message="Select yes if it is still happening",
                    ),
                ],
            },
            your_details(
                q(
                    "uk_address",
                    "address",
                    "Your address",
                    prefill="address",
                    hint="So we know where the noise affects you.",
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
                        statement="I confirm that the information I have given is true and that "
                        "I may be asked to give evidence if the case goes to court",
                        required_message="Select the box to confirm the declaration",
                    ),
                ],
            },
        ],
    },
]


# --- Information requests, complaints, compliments and comments ---------------------------------
# Their case types follow the agreed workflows (`information-request`, `complaint`, `feedback`),
# see demo/forms.py.


def contact_details() -> dict:
    """Name and email only: the law asks for a name and an address for the reply."""
    details = your_details()
    details["fields"][1]["value"]["hint"] = (
        "We will send your reference number, our questions and our reply to this address."
    )
    details["fields"][2]["value"]["hint"] = "In case it is quicker to talk to you."
    return details


def information_request(slug: str, title: str, case_type: str, intro: str, example: str) -> dict:
    return {
        "slug": slug,
        "title": title,
        "case_type": case_type,
        "intro": intro,
        "confirmation_text": "<p>We will reply within 20 working days. If we need you to "
        "explain what you are asking for, we will email you: the 20 days start again when you "
        "reply.</p><p>Published replies go in our disclosure log.</p>",
        "steps": [
            {
                "key": "request",
                "title": "What information do you want?",
                "fields": [
                    q(
                        "long_text",
                        "request",
                        "What information do you want?",
                        max_length=5000,
                        hint=f"Be as specific as you can, for example {example}",
                        required_message="Enter the information you want",
                    ),
                    q(
                        "single_choice",
                        "format",
                        "How would you like to get it?",
                        options=options("By email", "On paper, by post"),
                        required_message="Select how you would like to get it",
                    ),
                ],
            },
            contact_details(),
        ],
    }


FEEDBACK_FORMS = [
    information_request(
        "freedom-of-information-request",
        "Make a Freedom of Information request",
        "freedom-of-information-request",
        "<p>Ask for recorded information the council holds. It takes about 5 minutes.</p>"
        "<p>Check our disclosure log first: we may already have published the answer.</p>",
        "“the amount spent on agency staff in each year from 2022 to 2025”.",
    ),
    information_request(
        "environmental-information-request",
        "Make an Environmental Information request",
        "environmental-information-request",
        "<p>Ask for information about the environment: air, water, land, noise, waste, "
        "building works and what the council does that affects them. It takes about 5 "
        "minutes.</p>",
        "“the air quality readings on Station Road in 2025”.",
    ),
    {
        "slug": "make-a-complaint",
        "title": "Make a complaint",
        "case_type": "complaint",
        "intro": "<p>Tell us what went wrong and what you would like us to do. It takes about "
        "10 minutes.</p>",
        "confirmation_text": "<p>We will acknowledge your complaint within 5 working days and "
        "reply within 10 working days.</p>",
        "steps": [
            {
                "key": "service",
                "title": "Which service is your complaint about?",
                "fields": [
                    q(
                        "select",
                        "service",
                        "Which service is your complaint about?",
                        options=options(
                            "Bins and recycling",
                            "Council tax",
                            "Housing",
                            "Planning",
                            "Streets and roads",
                            "Something else",
                        ),
                        required_message="Select the service your complaint is about",
                    ),
                ],
            },
            {
                "key": "complaint",
                "title": "Your complaint",
                "fields": [
                    q(
                        "long_text",
                        "what_happened",
                        "What happened?",
                        max_length=5000,
                        hint="Include dates, and any reference numbers we gave you.",
                        required_message="Enter what happened",
                    ),
                    q(
                        "long_text",
                        "outcome",
                        "What would you like us to do to put it right?",
                        max_length=2000,
                        required_message="Enter what you would like us to do",
                    ),
                ],
            },
            contact_details(),
        ],
    },
    *[
        {
            "slug": slug,
            "title": title,
            "case_type": case_type,
            "intro": intro,
            "confirmation_text": "<p>Thank you. We pass every compliment and comment on to "
            "the team it is about.</p>",
            "steps": [
                {
                    "key": "message",
                    "title": label,
                    "fields": [
                        q(
                            "long_text",
                            "message",
                            label,
                            max_length=3000,
                            hint="Tell us which service or team it is about.",
                            required_message=required,
                        ),
                    ],
                },
                contact_details(),
            ],
        }
        for slug, title, case_type, intro, label, required in (
            (
                "give-a-compliment",
                "Give a compliment",
                "compliment",
                "<p>Tell us when a member of staff or a service did something well.</p>",
                "What would you like to tell us?",
                "Enter your compliment",
            ),
            (
                "make-a-comment",
                "Make a comment",
                "comment",
                "<p>Tell us an idea or a comment about a council service. It is not a "
                "complaint: we will not reply to each comment.</p>",
                "What is your comment?",
                "Enter your comment",
            ),
        )
    ],
]

FORMS = [*FORMS, *FEEDBACK_FORMS]
