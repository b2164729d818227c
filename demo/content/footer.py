"""The pages the footer links to: accessibility statement, privacy notice, contact us."""

from __future__ import annotations

from datetime import date, timedelta

from .blocks import (
    DemoPage,
    a,
    contact,
    details,
    email,
    h2,
    h3,
    p,
    page_link,
    related,
    rich,
    service,
    ul,
    warning,
)
from .council import ADDRESS, COUNCIL_NAME, DOMAIN, MAIN_PHONE, OUT_OF_HOURS_PHONE
from .teams import CIVIC_CENTRE, long_date

# --- Footer pages -----------------------------------------------------------------------------


def accessibility_statement(today: date) -> DemoPage:
    tested = today - timedelta(days=45)
    prepared = today - timedelta(days=30)
    fix_by = today + timedelta(days=120)
    return service(
        "accessibility-statement",
        "Accessibility statement",
        "How accessible this website is, how to report a problem and how to get information "
        "in a different format.",
        "Accessibility statement for the Fernleigh District Council website: WCAG 2.2 AA "
        "compliance, known issues and how to report a problem.",
        rich(
            p(
                f"This accessibility statement applies to the {COUNCIL_NAME} website at "
                f"www.{DOMAIN}, including its online forms and your account."
            ),
            p(
                f"This website is run by {COUNCIL_NAME}. We want as many people as possible to "
                "be able to use it. For example, that means you should be able to:"
            ),
            ul(
                "change colours, contrast levels and fonts using browser or device settings",
                "zoom in up to 400% without the text spilling off the screen",
                "navigate most of the website using a keyboard or speech recognition software",
                "listen to most of the website using a screen reader (including the most recent "
                "versions of JAWS, NVDA and VoiceOver)",
            ),
            p("We have also made the text on the website as simple as possible to understand."),
            p(
                a("https://mcmw.abilitynet.org.uk/", "AbilityNet")
                + " has advice on making your device easier to use if you have a disability."
            ),
            h2("How accessible this website is"),
            p("We know some parts of this website are not fully accessible:"),
            ul(
                "the map on our street reporting forms cannot be moved using a keyboard alone",
                "some older PDF documents are not fully accessible to screen reader software",
                "some images in older news stories do not have a text alternative",
            ),
            h2("Feedback and contact information"),
            p(
                "If you need information on this website in a different format, like "
                "accessible PDF, large print, easy read, audio recording or braille:"
            ),
            ul(
                "email " + email(f"accessibility@{DOMAIN}"),
                f"call {MAIN_PHONE}",
            ),
            p("We will consider your request and get back to you within 5 working days."),
            h2("Reporting accessibility problems with this website"),
            p(
                "We are always looking to improve the accessibility of this website. If you "
                "find any problems not listed on this page or think we are not meeting "
                "accessibility requirements, email "
                + email(f"accessibility@{DOMAIN}")
                + " or call "
                + MAIN_PHONE
                + "."
            ),
            h2("Enforcement procedure"),
            p(
                "The Equality and Human Rights Commission (EHRC) is responsible for enforcing "
                "the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                "Accessibility Regulations 2018 (the ‘accessibility regulations’). If you are "
                "not happy with how we respond to your complaint, "
                + a(
                    "https://www.equalityadvisoryservice.com/",
                    "contact the Equality Advisory and Support Service (EASS)",
                )
                + "."
            ),
            h2("Contacting us by phone or visiting us in person"),
            p(
                "We provide a text relay service for people who are D/deaf, hearing impaired or "
                "have a speech impediment. Dial 18001 then "
                + MAIN_PHONE
                + ". Our offices have audio induction loops, or if you contact us before your "
                "visit we can arrange a British Sign Language (BSL) interpreter."
            ),
            p(page_link("contact-us", "Find out how to contact us") + "."),
            h2("Technical information about this website’s accessibility"),
            p(
                f"{COUNCIL_NAME} is committed to making its website accessible, in accordance "
                "with the Public Sector Bodies (Websites and Mobile Applications) (No. 2) "
                "Accessibility Regulations 2018."
            ),
            h3("Compliance status"),
            p(
                "This website is partially compliant with the "
                + a(
                    "https://www.w3.org/TR/WCAG22/",
                    "Web Content Accessibility Guidelines version 2.2",
                )
                + " AA standard, due to the non-compliances listed below."
            ),
            h2("Non-accessible content"),
            p("The content listed below is non-accessible for the following reasons."),
            h3("Non-compliance with the accessibility regulations"),
            ul(
                "The map on the forms for reporting fly-tipping, damaged street furniture and "
                "grass cutting cannot be moved or zoomed using a keyboard alone. This fails "
                "WCAG 2.2 success criterion 2.1.1 (Keyboard). You can always describe the "
                "location or give an address instead of using the map. We plan to fix this by "
                f"{long_date(fix_by)}.",
                "Some committee papers published as PDF documents do not have headings marked "
                "up, so screen reader users cannot move around them easily. This fails WCAG "
                "2.2 success criterion 1.3.1 (Info and Relationships). We are replacing them "
                f"with accessible versions by {long_date(fix_by)}.",
                "Some images in news stories published before 2024 do not have a text "
                "alternative, so people using a screen reader cannot access the information. "
                "This fails WCAG 2.2 success criterion 1.1.1 (Non-text Content). We are adding "
                f"text alternatives by {long_date(fix_by)}.",
            ),
            h3("Disproportionate burden"),
            p(
                "We are not claiming that any accessibility problems would be a "
                "disproportionate burden to fix."
            ),
            h3("Content that’s not within the scope of the accessibility regulations"),
            p(
                "Many of our older PDFs and Word documents do not meet accessibility standards. "
                "The accessibility regulations do not require us to fix PDFs or other documents "
                "published before 23 September 2018 if they are not essential to providing our "
                "services. Any new PDFs or Word documents we publish will meet accessibility "
                "standards."
            ),
            p(
                "We do not plan to add captions to live video streams of council meetings, "
                "because live video is exempt from meeting the accessibility regulations. "
                "Recordings of meetings are published with captions within 10 working days."
            ),
            h2("What we’re doing to improve accessibility"),
            p(
                "We check new pages and forms with automated tools and by hand before we "
                "publish them, and we include disabled residents in research when we design "
                "new online services."
            ),
            h2("Preparation of this accessibility statement"),
            p(
                f"This statement was prepared on {long_date(prepared)}. It was last reviewed on "
                f"{long_date(prepared)}."
            ),
            p(
                f"This website was last tested on {long_date(tested)} against the WCAG 2.2 AA "
                "standard. The test was carried out by the council’s digital team. We tested "
                "the home page, a sample of service pages and guides, every online form and "
                "the account pages, using automated tools, keyboard-only navigation, screen "
                "magnification and the NVDA and VoiceOver screen readers."
            ),
        ),
        contact(
            "Digital team",
            email_address=f"accessibility@{DOMAIN}",
            heading="Report an accessibility problem",
        ),
    )


