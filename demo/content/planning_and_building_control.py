"""The "Planning and building control" section, with a guide and a step by step."""

from __future__ import annotations

from .blocks import (
    DemoPage,
    a,
    b,
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
    step,
    step_by_step,
    ul,
)
from .teams import BUILDING_CONTROL, LAND_CHARGES, PLANNING


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
                    p("You can book an inspection from the next working day."),
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
                start("/forms/book-a-building-control-inspection/"),
                inset(
                    p(
                        "You choose the time when you book. The inspector will call you about "
                        "30 minutes before they arrive."
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
                        "certified copy: £15 extra for each document you want certified",
                    ),
                    p(
                        "You pay when you order. We email the documents within 10 working days, "
                        "or post certified copies."
                    ),
                ),
                start("/forms/request-planning-documents/"),
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
                    p("An official search (LLC1 and CON29 together) costs £145."),
                    p(
                        "Upload your LLC1 and CON29 forms and a plan with the property outlined "
                        "in red, then pay. We return most searches within 10 working days."
                    ),
                    p(
                        "For an LLC1 search on its own (£25) or optional CON29O enquiries (£18 "
                        "each), email us."
                    ),
                ),
                start("/forms/local-land-charges-search/"),
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
