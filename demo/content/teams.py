"""The council's teams as the contact panels show them, and date helpers the sections share."""

from __future__ import annotations

from datetime import date

from .council import DOMAIN

# --- Teams ------------------------------------------------------------------------------------

WASTE = {"team": "Waste and recycling", "phone": "01632 960120", "email_address": f"waste@{DOMAIN}"}
STREETS = {
    "team": "Street scene team",
    "phone": "01632 960130",
    "email_address": f"streetscene@{DOMAIN}",
}
HOUSING_OPTIONS = {
    "team": "Housing options team",
    "phone": "01632 960210",
    "email_address": f"housing.options@{DOMAIN}",
}
HOUSING_REPAIRS = {
    "team": "Housing repairs",
    "phone": "01632 960220",
    "email_address": f"repairs@{DOMAIN}",
    "opening_hours": "Monday to Friday, 8am to 6pm. Emergencies: 01632 960999, at any time",
}
PLANNING = {"team": "Planning", "phone": "01632 960310", "email_address": f"planning@{DOMAIN}"}
BUILDING_CONTROL = {
    "team": "Building control",
    "phone": "01632 960320",
    "email_address": f"building.control@{DOMAIN}",
    "opening_hours": "Monday to Friday, 8:30am to 5pm",
}
LAND_CHARGES = {
    "team": "Local land charges",
    "phone": "01632 960330",
    "email_address": f"land.charges@{DOMAIN}",
}
ENV_HEALTH = {
    "team": "Environmental health",
    "phone": "01632 960410",
    "email_address": f"environmental.health@{DOMAIN}",
}
LICENSING = {"team": "Licensing", "phone": "01632 960420", "email_address": f"licensing@{DOMAIN}"}
COUNCIL_TAX = {
    "team": "Council tax",
    "phone": "01632 960510",
    "email_address": f"council.tax@{DOMAIN}",
}
HALLS = {"team": "Halls bookings", "phone": "01632 960610", "email_address": f"halls@{DOMAIN}"}
INFORMATION = {
    "team": "Information governance",
    "phone": "01632 960710",
    "email_address": f"foi@{DOMAIN}",
}
COMPLAINTS = {
    "team": "Customer feedback",
    "phone": "01632 960720",
    "email_address": f"complaints@{DOMAIN}",
}
DEMOCRATIC = {
    "team": "Democratic services",
    "phone": "01632 960730",
    "email_address": f"democratic.services@{DOMAIN}",
}

CIVIC_CENTRE = "Civic Centre\nStation Road\nFernleigh\nFN1 1AA"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def financial_year(today: date) -> tuple[int, int]:
    start_year = today.year if today.month >= 4 else today.year - 1
    return start_year, start_year + 1
