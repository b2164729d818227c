"""Work queues: "My cases" and the team queues, filtered, sorted and paged by keyset.

A page costs the same queries whatever its length or depth: `cases_for_team_queue` fetches
everything a row shows with the cases, `queue_page` reads the page through an index in the
queue's order from a cursor (never OFFSET), and counts at most `COUNT_CAP` cases ("1,000+
cases"). The row labels (status, channel, officer, dates, links) are worked out here once per
distinct value, not per row in the template. Pages are plain "Previous"/"Next" links: no
JavaScript needed.

Each row shows its clock flags (`crm.cases.clock_flags.flags_for_cases`: Overdue, Due today, Due
soon, Clock stopped, Acknowledgement overdue; a fixed few queries per page, whatever its length)
and a tick box: the ticked cases go to the bulk actions page (`bulk.py`).
"""

from urllib.parse import urlencode

from django import forms
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..clock_flags import flags_for_cases
from ..enums import CaseStatus, Channel
from ..selectors import BadCursor, cases_for_team_queue, open_first_queue_page, queue_page
from .forms import OPEN, QueueFilterForm

PAGE_SIZE = 50
BULK_LIMIT = 100  # cases one bulk action may change (bulk.py)
CURSOR_PARAM = "cursor"
PAGE_PARAM = "p"  # the page's number, shown as "Page 3"; the cursor says where it starts
# Old "?p=N" links without a cursor still work (by OFFSET) this deep; past it, page 1.
MAX_OFFSET_PAGE = 20
CASE_UUID_PLACEHOLDER = "00000000-0000-0000-0000-000000000000"


def page_number(value) -> int:
    try:
        number = int(value)
    except (TypeError, ValueError):
        return 1
    return number if 1 <= number <= 1_000_000 else 1


class RowLabels:
    """What each queue row shows, worked out once per distinct value for the whole page."""

    def __init__(self, today):
        self.today = today
        self.statuses = {value: str(label) for value, label in CaseStatus.choices}
        self.channels = {value: str(label) for value, label in Channel.choices}
        self.case_url = reverse("cases_admin:case", kwargs={"case_uuid": CASE_UUID_PLACEHOLDER})
        self.dates: dict = {}
        self.officers: dict = {}

    def date(self, value) -> str:
        if value not in self.dates:
            self.dates[value] = formats.date_format(value, "j M Y")
        return self.dates[value]

    def officer(self, user) -> str:
        if user.pk not in self.officers:
            self.officers[user.pk] = user.get_full_name() or user.get_username()
        return self.officers[user.pk]

    def label(self, case) -> None:
        case.status_label = self.statuses.get(case.status, case.status)
        case.channel_label = self.channels.get(case.channel, case.channel)
        case.url = self.case_url.replace(CASE_UUID_PLACEHOLDER, str(case.uuid))
        case.officer_label = self.officer(case.assigned_to) if case.assigned_to_id else ""
        case.due_label = self.date(case.due_date)
        case.created_label = self.date(timezone.localdate(case.created_at))


class QueueFilters(QueueFilterForm):
    """The queue's filters with "Due soon only" next to "Overdue only" (the due-soon window is
    `crm.cases.clock_flags.due_soon_until`)."""

    due_soon = forms.BooleanField(label=_("Due soon only"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        names = list(self.fields)
        names.remove("due_soon")
        names.insert(names.index("overdue") + 1, "due_soon")
        self.order_fields(names)

    def queue_filters(self) -> dict:
        filters = super().queue_filters()
        if self.cleaned_data.get("due_soon"):
            filters["due_soon"] = True
        return filters


class BaseQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cases/admin/queue.html"
    header_icon = "tasks"
    page_size = PAGE_SIZE
    pager = staticmethod(queue_page)
    with_team_filter = False
    default_status = ""
    empty_message = _("There are no cases here.")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def filter_form(self) -> QueueFilters:
        data = self.request.GET.copy()
        if "status" not in data:
            data["status"] = self.default_status
        form = QueueFilters(data, user=self.request.user, with_team=self.with_team_filter)
        form.is_valid()  # invalid fields are shown with their errors and left out of the filter
        return form

    def get_queryset(self):
        return cases_for_team_queue(user=self.request.user, **self.filter_form.queue_filters())

    def page_url(self, cursor: str | None, number: int) -> str:
        """This queue with the same filters, at the page that `cursor` starts."""
        params = [
            (name, value)
            for name, values in self.request.GET.lists()
            if name not in (CURSOR_PARAM, PAGE_PARAM)
            for value in values
        ]
        if cursor:
            params += [(CURSOR_PARAM, cursor), (PAGE_PARAM, str(number))]
        query = urlencode(params)
        return f"{self.request.path}?{query}" if query else self.request.path

    def get_page(self, cases):
        """(page, number, bad_cursor): the cursor's page, an old "?p=N" link's page, or the
        first page when the cursor was tampered with or belongs to another sort order."""
        cursor = self.request.GET.get(CURSOR_PARAM) or None
        number = page_number(self.request.GET.get(PAGE_PARAM))
        if cursor:
            try:
                return self.pager(cases, cursor=cursor, page_size=self.page_size), number, False
            except BadCursor:
                return self.pager(cases, page_size=self.page_size), 1, True
        if 1 < number <= MAX_OFFSET_PAGE:
            offset = (number - 1) * self.page_size
            return self.pager(cases, offset=offset, page_size=self.page_size), number, False
        return self.pager(cases, page_size=self.page_size), 1, False

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        page, number, bad_cursor = self.get_page(self.get_queryset())
        today = timezone.localdate()
        labels = RowLabels(today)
        flags = flags_for_cases(page.cases, today) if page.cases else {}
        for case in page.cases:
            labels.label(case)
            case.flags = flags.get(case.pk, [])
        num_pages = None
        if not page.count_capped:
            num_pages = max(1, -(-page.count // self.page_size))
        context.update(
            filter_form=self.filter_form,
            page=page,
            page_number=number,
            num_pages=num_pages,
            next_url=self.page_url(page.next_cursor, number + 1) if page.next_cursor else "",
            previous_url=self.previous_url(page, number),
            bad_cursor=bad_cursor,
            cases=page.cases,
            today=today,
            empty_message=self.empty_message,
            queue_url=self.request.path,
            bulk_url=reverse("cases_admin:bulk_action"),
            this_url=self.request.get_full_path(),
            bulk_limit=BULK_LIMIT,
        )
        return context

    def previous_url(self, page, number: int) -> str:
        if not page.previous_cursor:
            return ""
        if number <= 2:
            return self.page_url(None, 1)  # page 1 is the queue's own URL
        return self.page_url(page.previous_cursor, number - 1)


class MyCasesView(BaseQueueView):
    """Cases assigned to the signed-in officer, open ones first."""

    page_title = _("My cases")
    empty_message = _("No cases are assigned to you.")
    pager = staticmethod(open_first_queue_page)

    def get_queryset(self):
        filters = self.filter_form.queue_filters()
        return cases_for_team_queue(user=self.request.user, officer=self.request.user, **filters)


class TeamQueueView(BaseQueueView):
    """The cases of the teams the officer works in (one team with `?team=`), open ones by
    default."""

    page_title = _("Team queues")
    with_team_filter = True
    default_status = OPEN
    empty_message = _("No cases match these filters.")

    def get_page_title(self):
        team = self.filter_form.cleaned_data.get("team")
        if team is not None:
            return _("Queue: %(team)s") % {"team": team.name}
        return self.page_title


def team_queue_url(team) -> str:
    return f"{reverse('cases_admin:team_queue')}?team={team.pk}"
