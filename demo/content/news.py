"""The news section: dated stories over the last few months."""

from __future__ import annotations

from .blocks import DemoPage, contact, h2, inset, news, p, page_link, related, rich, ul
from .teams import PLANNING


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
