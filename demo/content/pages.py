"""Every demo page, section by section, in the order the site tree shows them."""

from __future__ import annotations

from datetime import date

from .bins_and_recycling import bins_and_recycling
from .blocks import DemoPage
from .council_tax import council_tax
from .environmental_health import environmental_health
from .footer import accessibility_statement, contact_us, privacy_notice
from .housing import housing
from .licensing import licensing
from .news import news_stories
from .planning_and_building_control import planning_and_building_control
from .streets_and_roads import streets_and_roads
from .your_council import your_council


def demo_pages(today: date) -> list[DemoPage]:
    """Every demo page under the home page, in the order the site tree shows them."""
    return [
        bins_and_recycling(),
        streets_and_roads(),
        housing(),
        planning_and_building_control(),
        environmental_health(),
        licensing(),
        council_tax(today),
        your_council(),
        news_stories(),
        accessibility_statement(today),
        privacy_notice(),
        contact_us(),
    ]
