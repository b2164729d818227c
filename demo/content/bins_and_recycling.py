"""The "Bins and recycling" section."""

from __future__ import annotations

from .blocks import (
    DemoPage,
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
    step,
    step_by_step,
    ul,
    warning,
)
from .teams import WASTE


def bins_and_recycling() -> DemoPage:
    return index(
        "bins-and-recycling",
        "Bins and recycling",
        "Collection days, missed bins, bulky waste and what goes in each bin.",
        "Find your bin collection day, report a missed bin or book a bulky waste collection "
        "in Fernleigh.",
        [
            service(
                "report-a-missed-bin",
                "Report a missed bin",
                "Tell us if we did not empty your bin on your collection day.",
                "Report a missed rubbish, recycling, food or garden waste collection in the "
                "Fernleigh district online.",
                rich(
                    p(
                        "You can report a missed collection for your general rubbish, recycling, "
                        "food waste or garden waste bin."
                    ),
                    p("Before you report a missed bin, check that:"),
                    ul(
                        "it was your "
                        + page_link(
                            "bins-and-recycling/find-your-bin-collection-day", "collection day"
                        ),
                        "your bin was at the edge of your property by 6:30am",
                        "the lid was closed and nothing was piled on top or beside it",
                        "the crew did not leave a tag on the bin explaining why it was not emptied",
                    ),
                    p(
                        "Report it by 5pm on the working day after your collection day. "
                        "We will collect it within 2 working days. Leave your bin out until we do."
                    ),
                ),
                start("/forms/report-a-missed-bin/"),
                inset(
                    p(
                        "If someone at your address has already reported the same missed "
                        "collection, we add your report to theirs and tell you both when the bin "
                        "is emptied."
                    )
                ),
                details(
                    "Why a crew might not empty a bin",
                    p("The crew will tag your bin and not empty it if:"),
                    ul(
                        "it has the wrong things in it, for example food in the recycling",
                        "it is too heavy to lift safely",
                        "the lid does not close because it is overfilled",
                        "a parked car blocked the road and the lorry could not get through",
                    ),
                    p(
                        "Tagged bins are not missed collections. Sort the contents and put the "
                        "bin out on your next collection day."
                    ),
                ),
                contact(**WASTE),
                related(
                    "bins-and-recycling/find-your-bin-collection-day",
                    "bins-and-recycling/book-a-bulky-waste-collection",
                    "streets-and-roads/report-fly-tipping",
                ),
            ),
            service(
                "book-a-bulky-waste-collection",
                "Book a bulky waste collection",
                "We collect large household items such as furniture, mattresses and fridges "
                "for a fee.",
                "Book and pay for a bulky waste collection of furniture, white goods and other "
                "large household items in Fernleigh.",
                rich(
                    p(
                        "We can collect up to 10 large items from your home, such as sofas, "
                        "beds, mattresses, wardrobes, washing machines and fridges."
                    ),
                    h2("Prices"),
                    ul(
                        "fridge or freezer: £25",
                        "sofa, armchair, wardrobe or chest of drawers: £20",
                        "mattress, bed frame, washing machine or dishwasher: £15",
                        "table or bicycle: £10",
                        "dining or office chair: £5",
                    ),
                    p("If you get Council Tax Reduction, you pay half price: call us to book."),
                    h2("Before you book"),
                    p("Have ready:"),
                    ul(
                        "a list of the items you want collected",
                        "a debit or credit card to pay",
                        "details of where the items will be left",
                    ),
                    p(
                        "You will see the total price and choose from the dates we have left "
                        "before you pay. We collect on weekdays, from 7am."
                    ),
                ),
                start("/forms/book-a-bulky-waste-collection/"),
                warning(
                    "We cannot collect building rubble, car parts, tyres, gas bottles, paint or "
                    "garden waste. Take them to a household waste recycling centre."
                ),
                details(
                    "Changing or cancelling your booking",
                    p(
                        "You can cancel up to 2pm on the day before your collection and get "
                        "a full refund. Sign in to your account to cancel, or call us."
                    ),
                    p("We cannot give refunds for cancellations after this time."),
                ),
                contact(**WASTE),
                related(
                    "bins-and-recycling/find-your-bin-collection-day",
                    "streets-and-roads/report-fly-tipping",
                ),
            ),
            service(
                "find-your-bin-collection-day",
                "Find your bin collection day",
                "Check which day we collect your rubbish, recycling, food and garden waste.",
                "Enter your postcode to find your bin collection days in the Fernleigh district "
                "and which bin goes out each week.",
                rich(
                    p(
                        "Enter your postcode and choose your address to see your next "
                        "collections. You can add them to your phone or computer calendar."
                    ),
                ),
                start("/forms/find-your-bin-collection-day/", "Find your collection day"),
                rich(
                    h2("What we collect and when"),
                    ul(
                        b("Grey bin")
                        + " for general rubbish: every 2 weeks, on the same day as your "
                        "recycling but in alternate weeks",
                        b("Blue bin") + " for recycling: every 2 weeks",
                        b("Food caddy") + ": every week",
                        b("Green bin")
                        + " for garden waste: every 2 weeks from March to November, if you "
                        "subscribe (£52 a year)",
                    ),
                    p("Put your bins out by 6:30am and bring them in by the end of the day."),
                ),
                inset(
                    p(
                        b("Christmas and New Year: ")
                        + "collections move by up to 2 days. Your collection calendar shows "
                        "the changed dates."
                    )
                ),
                details(
                    "If you find it hard to put your bins out",
                    p(
                        "If nobody in your home can move a bin to the kerb because of age, "
                        "disability or ill health, we can collect it from your property. "
                        "Call us to ask for an assisted collection."
                    ),
                ),
                contact(**WASTE),
                related(
                    "bins-and-recycling/report-a-missed-bin",
                    "bins-and-recycling/moving-home-bins-and-council-tax",
                ),
            ),
            step_by_step(
                "moving-home-bins-and-council-tax",
                "Moving home: bins and council tax",
                "What to tell the council, and when, if you move into, out of or within the "
                "Fernleigh district.",
                "Moving home in Fernleigh: update your council tax, set up payments and sort "
                "out bins and garden waste, step by step.",
                step(
                    "Tell us you are moving",
                    p(
                        "Tell us the date you move and your new address at least 2 weeks "
                        "before you move. We will send a final bill for your old home and a new "
                        "bill if you are staying in the district."
                    ),
                    p(page_link("council-tax/pay-your-council-tax", "Pay your council tax")),
                ),
                step(
                    "Set up payments for your new home",
                    p(
                        "Your Direct Debit does not move with you. "
                        + page_link(
                            "council-tax/set-up-a-direct-debit", "Set up a new Direct Debit"
                        )
                        + " once you have your new council tax account number."
                    ),
                ),
                step(
                    "Check whether you can get a discount",
                    p(
                        "If you will live alone, you may get 25% off. "
                        + page_link(
                            "council-tax/discounts-and-exemptions",
                            "Check council tax discounts and exemptions",
                        )
                        + "."
                    ),
                    logic="and",
                ),
                step(
                    "Find your new bin collection day",
                    p(
                        "Bins belong to the property, so leave them for the next people. "
                        + page_link(
                            "bins-and-recycling/find-your-bin-collection-day",
                            "Find your bin collection day",
                        )
                        + " at your new address."
                    ),
                ),
                step(
                    "Move your garden waste subscription",
                    p(
                        "If you subscribe to garden waste collections and are moving within the "
                        "district, call us and we will move your subscription to your new "
                        "address at no cost."
                    ),
                ),
            ),
        ],
    )
