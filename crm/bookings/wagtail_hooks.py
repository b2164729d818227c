"""Bookings in the Wagtail admin: the "Bookings and payments" menu (the bookings calendar,
bookable resources as snippets, and the payment services crm/payments adds to it), the staff
screens of `crm/bookings/admin/` under /admin/bookings/, and the "Bookings" section of the case
page. docs/staff-bookings-and-payments.md says what staff do where."""

from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.snippets.models import register_snippet

from crm.cases.admin.case_views import CASE_PANELS_HOOK
from crm.cases.admin.menu import CaseMenuItem

from .admin import urls as admin_urls
from .admin.panels import bookings_panel
from .admin.snippets import BOOKINGS_AND_PAYMENTS_MENU_HOOK, BookableResourceViewSet

register_snippet(BookableResourceViewSet)


@hooks.register("register_admin_urls")
def register_bookings_admin_urls():
    return [path("bookings/", include(admin_urls, namespace="bookings_admin"))]


@hooks.register("register_admin_menu_item")
def register_bookings_and_payments_menu():
    """One menu for the calendar and the set-up; each item shows only to those who may use it
    (the calendar: superusers and team members, as the Cases menu; snippets: their permissions)."""
    return SubmenuMenuItem(
        _("Bookings and payments"),
        Menu(register_hook_name=BOOKINGS_AND_PAYMENTS_MENU_HOOK),
        name="bookings-and-payments",
        icon_name="date",
        order=250,
    )


@hooks.register(BOOKINGS_AND_PAYMENTS_MENU_HOOK)
def register_bookings_calendar_menu_item() -> MenuItem:
    return CaseMenuItem(
        _("Bookings calendar"),
        reverse("bookings_admin:calendar"),
        name="bookings-calendar",
        icon_name="calendar",
        order=100,
    )


@hooks.register(CASE_PANELS_HOOK)
def add_bookings_panel(request, case, errors):
    return bookings_panel(request, case, errors)
