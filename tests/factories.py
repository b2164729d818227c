"""factory_boy factories for Doorstep's page types, alert banners and users.

Page factories build on Wagtail's own PageFactory, so `parent=` places a page in the tree. Without
it a page goes under the HomePage that migrations create (news stories under the news index).
StreamField defaults are realistic content in the stored JSON shape; the helpers below build
single blocks for tests that need their own.
"""

from datetime import timedelta

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify
from wagtail.test.utils.wagtail_factories import PageFactory

from home.models import AlertBanner, AlertType, HomePage
from services.models import (
    GuidePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    StepByStepPage,
)

# --- StreamField blocks, in the JSON shape a StreamField stores ---------------------------------


def rich_text_block(html: str) -> dict:
    return {"type": "rich_text", "value": html}


def start_button_block(url: str = "https://forms.example/apply", text: str = "Start now") -> dict:
    return {"type": "start_button", "value": {"page": None, "url": url, "text": text}}


def guide_part(title: str, slug: str | None = None, text: str | None = None) -> dict:
    body = [rich_text_block(f"<p>{text or 'About ' + title.lower() + '.'}</p>")]
    return {
        "type": "part",
        "value": {"title": title, "slug": slug or slugify(title), "body": body},
    }


def step(title: str, logic: str = "", text: str | None = None) -> dict:
    return {
        "type": "step",
        "value": {"title": title, "logic": logic, "body": f"<p>{text or title}.</p>"},
    }


# --- Users ---------------------------------------------------------------------------------------


class UserFactory(factory.django.DjangoModelFactory):
    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda user: f"{user.username}@example.com")
    first_name = "Sam"
    last_name = "Jones"
    password = factory.django.Password("a-long-test-password")
    is_active = True

    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    class Params:
        staff = factory.Trait(is_staff=True)
        superuser = factory.Trait(is_superuser=True, is_staff=True)


# --- Pages ---------------------------------------------------------------------------------------


def home_page() -> HomePage:
    return HomePage.objects.get()


def news_index() -> NewsIndexPage:
    """The site's news index, created on first use (there is one per home page)."""
    existing = NewsIndexPage.objects.child_of(home_page()).first()
    return existing or NewsIndexPageFactory()


class DoorstepPageFactory(PageFactory):
    """Common ground: a title, a slug from it, live unless `draft=True`, under the home page."""

    title = factory.Sequence(lambda n: f"Page {n}")
    parent = factory.LazyFunction(home_page)
    summary = factory.LazyAttribute(lambda page: f"Find out about {page.title.lower()}.")
    live = True

    class Meta:
        abstract = True

    class Params:
        draft = factory.Trait(live=False, has_unpublished_changes=True)


class ServiceIndexPageFactory(DoorstepPageFactory):
    title = factory.Sequence(lambda n: f"Service category {n}")
    show_in_menus = True

    class Meta:
        model = ServiceIndexPage


class ServicePageFactory(DoorstepPageFactory):
    title = factory.Sequence(lambda n: f"Service {n}")
    body = factory.LazyAttribute(
        lambda page: [
            rich_text_block(f"<p>{page.body_text}</p>"),
            start_button_block(),
        ]
    )

    class Meta:
        model = ServicePage

    class Params:
        body_text = "You can apply online. It takes about 10 minutes."


class GuidePageFactory(DoorstepPageFactory):
    title = factory.Sequence(lambda n: f"Guide {n}")
    parts = factory.LazyFunction(
        lambda: [
            guide_part("Overview", "overview", "What the scheme is for."),
            guide_part("Who can apply", "who-can-apply", "You must live in the district."),
            guide_part("How to apply", "how-to-apply", "Fill in the online form."),
        ]
    )

    class Meta:
        model = GuidePage


class StepByStepPageFactory(DoorstepPageFactory):
    title = factory.Sequence(lambda n: f"Step by step {n}")
    steps = factory.LazyFunction(
        lambda: [
            step("Check if you need planning permission"),
            step("Apply for planning permission"),
            step("Get building regulations approval"),
        ]
    )

    class Meta:
        model = StepByStepPage


class NewsIndexPageFactory(DoorstepPageFactory):
    title = "News"
    slug = "news"

    class Meta:
        model = NewsIndexPage


class NewsPageFactory(DoorstepPageFactory):
    title = factory.Sequence(lambda n: f"News story {n}")
    parent = factory.LazyFunction(news_index)
    date = factory.LazyFunction(timezone.localdate)
    body = factory.LazyFunction(lambda: [rich_text_block("<p>The council announced today.</p>")])

    class Meta:
        model = NewsPage


# --- Alert banners -------------------------------------------------------------------------------


def _hours_from_now(hours: float):
    return factory.LazyFunction(lambda: timezone.now() + timedelta(hours=hours))


class AlertBannerFactory(factory.django.DjangoModelFactory):
    """Active, site-wide information by default; traits give the other states."""

    title = factory.Sequence(lambda n: f"Alert {n}")
    message = "<p>Some bin collections are running late.</p>"
    alert_type = AlertType.INFORMATION
    page = None
    starts_at = _hours_from_now(-1)
    ends_at = None

    class Meta:
        model = AlertBanner

    class Params:
        warning = factory.Trait(alert_type=AlertType.WARNING)
        emergency = factory.Trait(alert_type=AlertType.EMERGENCY)
        scheduled = factory.Trait(starts_at=_hours_from_now(24), ends_at=_hours_from_now(48))
        expired = factory.Trait(starts_at=_hours_from_now(-48), ends_at=_hours_from_now(-24))
