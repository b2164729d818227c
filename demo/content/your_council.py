"""The "Your council" section: complaints, FOI, councillors, halls."""

from __future__ import annotations

from .blocks import (
    DemoPage,
    a,
    b,
    contact,
    details,
    h2,
    index,
    inset,
    p,
    page_link,
    related,
    rich,
    service,
    start,
    ul,
)
from .teams import CIVIC_CENTRE, COMPLAINTS, DEMOCRATIC, HALLS, INFORMATION


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
                start("/forms/freedom-of-information-request/"),
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
                "make-an-environmental-information-request",
                "Make an Environmental Information request",
                "Ask for information about the environment. We reply within 20 working days.",
                "Make an Environmental Information Regulations (EIR) request to Fernleigh "
                "District Council online: air, water, land, noise, waste and planning.",
                rich(
                    p(
                        "Environmental information includes the state of the air, water, soil "
                        "and land, noise, waste and emissions, and what the council does that "
                        "affects them, such as planning decisions and building works."
                    ),
                    p(
                        "Anyone can ask, and you can ask in writing, by email or by phone. "
                        "Check our disclosure log first."
                    ),
                    h2("How long it takes"),
                    p(
                        "We must reply within 20 working days. For a complex request we may "
                        "take up to 20 working days more, and we will tell you why."
                    ),
                ),
                start("/forms/environmental-information-request/"),
                contact(**INFORMATION),
                related("your-council/make-a-freedom-of-information-request"),
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
                start("/forms/make-a-complaint/"),
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
                "compliments-and-comments",
                "Give a compliment or make a comment",
                "Tell us when we did something well, or share an idea about a service.",
                "Give Fernleigh District Council a compliment about a member of staff or a "
                "service, or make a comment or suggestion.",
                rich(
                    p(
                        "We pass every compliment on to the person or team it is about, and "
                        "read every comment. If you are unhappy with a service, "
                        + page_link("your-council/make-a-complaint", "make a complaint")
                        + " instead."
                    ),
                    h2("Give a compliment"),
                ),
                start("/forms/give-a-compliment/"),
                rich(h2("Make a comment")),
                start("/forms/make-a-comment/"),
                contact(**COMPLAINTS),
                related("your-council/make-a-complaint"),
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
                    h2("Booking online"),
                    p(
                        "You can book the Meadowbank main hall online, for 2 hours at a time: "
                        "£50, plus a £100 deposit. You choose from the dates and times that are "
                        "free and pay when you book. We confirm your booking within 3 working "
                        "days."
                    ),
                    p(
                        "To book Ashby Cross Village Hall, Stoneford Pavilion, the Meadowbank "
                        "meeting room, a longer event or a regular session, call or email us."
                    ),
                ),
                start("/forms/hire-a-community-hall/"),
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
