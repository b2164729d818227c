"""Public content pages: categories, services, guides, step by steps and news."""

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import models
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.contrib.routable_page.models import RoutablePageMixin, path, re_path
from wagtail.fields import StreamField
from wagtail.models import Page
from wagtail.search import index

from home.chrome import CachedViewRestrictionsMixin, public

from .blocks import BodyBlock, GuidePartBlock, StepBlock

CONTENT_PAGE_TYPES = [
    "services.ServicePage",
    "services.GuidePage",
    "services.StepByStepPage",
]


class ContentPage(CachedViewRestrictionsMixin, Page):
    """Fields every public content page shares: a one-sentence summary shown under the title."""

    summary = models.TextField(
        blank=True,
        max_length=300,
        help_text=_("One or two sentences shown under the title and in search results"),
    )

    search_fields = Page.search_fields + [index.SearchField("summary")]

    class Meta:
        abstract = True

    @property
    def meta_description(self) -> str:
        return self.search_description or self.summary


class ServiceIndexPage(ContentPage):
    """A category such as "Bins, rubbish and recycling", listing what sits under it."""

    content_panels = Page.content_panels + [FieldPanel("summary")]
    subpage_types = ["services.ServiceIndexPage", "services.DisclosureLogPage", *CONTENT_PAGE_TYPES]
    parent_page_types = ["home.HomePage", "services.ServiceIndexPage"]

    class Meta:
        verbose_name = _("service category")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        context["children"] = public(self.get_children().live()).specific().order_by("title")
        return context


class ServicePage(ContentPage):
    """One service: what it is, who it is for, and how to get it ("Start now")."""

    body = StreamField(BodyBlock(), use_json_field=True)

    search_fields = ContentPage.search_fields + [index.SearchField("body")]
    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("body")]
    subpage_types: list[str] = []
    parent_page_types = ["home.HomePage", "services.ServiceIndexPage"]

    class Meta:
        verbose_name = _("service page")


class GuidePage(RoutablePageMixin, ContentPage):
    """A multi-part guide: each part has its own address, contents and previous/next links."""

    parts = StreamField([("part", GuidePartBlock())], use_json_field=True)

    search_fields = ContentPage.search_fields + [index.SearchField("parts")]
    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("parts")]
    subpage_types: list[str] = []
    parent_page_types = ["home.HomePage", "services.ServiceIndexPage"]

    class Meta:
        verbose_name = _("guide")

    def clean(self):
        super().clean()
        slugs = [part.value["slug"] for part in self.parts]
        duplicates = sorted({slug for slug in slugs if slugs.count(slug) > 1})
        if duplicates:
            raise ValidationError(
                {
                    "parts": _("Each part needs its own address; repeated: %s")
                    % ", ".join(duplicates)
                }
            )

    def part_url(self, index: int) -> str:
        if index == 0:
            return self.url
        return self.url + self.reverse_subpage("part", args=[self.parts[index].value["slug"]])

    def render_part(self, request, index: int):
        parts = list(self.parts)
        contents = [
            {"title": part.value["title"], "url": self.part_url(i), "current": i == index}
            for i, part in enumerate(parts)
        ]
        context = {
            "part": parts[index].value if parts else None,
            "part_number": index + 1,
            "contents": contents,
            "previous": contents[index - 1] if index > 0 else None,
            "next": contents[index + 1] if index + 1 < len(contents) else None,
        }
        return self.render(request, context_overrides=context)

    @path("")
    def first_part(self, request):
        return self.render_part(request, 0)

    @re_path(r"^(?P<slug>[-a-z0-9]+)/$", name="part")
    def other_part(self, request, slug):
        for number, part in enumerate(self.parts):
            if part.value["slug"] == slug and number > 0:
                return self.render_part(request, number)
        raise Http404

    def get_sitemap_urls(self, request=None):
        urls = super().get_sitemap_urls(request)
        if not urls:
            return urls
        base = urls[0]
        for part in list(self.parts)[1:]:
            extra = dict(base)
            extra["location"] = base["location"] + part.value["slug"] + "/"
            urls.append(extra)
        return urls


class StepByStepPage(ContentPage):
    """A journey across several services in order, such as "Building an extension"."""

    steps = StreamField([("step", StepBlock())], use_json_field=True)

    search_fields = ContentPage.search_fields + [index.SearchField("steps")]
    content_panels = Page.content_panels + [FieldPanel("summary"), FieldPanel("steps")]
    subpage_types: list[str] = []
    parent_page_types = ["home.HomePage", "services.ServiceIndexPage"]

    class Meta:
        verbose_name = _("step by step")

    def numbered_steps(self) -> list[dict]:
        """Steps with their display number: an 'and'/'or' step shares the previous number."""
        numbered, number = [], 0
        for step in self.steps:
            logic = step.value.get("logic") or ""
            if not logic or number == 0:
                number += 1
                logic = ""
            numbered.append({"number": number, "logic": logic, "value": step.value})
        return numbered


class NewsIndexPage(ContentPage):
    """News and press releases, newest first."""

    page_size = 10

    content_panels = Page.content_panels + [FieldPanel("summary")]
    subpage_types = ["services.NewsPage"]
    parent_page_types = ["home.HomePage"]
    max_count_per_parent = 1

    class Meta:
        verbose_name = _("news index")

    def get_context(self, request, *args, **kwargs):
        context = super().get_context(request, *args, **kwargs)
        items = public(NewsPage.objects.child_of(self).live()).order_by("-date", "-pk")
        page_obj = Paginator(items, self.page_size).get_page(request.GET.get("page"))
        context["news_items"] = page_obj
        return context


class NewsPage(ContentPage):
    date = models.DateField(_("date published"), default=timezone.localdate)
    body = StreamField(BodyBlock(), use_json_field=True)

    search_fields = ContentPage.search_fields + [
        index.SearchField("body"),
        index.FilterField("date"),
    ]
    content_panels = Page.content_panels + [
        FieldPanel("date"),
        FieldPanel("summary"),
        FieldPanel("body"),
    ]
    subpage_types: list[str] = []
    parent_page_types = ["services.NewsIndexPage"]

    class Meta:
        verbose_name = _("news story")


from .models_disclosure import *  # noqa: E402, F403  the disclosure log
