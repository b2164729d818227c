"""StreamField blocks for content pages. Each renders one GOV.UK Frontend component."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.images.blocks import ImageBlock
from wagtail.snippets.blocks import SnippetChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "link", "document-link", "ol", "ul"]


def validate_link_url(value: str) -> None:
    """A full web address, or a path on this site such as /forms/report-fly-tipping/."""
    from django.core.exceptions import ValidationError
    from django.core.validators import URLValidator

    if value.startswith("/") and not value.startswith("//"):
        return
    try:
        URLValidator(schemes=["http", "https"])(value)
    except ValidationError as error:
        raise ValidationError(
            _("Enter a full web address starting https://, or a path on this site starting /")
        ) from error


class LinkURLBlock(blocks.CharBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("max_length", 500)
        kwargs.setdefault("validators", [validate_link_url])
        super().__init__(**kwargs)

    class Meta:
        icon = "link"


class LinkBlock(blocks.StructBlock):
    page = blocks.PageChooserBlock(required=False)
    url = LinkURLBlock(required=False)
    text = blocks.CharBlock(required=False, help_text=_("Defaults to the page title"))

    class Meta:
        icon = "link"
        template = "services/blocks/link.html"

    def clean(self, value):
        from django.core.exceptions import ValidationError
        from wagtail.blocks import StructBlockValidationError

        value = super().clean(value)
        if not value.get("page") and not value.get("url"):
            raise StructBlockValidationError(
                block_errors={"page": ValidationError(_("Choose a page or enter a URL"))}
            )
        if value.get("url") and not value.get("text"):
            raise StructBlockValidationError(
                block_errors={"text": ValidationError(_("Enter the link text for the URL"))}
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        context["href"] = link_href(value)
        context["link_text"] = link_text(value)
        return context


def link_href(value) -> str:
    page = value.get("page")
    return page.url if page else value.get("url", "")


def link_text(value) -> str:
    page = value.get("page")
    return value.get("text") or (page.title if page else value.get("url", ""))


class StartButtonBlock(LinkBlock):
    """The GOV.UK "Start now" call to action."""

    text = blocks.CharBlock(default=_("Start now"))

    class Meta:
        icon = "arrow-right"
        template = "services/blocks/start_button.html"
        label = _("Start now button")


class EFormBlock(blocks.StructBlock):
    """The "Start now" button for one of our own eForms (its address follows the form's slug)."""

    form = SnippetChooserBlock("eforms.EForm")
    text = blocks.CharBlock(default=_("Start now"))

    class Meta:
        icon = "form"
        template = "services/blocks/eform.html"
        label = _("eForm (start now)")

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context)
        eform = value.get("form")
        eform = eform.localized if eform is not None else None
        context["href"] = eform.get_absolute_url() if eform is not None and eform.live else ""
        context["link_text"] = value.get("text") or _("Start now")
        return context


class InsetTextBlock(blocks.StructBlock):
    text = blocks.RichTextBlock(features=["bold", "link"])

    class Meta:
        icon = "openquote"
        template = "services/blocks/inset_text.html"


class WarningTextBlock(blocks.StructBlock):
    text = blocks.CharBlock(max_length=300)

    class Meta:
        icon = "warning"
        template = "services/blocks/warning_text.html"


class DetailsBlock(blocks.StructBlock):
    summary = blocks.CharBlock(max_length=120)
    text = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "collapse-down"
        template = "services/blocks/details.html"


class ContactPanelBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default=_("Contact us"))
    team = blocks.CharBlock(required=False)
    phone = blocks.CharBlock(required=False)
    email = blocks.EmailBlock(required=False)
    address = blocks.TextBlock(required=False)
    opening_hours = blocks.CharBlock(required=False)

    class Meta:
        icon = "user"
        template = "services/blocks/contact_panel.html"


class RelatedLinksBlock(blocks.StructBlock):
    heading = blocks.CharBlock(default=_("Related content"))
    links = blocks.ListBlock(LinkBlock())

    class Meta:
        icon = "list-ul"
        template = "services/blocks/related_links.html"


class FigureBlock(blocks.StructBlock):
    """An image with its alt text (or marked decorative) and an optional caption, served at the
    width the visitor's screen needs (renditions in a srcset) and loaded only when scrolled to."""

    image = ImageBlock()
    caption = blocks.CharBlock(required=False, max_length=250)

    class Meta:
        icon = "image"
        template = "services/blocks/figure.html"


class BodyBlock(blocks.StreamBlock):
    rich_text = blocks.RichTextBlock(
        features=RICH_TEXT_FEATURES, template="services/blocks/rich_text.html"
    )
    start_button = StartButtonBlock()
    eform = EFormBlock()
    inset_text = InsetTextBlock()
    warning_text = WarningTextBlock()
    details = DetailsBlock()
    contact_panel = ContactPanelBlock()
    related_links = RelatedLinksBlock()
    figure = FigureBlock()


class GuidePartBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    slug = blocks.RegexBlock(
        regex=r"^[-a-z0-9]+$",
        error_messages={"invalid": _("Use lowercase letters, numbers and hyphens only")},
        help_text=_("The part's address, for example 'who-can-apply'"),
    )
    body = BodyBlock()

    class Meta:
        icon = "doc-full"


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    logic = blocks.ChoiceBlock(
        choices=[("", _("Numbered step")), ("and", _("And")), ("or", _("Or"))],
        required=False,
        help_text=_("'And' or 'Or' joins this step to the one before instead of a new number"),
    )
    body = blocks.RichTextBlock(features=RICH_TEXT_FEATURES)

    class Meta:
        icon = "list-ol"
