"""The "Licensing" section."""

from __future__ import annotations

from .blocks import (
    DemoPage,
    contact,
    details,
    guide,
    h2,
    index,
    inset,
    p,
    page_link,
    part,
    related,
    rich,
    service,
    start,
    ul,
    warning,
)
from .teams import CIVIC_CENTRE, LICENSING


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
                    p(
                        "You pay a £95 application fee when you apply. It is not refunded if "
                        "we refuse. If we grant consent, you then pay the consent fee:"
                    ),
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
                start("/forms/street-trading-consent/"),
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
