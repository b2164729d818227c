"""Images in page content: responsive renditions, lazy loading, alt text or marked decorative."""

from io import BytesIO

import pytest
from django.core.files.images import ImageFile
from PIL import Image as PILImage
from wagtail.images import get_image_model

from tests.factories import ServicePageFactory, rich_text_block

pytestmark = pytest.mark.django_db


def make_image(width=2000, height=1000):
    buffer = BytesIO()
    PILImage.new("RGB", (width, height), "green").save(buffer, "JPEG")
    return get_image_model().objects.create(
        title="Recycling centre", file=ImageFile(buffer, name="centre.jpg")
    )


def figure(image, *, alt="", decorative=False, caption=""):
    return {
        "type": "figure",
        "value": {
            "image": {"image": image.pk, "alt_text": alt, "decorative": decorative},
            "caption": caption,
        },
    }


def test_an_image_is_served_at_the_width_the_screen_needs(client, soup):
    image = make_image()
    page = ServicePageFactory(
        body=[
            rich_text_block("<p>Our recycling centre.</p>"),
            figure(image, alt="The recycling centre's entrance", caption="Open every day"),
        ]
    )
    html = soup(client.get(page.url))
    img = html.select_one("figure.ds-figure img")
    widths = [candidate.split()[1] for candidate in img["srcset"].split(", ")]
    assert widths == ["320w", "640w", "960w", "1280w"]
    assert img["sizes"] == "(min-width: 641px) 640px, 100vw"
    assert img["loading"] == "lazy"
    assert img["alt"] == "The recycling centre's entrance"
    assert html.select_one("figure.ds-figure figcaption").get_text() == "Open every day"
    # Never the 2000-pixel original.
    assert image.file.url not in str(img)


def test_a_decorative_image_has_empty_alt_text(client, soup):
    page = ServicePageFactory(body=[figure(make_image(), alt="ignored", decorative=True)])
    img = soup(client.get(page.url)).select_one("figure.ds-figure img")
    assert img["alt"] == ""
    assert not soup(client.get(page.url)).select_one("figcaption")