def privacy_notice() -> DemoPage:
    return service(
        "privacy-notice",
        "Privacy notice",
        "How the council collects, uses and protects your personal information, and your rights.",
        "How Fernleigh District Council uses your personal data, who we share it with, how "
        "long we keep it and your data protection rights.",
        rich(
            p(
                f"{COUNCIL_NAME} is the data controller for the personal information you give "
                "us. We are registered with the Information Commissioner’s Office (ICO), "
                "registration number Z7654321."
            ),
            p(
                "Some services have their own privacy notice with more detail. You will see a "
                "link to it when you use the service."
            ),
            h2("What information we collect"),
            p("Depending on the service, we may collect:"),
            ul(
                "your name, address, email address and phone number",
                "details of your request, report or application, including photos you upload",
                "payment details: card payments are handled by our payment provider, and we "
                "never see or store your full card number",
                "information about your health, ethnicity or other sensitive information, "
                "only where a service needs it, such as housing",
            ),
            h2("Why we use your information"),
            p(
                "We use your information to provide services and carry out our duties. The law "
                "allows us to do this because:"
            ),
            ul(
                "it is needed to carry out a task in the public interest or our official "
                "duties, for most services",
                "we have a legal obligation, for example for council tax and Freedom of "
                "Information",
                "it is needed for a contract with you, for example a bulky waste collection or "
                "a hall booking",
                "you have given your consent, for example to join a mailing list or accept "
                "analytics cookies",
            ),
            h2("Who we share it with"),
            p("We only share your information when we need to. We may share it with:"),
            ul(
                "contractors who provide services for us, such as waste collection and housing "
                "repairs, who may only use it for that work",
                "other public bodies, such as the police and HM Revenues and Customs, where the "
                "law requires or allows it, including to prevent fraud",
                "your local councillor, if you ask them to help you",
            ),
            p("We do not sell your information or use it for marketing."),
            h2("How long we keep it"),
            p(
                "We keep your information only as long as we need it, as set out in our "
                "retention schedule. For example, we keep records of service requests for 6 "
                "years after they are closed, and council tax records for 6 years after the "
                "end of the financial year."
            ),
            h2("Your rights"),
            p("You have the right to:"),
            ul(
                "ask for a copy of the information we hold about you (a subject access request)",
                "ask us to correct information that is wrong",
                "ask us to delete your information or stop using it, in some circumstances",
                "object to how we use your information",
                "withdraw your consent at any time, where we rely on it",
            ),
            p(
                "We will reply within one month. Contact our Data Protection Officer to use "
                "any of these rights."
            ),
            h2("Cookies"),
            p(a("/cookies/", "Find out how we use cookies") + " and change your settings."),
            h2("Complaints"),
            p(
                "If you are unhappy with how we have used your information, contact our Data "
                "Protection Officer. You can also complain to the "
                + a("https://ico.org.uk/make-a-complaint/", "Information Commissioner’s Office")
                + " on 0303 123 1113."
            ),
        ),
        contact(
            "Data Protection Officer",
            email_address=f"dpo@{DOMAIN}",
            address=ADDRESS,
            heading="Contact our Data Protection Officer",
        ),
        related("your-council/make-a-freedom-of-information-request", "accessibility-statement"),
    )


