"""The "Streets and roads" section."""

from __future__ import annotations

from .blocks import (
    DemoPage,
    a,
    contact,
    details,
    h2,
    index,
    inset,
    p,
    related,
    rich,
    service,
    start,
    ul,
    warning,
)
from .teams import STREETS


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
