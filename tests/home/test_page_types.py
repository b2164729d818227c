"""The HomePage type: it routes, renders, edits and previews, and sits only at the top of a site."""

from django.contrib.auth.models import Group
from django.urls import reverse
from wagtail.models import Page
from wagtail.test.utils import WagtailPageTestCase
from wagtail.test.utils.form_data import nested_form_data, streamfield

from home.models import HomePage
from services.models import (
    DisclosureLogPage,
    GuidePage,
    NewsIndexPage,
    NewsPage,
    ServiceIndexPage,
    ServicePage,
    StepByStepPage,
)
from tests.factories import ServiceIndexPageFactory, ServicePageFactory, UserFactory


def home_page_form_data(**overrides) -> dict:
    data = {
        "title": "Home",
        "slug": "home",
        "heading": "How can we help?",
        "intro": "Find council services and information.",
        "top_tasks": streamfield([]),
    }
    data.update(overrides)
    return nested_form_data(data)


class HomePageTypeTests(WagtailPageTestCase):
    @classmethod
    def setUpTestData(cls):
        cls.home = HomePage.objects.get()
        cls.root = Page.get_first_root_node()
        cls.admin = UserFactory(superuser=True)
        cls.editor = UserFactory()
        cls.editor.groups.add(Group.objects.get(name="Editors"))

    def test_is_routable(self):
        self.assertPageIsRoutable(self.home)

    def test_is_renderable(self):
        self.assertPageIsRenderable(self.home)

    def test_is_editable_by_an_editor(self):
        # Wagtail 8 draws the edit form in the browser, so the form data is given, not scraped.
        data = home_page_form_data(heading="Welcome to the council")
        self.assertPageIsEditable(self.home, post_data=data, user=self.editor)
        draft = self.home.revisions.order_by("-pk").first()
        self.assertEqual(draft.as_object().heading, "Welcome to the council")

    def test_is_previewable(self):
        self.assertPageIsPreviewable(self.home, post_data=home_page_form_data())

    def test_lives_only_at_the_root_of_the_tree(self):
        self.assertCanCreateAt(Page, HomePage)
        self.assertAllowedParentPageTypes(HomePage, {Page})

    def test_cannot_be_created_inside_content(self):
        self.assertCanNotCreateAt(HomePage, HomePage)
        self.assertCanNotCreateAt(ServiceIndexPage, HomePage)
        self.assertCanNotCreateAt(NewsIndexPage, HomePage)

    def test_allows_the_top_level_content_types(self):
        self.assertAllowedSubpageTypes(
            HomePage,
            {
                ServiceIndexPage,
                ServicePage,
                GuidePage,
                StepByStepPage,
                NewsIndexPage,
                DisclosureLogPage,
            },
        )
        self.assertCanNotCreateAt(HomePage, NewsPage)

    def test_a_second_home_page_cannot_be_created(self):
        self.client.force_login(self.admin)
        self.assertFalse(HomePage.can_create_at(self.root))
        with self.assertRaises(AssertionError):
            self.assertCanCreate(self.root, HomePage, home_page_form_data(slug="home-2"))
        self.assertEqual(HomePage.objects.count(), 1)

    def test_editor_changes_published_through_the_admin_show_on_the_site(self):
        bins = ServiceIndexPageFactory(title="Bins and recycling")
        missed_bin = ServicePageFactory(title="Report a missed bin", parent=bins)
        self.client.force_login(self.admin)
        data = home_page_form_data(
            heading="What do you need to do?",
            intro="Pay, apply or report it online.",
            top_tasks=streamfield(
                [
                    ("task", {"page": missed_bin.pk, "url": "", "label": ""}),
                    (
                        "task",
                        {
                            "page": "",
                            "url": "https://parking.example/pay",
                            "label": "Pay a parking fine",
                        },
                    ),
                ]
            ),
        )
        data["action-publish"] = "action-publish"
        response = self.client.post(reverse("wagtailadmin_pages:edit", args=[self.home.pk]), data)
        self.assertRedirects(response, reverse("wagtailadmin_explore", args=[self.root.pk]))

        self.client.logout()
        html = self.client.get("/").content.decode()
        self.assertInHTML('<h1 class="govuk-heading-xl">What do you need to do?</h1>', html)
        self.assertIn("Pay, apply or report it online.", html)
        self.assertInHTML(
            '<a class="govuk-link govuk-!-font-weight-bold" href="/bins-and-recycling/'
            'report-a-missed-bin/">Report a missed bin</a>',
            html,
        )
        self.assertInHTML(
            '<a class="govuk-link govuk-!-font-weight-bold" href="https://parking.example/pay">'
            "Pay a parking fine</a>",
            html,
        )
