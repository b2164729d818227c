"""Every content page type routes, renders, edits, previews, and can be created where it belongs.

Wagtail 8 draws the page editor in the browser, so form data cannot be scraped from the edit view's
HTML: each page type supplies realistic form data, built with Wagtail's form_data helpers.
"""

from django.contrib.auth.models import Group
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, rich_text, streamfield

from home.models import HomePage
from services.blocks import RICH_TEXT_FEATURES
from services.models import (
    GuidePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    StepByStepPage,
)
from tests.factories import (
    GuidePageFactory,
    NewsIndexPageFactory,
    NewsPageFactory,
    ServiceIndexPageFactory,
    ServicePageFactory,
    StepByStepPageFactory,
    UserFactory,
)


def rich(html: str) -> str:
    return rich_text(html, features=RICH_TEXT_FEATURES)


def body_form_data(paragraph: str) -> dict:
    return streamfield(
        [
            ("rich_text", rich(f"<p>{paragraph}</p>")),
            (
                "start_button",
                {"page": "", "url": "https://forms.example/apply", "text": "Start now"},
            ),
        ]
    )


class PageTypeChecks:
    """Checks shared by every page type. Subclasses set the attributes and `form_data`."""

    model: type
    allowed_parents: set
    disallowed_parents: set
    # Text the created page shows, taken from its form data.
    created_text: str

    @classmethod
    def setUpTestData(cls):
        cls.admin = UserFactory(superuser=True)
        cls.editor = UserFactory()
        cls.editor.groups.add(Group.objects.get(name="Editors"))
        cls.page = cls.make_page()
        cls.home = HomePage.objects.get()  # after make_page, so its tree counts are current

    @classmethod
    def make_page(cls):
        raise NotImplementedError

    def form_data(self, title: str, slug: str) -> dict:
        raise NotImplementedError

    def creation_parent(self):
        return self.home

    def test_is_routable(self):
        self.assertPageIsRoutable(self.page)

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.page)

    def test_is_editable_by_an_editor(self):
        data = self.form_data(title="Edited by an editor", slug=self.page.slug)
        self.assertPageIsEditable(self.page, post_data=data, user=self.editor)
        draft = self.page.revisions.order_by("-pk").first()
        self.assertIsNotNone(draft, "the edit form did not save a draft")
        self.assertEqual(draft.as_object().title, "Edited by an editor")

    def test_is_previewable(self):
        data = self.form_data(title=self.page.title, slug=self.page.slug)
        self.assertPageIsPreviewable(self.page, post_data=data)

    def test_can_be_created_only_under_its_allowed_parents(self):
        for parent_model in self.allowed_parents:
            self.assertCanCreateAt(parent_model, self.model)
        self.assertAllowedParentPageTypes(self.model, self.allowed_parents)

    def test_cannot_be_created_elsewhere(self):
        for parent_model in self.disallowed_parents:
            self.assertCanNotCreateAt(parent_model, self.model)

    def test_can_be_created_and_published_in_the_admin(self):
        parent = self.creation_parent()
        self.client.force_login(self.admin)
        data = self.form_data(title="Created in the admin", slug="created-in-the-admin")
        self.assertCanCreate(parent, self.model, data)
        self.client.logout()

        created = self.model.objects.child_of(parent).get(slug="created-in-the-admin")
        self.assertTrue(created.live)
        response = self.client.get(created.url)
        self.assertContains(response, "Created in the admin")
        self.assertContains(response, self.created_text)


class ServiceIndexPageTests(PageTypeChecks, WagtailPageTestCase):
    model = ServiceIndexPage
    allowed_parents = {HomePage, ServiceIndexPage}
    disallowed_parents = {ServicePage, NewsIndexPage, GuidePage}
    created_text = "Collections, recycling centres and bulky waste."

    @classmethod
    def make_page(cls):
        index = ServiceIndexPageFactory(title="Bins and recycling")
        ServicePageFactory(title="Report a missed bin", parent=index)
        return index

    def form_data(self, title, slug):
        return nested_form_data(
            {"title": title, "slug": slug, "summary": self.created_text, "show_in_menus": "on"}
        )

    def creation_parent(self):
        return self.page  # a sub-category

    def test_lists_the_pages_in_the_category(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, "Report a missed bin")


class ServicePageTests(PageTypeChecks, WagtailPageTestCase):
    model = ServicePage
    allowed_parents = {HomePage, ServiceIndexPage}
    disallowed_parents = {ServicePage, GuidePage, NewsIndexPage, StepByStepPage}
    created_text = "Tell us within 2 working days of your collection day."

    @classmethod
    def make_page(cls):
        return ServicePageFactory(
            title="Report a missed bin", parent=ServiceIndexPageFactory(title="Bins")
        )

    def form_data(self, title, slug):
        return nested_form_data(
            {
                "title": title,
                "slug": slug,
                "summary": "Tell us if we did not empty your bin.",
                "body": body_form_data(self.created_text),
            }
        )

    def creation_parent(self):
        return self.page.get_parent().specific

    def test_shows_the_start_button(self):
        response = self.client.get(self.page.url)
        self.assertContains(response, 'href="https://forms.example/apply"')
        self.assertContains(response, "govuk-button--start")


