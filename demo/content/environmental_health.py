"""The "Environmental health" section."""

from __future__ import annotations

from .blocks import (
    DemoPage,
    a,
    contact,
    details,
    h2,
    index,
    inset,
    ol,
    p,
    related,
    rich,
    service,
    start,
    warning,
)
from .teams import ENV_HEALTH


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
