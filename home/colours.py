"""Colour checks for the council's brand colour: white text sits on it, so it must pass WCAG AA."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

HEX_COLOUR = re.compile(r"^#[0-9a-fA-F]{6}$")
MINIMUM_CONTRAST = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4


def relative_luminance(hex_colour: str) -> float:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return 0.2126 * _channel(r) + 0.7152 * _channel(g) + 0.0722 * _channel(b)


def contrast_with_white(hex_colour: str) -> float:
    return 1.05 / (relative_luminance(hex_colour) + 0.05)


def validate_brand_colour(value: str) -> None:
    if not HEX_COLOUR.match(value or ""):
        raise ValidationError(_("Enter the colour as a # followed by six hex digits, like #1d70b8"))
    ratio = contrast_with_white(value)
    if ratio < MINIMUM_CONTRAST:
        raise ValidationError(
            _(
                "White text on %(colour)s has a contrast ratio of %(ratio).1f:1; "
                "choose a darker colour with at least 4.5:1"
            )
            % {"colour": value, "ratio": ratio}
        )
