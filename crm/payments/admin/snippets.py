"""Payment services as a snippet (menu "Bookings and payments" > "Payment services"): what an
eForm's fee is paid to, through which provider, and the council's fund and cost codes that the
reconciliation export carries. A payment copies these when it is made, so a change here never
redirects a payment already under way."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import PaymentService

# The menu crm/bookings/wagtail_hooks.py builds ("Bookings and payments"). The name is repeated
# here, not imported: crm.payments does not import crm.bookings.
BOOKINGS_AND_PAYMENTS_MENU_HOOK = "register_bookings_and_payments_menu_item"


class PaymentServiceViewSet(SnippetViewSet):
    model = PaymentService
    icon = "tag"
    menu_label = _("Payment services")
    menu_order = 300
    menu_hook = BOOKINGS_AND_PAYMENTS_MENU_HOOK
    list_display = ["name", "provider", "fund_code", "cost_code", "active"]
    list_filter = ["provider", "active"]
    search_fields = ["name", "fund_code", "cost_code"]
    panels = [
        FieldPanel("name"),
        FieldPanel("provider"),
        FieldPanel("fund_code"),
        FieldPanel("cost_code"),
        FieldPanel("active"),
    ]
