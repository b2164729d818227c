"""Bookable resources as a snippet (menu "Bookings and payments" > "Bookable resources"):
collection rounds, rooms and halls, inspection officers, each with its rules and blackout
dates. The model's `clean` refuses a round without capacity or sectors and a room without
opening hours, next to the field."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, InlinePanel, MultiFieldPanel, ObjectList
from wagtail.snippets.views.snippets import SnippetViewSet

from ..models import BookableResource
from .forms import BookableResourceForm

# The "Bookings and payments" menu collects the items registered with this hook
# (crm/bookings/wagtail_hooks.py builds the menu; crm/payments adds "Payment services").
BOOKINGS_AND_PAYMENTS_MENU_HOOK = "register_bookings_and_payments_menu_item"


class BookableResourceViewSet(SnippetViewSet):
    model = BookableResource
    icon = "date"
    menu_label = _("Bookable resources")
    menu_order = 200
    list_display = ["name", "kind", "team", "active"]
    list_filter = ["kind", "active", "team"]
    search_fields = ["name", "slug"]
    menu_hook = BOOKINGS_AND_PAYMENTS_MENU_HOOK
    edit_handler = ObjectList(
        [
            MultiFieldPanel(
                [
                    FieldPanel("name"),
                    FieldPanel("slug"),
                    FieldPanel("kind"),
                    FieldPanel("description"),
                    FieldPanel("team"),
                    FieldPanel("weekdays"),
                    FieldPanel("active"),
                ],
                heading=_("Details"),
            ),
            MultiFieldPanel(
                [FieldPanel("daily_capacity"), FieldPanel("postcode_sectors")],
                heading=_("Capacity (collection rounds)"),
            ),
            MultiFieldPanel(
                [FieldPanel("opens_at"), FieldPanel("closes_at"), FieldPanel("slot_minutes")],
                heading=_("Opening hours and slot length (rooms and inspections)"),
            ),
            MultiFieldPanel([FieldPanel("officer")], heading=_("Officer (inspections)")),
            MultiFieldPanel(
                [
                    FieldPanel("lead_time_days"),
                    FieldPanel("horizon_days"),
                    FieldPanel("cancellation_cutoff_hours"),
                    FieldPanel("requires_approval"),
                ],
                heading=_("Rules"),
            ),
            InlinePanel(
                "blackouts",
                heading=_("Blackout dates"),
                label=_("Blackout dates"),
                panels=[FieldPanel("start_date"), FieldPanel("end_date"), FieldPanel("reason")],
            ),
        ],
        base_form_class=BookableResourceForm,
    )
