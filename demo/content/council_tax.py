"""The "Council tax" section (amounts for the current financial year)."""

from __future__ import annotations

from datetime import date

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
    warning,
)
from .teams import COUNCIL_TAX, financial_year


def council_tax(today: date) -> DemoPage:
    first, second = financial_year(today)
    year = f"1 April {first} to 31 March {second}"
    return index(
        "council-tax",
        "Council tax",
        "Pay your council tax, find your band and charges, and check for discounts.",
        "Pay your Fernleigh council tax online, set up a Direct Debit, check your band and "
        "charges and apply for discounts and exemptions.",
        [
            service(
                "pay-your-council-tax",
                "Pay your council tax",
                "Pay your council tax bill online, by Direct Debit, by phone or at a Post Office.",
                "Pay your Fernleigh District Council council tax online by debit or credit card, "
                "or find other ways to pay.",
                rich(
                    p(
                        "You will need your 8-digit council tax account number. It starts with "
                        "5 and is at the top of your bill."
                    ),
                ),
                start("/forms/pay-council-tax/", "Pay now"),
                rich(
                    h2("Other ways to pay"),
                    ul(
                        page_link("council-tax/set-up-a-direct-debit", "Direct Debit")
                        + ": the easiest way to pay, on the 1st, 8th, 15th or 22nd of the month",
                        "by phone: call our automated line on 01632 960500, at any time",
                        "at a Post Office or PayPoint: use the barcode on your bill",
                        "by bank transfer: our bank details are on the back of your bill, and "
                        "use your account number as the reference",
                    ),
                ),
                warning(
                    "If you miss a payment, we will send a reminder. If you do not pay within "
                    "7 days, you lose the right to pay by instalments."
                ),
                details(
                    "If you are struggling to pay",
                    p(
                        "Contact us as soon as you can. We can spread payments over 12 months "
                        "instead of 10, or agree a payment plan. You may be able to get "
                        + page_link("council-tax/discounts-and-exemptions", "Council Tax Reduction")
                        + "."
                    ),
                ),
                contact(**COUNCIL_TAX),
                related(
                    "council-tax/council-tax-bands-and-charges",
                    "council-tax/discounts-and-exemptions",
                ),
            ),
            service(
                "council-tax-bands-and-charges",
                "Council tax bands and charges",
                f"How much council tax you pay in each band from {year}.",
                "Council tax bands and charges for the Fernleigh district, and what the money "
                "pays for.",
                rich(
                    p(
                        "Your band depends on what your home would have sold for on 1 April "
                        "1991. The Valuation Office Agency sets bands, not the council."
                    ),
                    h2(f"Charges from {year}"),
                    p("These are the yearly charges, not including parish council charges."),
                    ul(
                        "Band A (up to £40,000): £1,476.24",
                        "Band B (£40,001 to £52,000): £1,722.28",
                        "Band C (£52,001 to £68,000): £1,968.32",
                        "Band D (£68,001 to £88,000): £2,214.36",
                        "Band E (£88,001 to £120,000): £2,706.44",
                        "Band F (£120,001 to £160,000): £3,198.52",
                        "Band G (£160,001 to £320,000): £3,690.60",
                        "Band H (over £320,000): £4,428.72",
                    ),
                    h2("Where the money goes"),
                    p("For a Band D home, the yearly charge is shared between:"),
                    ul(
                        "Westmoor County Council: £1,641.42",
                        "Fernleigh District Council: £218.61",
                        "Westmoor Police and Crime Commissioner: £276.20",
                        "Westmoor Fire and Rescue Authority: £78.13",
                    ),
                ),
                inset(
                    p(
                        "Fernleigh District Council keeps about 10p of every pound of council "
                        "tax it collects. It pays for bin collections, street cleaning, "
                        "housing, planning and environmental health."
                    )
                ),
                details(
                    "If you think your band is wrong",
                    p(
                        a(
                            "https://www.gov.uk/challenge-council-tax-band",
                            "Challenge your council tax band",
                        )
                        + " with the Valuation Office Agency. Keep paying while they look at it."
                    ),
                ),
                contact(**COUNCIL_TAX),
                related("council-tax/pay-your-council-tax", "council-tax/discounts-and-exemptions"),
            ),
            service(
                "discounts-and-exemptions",
                "Council tax discounts and exemptions",
                "You might pay less council tax if you live alone, are a student, have a "
                "disability or are on a low income.",
                "Check if you can get a council tax discount, exemption or Council Tax "
                "Reduction in Fernleigh, and how to apply.",
                rich(
                    h2("Discounts"),
                    ul(
                        b("Single person discount")
                        + ": 25% off if you are the only adult (18 or over) living in your home",
                        b("Disabled band reduction")
                        + ": your bill is reduced by one band if your home has been adapted "
                        "for a disabled person",
                        b("Council Tax Reduction")
                        + ": help if you are on a low income or get certain benefits",
                    ),
                    p(
                        "Some people are not counted as adults for council tax, such as "
                        "full-time students, apprentices and carers."
                    ),
                    h2("Exemptions"),
                    p("You do not pay council tax if:"),
                    ul(
                        "everyone in the home is a full-time student",
                        "everyone in the home is under 18",
                        "the home is empty because the person who lived there has died and "
                        "probate has not been granted",
                        "the person who lived there has moved into a care home or hospital",
                    ),
                ),
                start("/forms/council-tax-discount/", "Apply for a discount or exemption"),
                details(
                    "Empty homes and second homes",
                    p(
                        "Homes that have been empty and unfurnished for a year or more pay "
                        "double council tax. Second homes pay double council tax. There are "
                        "some exceptions, for example for homes being sold or let."
                    ),
                ),
                warning(
                    "Tell us within 21 days if your circumstances change and you should no longer "
                    "get a discount. You could be fined £70 if you do not."
                ),
                contact(**COUNCIL_TAX),
                related(
                    "council-tax/council-tax-bands-and-charges",
                    "council-tax/pay-your-council-tax",
                ),
            ),
            service(
                "set-up-a-direct-debit",
                "Set up a Direct Debit for council tax",
                "Pay your council tax automatically, in 10 or 12 monthly instalments.",
                "Set up or change a Direct Debit to pay your Fernleigh council tax, and choose "
                "your payment date.",
                rich(
                    p("You can choose:"),
                    ul(
                        "to pay on the 1st, 8th, 15th or 22nd of the month",
                        "to pay in 10 monthly instalments (April to January) or 12 (April to "
                        "March)",
                    ),
                    p("You will need:"),
                    ul(
                        "your council tax account number",
                        "the name, sort code and account number of the bank account you are "
                        "paying from",
                    ),
                    p(
                        "We will write to confirm your payment dates. Your first payment will "
                        "be at least 10 working days after you set it up."
                    ),
                ),
                start("/forms/council-tax-direct-debit/", "Set up a Direct Debit"),
                inset(
                    p(
                        "Council tenants can also set up a Direct Debit or a payment "
                        "arrangement for rent in their account."
                    )
                ),
                details(
                    "The Direct Debit Guarantee",
                    p(
                        "If we make an error in the payment of your Direct Debit, you are "
                        "entitled to a full and immediate refund from your bank. You can cancel "
                        "a Direct Debit at any time by contacting your bank."
                    ),
                ),
                contact(**COUNCIL_TAX),
                related("council-tax/pay-your-council-tax"),
            ),
        ],
    )