class GuidePageTests(PageTypeChecks, WagtailPageTestCase):
    model = GuidePage
    allowed_parents = {HomePage, ServiceIndexPage}
    disallowed_parents = {GuidePage, ServicePage, NewsIndexPage}
    created_text = "Most households get a discount of 25%."

    @classmethod
    def make_page(cls):
        return GuidePageFactory(title="Council Tax discounts")

    def form_data(self, title, slug):
        parts = [
            ("Overview", "overview", self.created_text),
            ("Who can apply", "who-can-apply", "You must live alone."),
        ]
        return nested_form_data(
            {
                "title": title,
                "slug": slug,
                "summary": "Pay less Council Tax if you live alone.",
                "parts": streamfield(
                    [
                        (
                            "part",
                            {
                                "title": part_title,
                                "slug": part_slug,
                                "body": streamfield([("rich_text", rich(f"<p>{text}</p>"))]),
                            },
                        )
                        for part_title, part_slug, text in parts
                    ]
                ),
            }
        )

    def test_each_part_is_routable_and_renderable(self):
        for route in ("who-can-apply/", "how-to-apply/"):
            self.assertPageIsRoutable(self.page, route)
            self.assertPageIsRenderable(self.page, route)


class StepByStepPageTests(PageTypeChecks, WagtailPageTestCase):
    model = StepByStepPage
    allowed_parents = {HomePage, ServiceIndexPage}
    disallowed_parents = {StepByStepPage, ServicePage, NewsIndexPage}
    created_text = "Check whether your extension needs planning permission."

    @classmethod
    def make_page(cls):
        return StepByStepPageFactory(title="Build an extension")

    def form_data(self, title, slug):
        steps = [
            ("Check the rules", "", self.created_text),
            ("Apply for planning permission", "", "Apply online."),
            ("Get building regulations approval", "and", "Ask building control."),
        ]
        return nested_form_data(
            {
                "title": title,
                "slug": slug,
                "summary": "What to do, step by step.",
                "steps": streamfield(
                    [
                        (
                            "step",
                            {"title": step_title, "logic": logic, "body": rich(f"<p>{text}</p>")},
                        )
                        for step_title, logic, text in steps
                    ]
                ),
            }
        )


class NewsIndexPageTests(PageTypeChecks, WagtailPageTestCase):
    model = NewsIndexPage
    allowed_parents = {HomePage}
    disallowed_parents = {ServiceIndexPage, NewsIndexPage, ServicePage}
    created_text = "Press releases from the council."

    @classmethod
    def make_page(cls):
        index = NewsIndexPageFactory()
        NewsPageFactory(title="New recycling centre opens", parent=index)
        return index

    def form_data(self, title, slug):
        return nested_form_data({"title": title, "slug": slug, "summary": self.created_text})

    def test_can_be_created_and_published_in_the_admin(self):
        # A site has one news index; make room for the one the admin creates.
        self.page.delete()
        super().test_can_be_created_and_published_in_the_admin()

    def test_a_second_news_index_cannot_be_created(self):
        self.assertFalse(NewsIndexPage.can_create_at(self.home))
        self.client.force_login(self.admin)
        with self.assertRaises(AssertionError):
            self.assertCanCreate(self.home, NewsIndexPage, self.form_data("More news", "more"))
        self.assertEqual(NewsIndexPage.objects.count(), 1)

    def test_lists_its_stories(self):
        self.assertContains(self.client.get(self.page.url), "New recycling centre opens")


class NewsPageTests(PageTypeChecks, WagtailPageTestCase):
    model = NewsPage
    allowed_parents = {NewsIndexPage}
    disallowed_parents = {HomePage, ServiceIndexPage, NewsPage}
    created_text = "The new centre takes garden waste and small electricals."

    @classmethod
    def make_page(cls):
        return NewsPageFactory(title="New recycling centre opens")

    def form_data(self, title, slug):
        return nested_form_data(
            {
                "title": title,
                "slug": slug,
                "date": "21/05/2025",
                "summary": "A new centre opens on Monday.",
                "body": body_form_data(self.created_text),
            }
        )

    def creation_parent(self):
        return self.page.get_parent().specific

    def test_shows_its_publication_date(self):
        self.client.force_login(self.admin)
        self.assertCanCreate(
            self.creation_parent(), NewsPage, self.form_data("Dated story", "dated-story")
        )
        self.client.logout()
        story = NewsPage.objects.get(slug="dated-story")
        self.assertContains(self.client.get(story.url), '<time datetime="2025-05-21">21 May 2025')
