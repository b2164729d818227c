"""The reconciliation export (Reports > Payments reconciliation): one day's payments taken and
refunds made (UK time, `crm.payments.selectors.reconciliation_rows`), with the council's fund
and cost codes, totals per fund and cost code, and the same rows as CSV for finance.

Who may use it: superusers, and staff given "Can view payment" (`payments.view_payment`) on
their group. Everyone else is refused (403) and does not see the menu item.
"""

from collections import defaultdict
from datetime import timedelta
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.menu import MenuItem
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from crm.payments.selectors import RECONCILIATION_COLUMNS, format_amount, reconciliation_rows

from .csv_export import csv_response
from .forms import ReconciliationForm

VIEW_PERMISSION = "payments.view_payment"


def can_reconcile(user) -> bool:
    return bool(
        user
        and user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.has_perm(VIEW_PERMISSION))
    )


class ReconciliationMenuItem(MenuItem):
    def is_shown(self, request):
        return can_reconcile(request.user)


def reconciliation_url(day=None, *, csv: bool = False) -> str:
    url = reverse("payments_admin:reconciliation")
    query = {}
    if day:
        query["day"] = day.isoformat()
    if csv:
        query["format"] = "csv"
    return f"{url}?{urlencode(query)}" if query else url


def totals_by_code(rows: list[dict]) -> list[dict]:
    """Taken, refunded and net, per fund and cost code, in code order."""
    totals: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(
        lambda: {"payments": Decimal("0.00"), "refunds": Decimal("0.00")}
    )
    for row in rows:
        key = (row["fund_code"], row["cost_code"])
        amount = Decimal(row["amount"])
        totals[key]["payments" if amount >= 0 else "refunds"] += amount
    return [
        {
            "fund_code": fund,
            "cost_code": cost,
            "payments": sums["payments"],
            "refunds": sums["refunds"],
            "net": sums["payments"] + sums["refunds"],
        }
        for (fund, cost), sums in sorted(totals.items())
    ]


def pounds_text(amount: Decimal) -> str:
    return format_amount(int(amount * 100))


class ReconciliationView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "payments/admin/reconciliation.html"
    page_title = _("Payments reconciliation")
    header_icon = "table"

    def dispatch(self, request, *args, **kwargs):
        if not can_reconcile(request.user):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.page_title}]

    def get(self, request, *args, **kwargs):
        self.form = ReconciliationForm(
            request.GET if "day" in request.GET else {"day": timezone.localdate().isoformat()}
        )
        self.day = self.form.cleaned_data["day"] if self.form.is_valid() else None
        self.rows = reconciliation_rows(self.day) if self.day else []
        if self.day and request.GET.get("format") == "csv":
            return self.csv()
        return super().get(request, *args, **kwargs)

    def csv(self):
        """The rows only, one a payment or refund, so finance can import the file as it is."""
        return csv_response(
            f"reconciliation-{self.day.isoformat()}.csv",
            [str(heading) for _key, heading in RECONCILIATION_COLUMNS],
            [
                [
                    row[key].isoformat() if key == "date" else row[key]
                    for key, _heading in RECONCILIATION_COLUMNS
                ]
                for row in self.rows
            ],
        )

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        totals = totals_by_code(self.rows)
        for total in totals:
            for key in ("payments", "refunds", "net"):
                total[f"{key}_text"] = pounds_text(total[key])
        grand_total = sum((Decimal(row["amount"]) for row in self.rows), Decimal("0.00"))
        context.update(
            form=self.form,
            day=self.day,
            columns=[heading for _key, heading in RECONCILIATION_COLUMNS],
            rows=[
                [
                    pounds_text(row[key]) if key == "amount" else row[key]
                    for key, _heading in RECONCILIATION_COLUMNS
                ]
                for row in self.rows
            ],
            totals=totals,
            grand_total=pounds_text(grand_total),
            csv_url=reconciliation_url(self.day, csv=True) if self.day else "",
            previous_url=reconciliation_url(self.day - timedelta(days=1)) if self.day else "",
            next_url=reconciliation_url(self.day + timedelta(days=1)) if self.day else "",
        )
        return context
