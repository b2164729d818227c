"""The "Housing" section."""

from __future__ import annotations

from .blocks import (
    DemoPage,
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
    ul,
    warning,
)
from .teams import CIVIC_CENTRE, HOUSING_OPTIONS, HOUSING_REPAIRS


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
