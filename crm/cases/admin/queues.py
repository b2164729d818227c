"""Work queues: "My cases" and the team queues, filtered, sorted and paginated.

A page costs the same number of queries whatever its length: `cases_for_team_queue` fetches
everything a row shows with the cases, and the paginator adds one count.
"""

from django.core.paginator import Paginator
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from django.views.generic import TemplateView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from ..selectors import cases_for_team_queue, open_cases_first
from .forms import OPEN, QueueFilterForm

PAGE_SIZE = 50


class BaseQueueView(WagtailAdminTemplateMixin, TemplateView):
    template_name = "cases/admin/queue.html"
    header_icon = "tasks"
    page_size = PAGE_SIZE
    with_team_filter = False
    default_status = ""
    empty_message = _("There are no cases here.")

    def get_breadcrumbs_items(self):
        return [*self.breadcrumbs_items, {"url": "", "label": self.get_page_title()}]

    @cached_property
    def filter_form(self) -> QueueFilterForm:
        data = self.request.GET.copy()
        if "status" not in data:
            data["status"] = self.default_status
        form = QueueFilterForm(data, user=self.request.user, with_team=self.with_team_filter)
        form.is_valid()  # invalid fields are shown with their errors and left out of the filter
        return form

    def get_queryset(self):
        return cases_for_team_queue(user=self.request.user, **self.filter_form.queue_filters())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        paginator = Paginator(self.get_queryset(), self.page_size)
        page = paginator.get_page(self.request.GET.get("p"))
        context.update(
            filter_form=self.filter_form,
            page_obj=page,
            cases=page.object_list,
            elided_page_range=paginator.get_elided_page_range(page.number),
            today=timezone.localdate(),
            empty_message=self.empty_message,
            queue_url=self.request.path,
        )
        return context


class MyCasesView(BaseQueueView):
    """Cases assigned to the signed-in officer, open ones first."""

    page_title = _("My cases")
    empty_message = _("No cases are assigned to you.")

    def get_queryset(self):
        filters = self.filter_form.queue_filters()
        cases = cases_for_team_queue(user=self.request.user, officer=self.request.user, **filters)
        return open_cases_first(cases)


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
