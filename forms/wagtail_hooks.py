"""eForms in the Wagtail admin: the form builder (a translatable snippet with drafts, revisions,
locking, preview and history: "Save draft", "Publish", "Unpublish") and the assisted-digital
"Start a form for a caller" page for staff."""

from django.urls import path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.admin.ui.tables import LiveStatusTagColumn, UpdatedAtColumn
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from .admin_forms import EFormAdminForm
from .admin_views import AssistedStartView
from .models import EForm


class EFormViewSet(SnippetViewSet):
    model = EForm
    icon = "form"
    menu_label = _("eForms")
    menu_order = 250
    add_to_admin_menu = True
    list_display = [
        "title",
        "slug",
        "case_type",
        "sign_in",
        LiveStatusTagColumn(),
        UpdatedAtColumn(),
    ]
    list_filter = ["live", "sign_in"]
    search_fields = ["title"]
    edit_handler = ObjectList(
        [
            FieldPanel("title"),
            FieldPanel("slug"),
            FieldPanel("case_type"),
            FieldPanel("sign_in"),
            FieldPanel("intro"),
            FieldPanel("confirmation_text"),
            MultiFieldPanel(
                [
                    FieldPanel("payment_service"),
                    FieldPanel("fee"),
                    FieldPanel("fee_label"),
                    FieldPanel("deposit"),
                ],
                heading=_("Payment"),
                help_text=_(
                    "What residents pay after checking their answers: the fee, the deposit and "
                    "the total of any priced items question. Leave the service blank for a free "
                    "form."
                ),
            ),
            InlinePanel(
                "steps",
                heading=_("Steps"),
                label=_("Step"),
                min_num=1,
                panels=[
                    FieldPanel("title"),
                    FieldPanel("key"),
                    MultiFieldPanel(
                        [FieldPanel("condition_key"), FieldPanel("condition_value")],
                        heading=_("Show this step only if"),
                    ),
                    FieldPanel("fields"),
                ],
            ),
        ],
        base_form_class=EFormAdminForm,
    )


register_snippet(EFormViewSet)


@hooks.register("register_admin_urls")
def register_assisted_urls():
    return [
        path("eforms/assisted/", AssistedStartView.as_view(), name="eforms_assisted_start"),
    ]


@hooks.register("register_admin_menu_item")
def register_assisted_menu_item():
    return MenuItem(
        _("Start a form for a caller"),
        reverse("eforms_assisted_start"),
        icon_name="form",
        order=260,
    )
