"""The demo council's content, data only, one module per section of the site.

`council` holds the council's details, settings, home page, alert and demo accounts; `pages`
lists every page, built from the section modules (`bins_and_recycling`, `housing`, ...) with the
helpers in `blocks`; `eforms` holds the demo eForms' definitions. Phone numbers are in Ofcom's
01632 960xxx range, kept for drama, so none of them reaches a real person.
"""