def contact_us() -> DemoPage:
    return service(
        "contact-us",
        "Contact us",
        "How to contact the council by phone, email, online or in person.",
        "Contact Fernleigh District Council: phone numbers, email, opening hours, the Civic "
        "Centre address and out-of-hours emergency numbers.",
        rich(
            p(
                "You can report, apply for and pay for most things online, at any time. "
                "Go to the service you need for the quickest answer."
            ),
        ),
        warning("If someone is in immediate danger, call 999."),
        contact("Customer services", address=CIVIC_CENTRE, heading="Phone, email or visit us"),
        rich(
            h2("Visit us"),
            p(
                "The Civic Centre is a 5-minute walk from Fernleigh railway station. There is "
                "step-free access, an induction loop and disabled parking at the front."
            ),
            p(
                "You do not need an appointment for council tax, housing and general "
                "questions. For planning and licensing, call to book an appointment."
            ),
            h2("Out-of-hours emergencies"),
            p(f"Call {OUT_OF_HOURS_PHONE} in the evening, at weekends and on bank holidays if:"),
            ul(
                "you are homeless tonight",
                "you are a council tenant and need an emergency repair",
                "a building or structure is dangerous",
                "there is loud noise happening now (Friday and Saturday nights)",
            ),
            h2("Text relay and interpreters"),
            p(
                f"If you are D/deaf or have a speech impairment, dial 18001 then {MAIN_PHONE}. "
                "We can arrange a British Sign Language or community language interpreter."
            ),
        ),
        details(
            "Writing to us",
            p(f"Send letters to {COUNCIL_NAME}, Civic Centre, Station Road, Fernleigh FN1 1AA."),
        ),
        related(
            "your-council/make-a-complaint",
            "your-council/make-a-freedom-of-information-request",
            "your-council/find-your-councillor",
        ),
    )
