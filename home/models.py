"""The home page, the council's site-wide settings and alert banners."""

from django.db import models
from django.db.models import Q
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.admin.panels import FieldPanel, MultiFieldPanel
from wagtail.contrib.settings.models import BaseSiteSetting, register_setting
from wagtail.fields import RichTextField, StreamField
from wagtail.models import Page
from wagtail.search import index

from .chrome import CachedViewRestrictionsMixin, public
from .colours import validate_brand_colour


class TopTaskBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False)
    url = blocks.URLBlock(required=False, help_text=_("Only when the task is on another site"))
    label = blocks.CharBlock(required=False, help_text=_("Defaults to the page title"))

    class Meta:
        icon = "link"
        template = "home/blocks/top_task.html"


class HomePage(CachedViewRestrictionsMixin, Page):
    """The council's front page: the tasks most people come for, categories and news."""

    heading = models.CharField(max_length=120, default=_("How can we help?"))
    intro = models.TextField(blank=True)
    top_tasks = StreamField([("task", TopTaskBlock())], blank=True, use_json_field=True)

    search_fields = Page.search_fields + [index.SearchField("intro")]
    content_panels = Page.content_panels + [
        FieldPanel("heading"),
        FieldPanel("intro"),
        FieldPanel("top_tasks"),
    ]
    subpage_types = [
        "services.ServiceIndexPage",
        "services.ServicePage",
        "services.GuidePage",
        "services.StepByStepPage",
        "services.NewsIndexPage",
        "services.DisclosureLogPage",
    ]
    parent_page_types = ["wagtailcore.Page"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("home page")

    def get_context(self, request, *args, **kwargs):
        from services.models import NewsPage, ServiceIndexPage

        context = super().get_context(request, *args, **kwargs)
        context["categories"] = public(
            ServiceIndexPage.objects.child_of(self).live().order_by("title")
        )
        latest_news = list(
            public(NewsPage.objects.descendant_of(self).live()).order_by("-date", "-pk")[:3]
        )
        context["latest_news"] = latest_news
        context["news_index"] = (
            Page.objects.filter(path=latest_news[0].path[: -Page.steplen]).first()
            if latest_news
            else None
        )
        return context

    def route(self, request, path_components):
        """Find the page under the home page in one query on `url_path`, not a query per level.

        The deepest page whose address is a prefix of the request's path takes the rest of it
        (a guide's part); its ancestors are kept on the request for the breadcrumbs. A non-live
        page is still refused by its own `route`, as in Wagtail's walk down the tree.
        """
        if not path_components:
            return super().route(request, path_components)
        prefixes = [
            self.url_path + "/".join(path_components[:depth]) + "/"
            for depth in range(1, len(path_components) + 1)
        ]
        found = list(
            Page.objects.filter(url_path__in=prefixes, path__startswith=self.path)
            .exclude(pk=self.pk)
            .order_by("depth")
        )
        # Only an unbroken chain from this page counts (each one level under the last).
        chain = []
        for page in found:
            if page.depth == self.depth + len(chain) + 1:
                chain.append(page)
        if not chain:
            raise Http404
        deepest = chain[-1].specific
        request._doorstep_ancestors = [self, *chain[:-1], deepest]
        remaining = path_components[len(chain) :]
        return deepest.route(request, remaining)


@register_setting(icon="site")
class CouncilSettings(BaseSiteSetting):
    """Who the council is and how to reach it: drives the header, footer and contact panels."""

    council_name = models.CharField(max_length=120, default="Doorstep District Council")
    logo = models.ForeignKey(
        "wagtailimages.Image", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    brand_colour = models.CharField(
        max_length=7,
        default="#1d70b8",
        validators=[validate_brand_colour],
        help_text=_("Header colour. White text sits on it, so it must be dark enough (4.5:1)."),
    )
    phone = models.CharField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    opening_hours = models.CharField(max_length=200, blank=True)
    facebook_url = models.URLField(blank=True)
    x_url = models.URLField(blank=True, verbose_name=_("X (Twitter) URL"))
    instagram_url = models.URLField(blank=True)
    youtube_url = models.URLField(blank=True)
    linkedin_url = models.URLField(blank=True)
    accessibility_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    privacy_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    contact_page = models.ForeignKey(
        "wagtailcore.Page", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    google_analytics_id = models.CharField(
        max_length=20,
        blank=True,
        help_text=_("Loaded only for visitors who accept analytics cookies"),
    )

    panels = [
        MultiFieldPanel(
            [FieldPanel("council_name"), FieldPanel("logo"), FieldPanel("brand_colour")],
            heading=_("Identity"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("phone"),
                FieldPanel("email"),
                FieldPanel("address"),
                FieldPanel("opening_hours"),
            ],
            heading=_("Contact details"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("facebook_url"),
                FieldPanel("x_url"),
                FieldPanel("instagram_url"),
                FieldPanel("youtube_url"),
                FieldPanel("linkedin_url"),
            ],
            heading=_("Social media"),
        ),
        MultiFieldPanel(
            [
                FieldPanel("accessibility_page"),
                FieldPanel("privacy_page"),
                FieldPanel("contact_page"),
            ],
            heading=_("Footer links"),
        ),
        FieldPanel("google_analytics_id"),
    ]

    class Meta:
        verbose_name = _("council settings")

    @property
    def social_links(self) -> list[tuple[str, str]]:
        links = [
            ("Facebook", self.facebook_url),
            ("X", self.x_url),
            ("Instagram", self.instagram_url),
            ("YouTube", self.youtube_url),
            ("LinkedIn", self.linkedin_url),
        ]
        return [(name, url) for name, url in links if url]


class AlertType(models.TextChoices):
    INFORMATION = "information", _("Information")
    WARNING = "warning", _("Warning")
    EMERGENCY = "emergency", _("Emergency")


ALERT_PRIORITY = {AlertType.EMERGENCY: 0, AlertType.WARNING: 1, AlertType.INFORMATION: 2}


class AlertBannerQuerySet(models.QuerySet):
    def active(self, at=None):
        at = at or timezone.now()
        return self.filter(starts_at__lte=at).filter(Q(ends_at__isnull=True) | Q(ends_at__gt=at))

    def for_page(self, page):
        """Site-wide alerts plus any published on this one page."""
        if page is None or not getattr(page, "pk", None):
            return self.filter(page__isnull=True)
        return self.filter(Q(page__isnull=True) | Q(page_id=page.pk))


class AlertBanner(models.Model):
    """A notice editors publish site-wide or on one page, shown between its start and end."""

    title = models.CharField(max_length=150)
    message = RichTextField(features=["bold", "link"])
    alert_type = models.CharField(
        max_length=20, choices=AlertType.choices, default=AlertType.INFORMATION
    )
    page = models.ForeignKey(
        "wagtailcore.Page",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="alert_banners",
        help_text=_("Leave empty to show the alert on every page"),
    )
    starts_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField(
        null=True, blank=True, help_text=_("Leave empty to show it until you remove it")
    )

    objects = AlertBannerQuerySet.as_manager()

    panels = [
        FieldPanel("title"),
        FieldPanel("message"),
        FieldPanel("alert_type"),
        FieldPanel("page"),
        FieldPanel("starts_at"),
        FieldPanel("ends_at"),
    ]

    class Meta:
        ordering = ["-starts_at"]
        verbose_name = _("alert banner")

    def __str__(self) -> str:
        return self.title

    def clean(self):
        from django.core.exceptions import ValidationError

        if self.ends_at and self.starts_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("The end must be after the start")})
