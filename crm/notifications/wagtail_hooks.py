"""Staff edit the email templates in the Wagtail admin (Snippets > Email templates) and watch
the outbox (Reports > Email outbox, in `crm/cases/admin/outbox.py` beside the case screens)."""

from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from crm.cases.admin.outbox import OutboxViewSet

from .models import EmailTemplate


class EmailTemplateViewSet(SnippetViewSet):
    model = EmailTemplate
    icon = "mail"
    menu_label = _("Email templates")
    list_display = ["__str__", "subject", "updated_at"]
    search_fields = ["subject", "body"]
    panels = [FieldPanel("key"), FieldPanel("subject"), FieldPanel("body")]


register_snippet(EmailTemplateViewSet)


@hooks.register("register_admin_viewset")
def register_email_outbox():
    return OutboxViewSet()
