"""Workflows in the Wagtail admin (Snippets > Workflows): staff build a case type's states and
transitions, and every changed save publishes a new version (`crm.cases.workflows`).

Cases keep the version they started under, so the edit page lists the versions and how many
cases follow each. A workflow that a case type uses, or that cases follow, cannot be deleted:
the delete page says why instead of failing.
"""

from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpResponseRedirect
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin import messages
from wagtail.admin.panels import FieldPanel, ObjectList, Panel
from wagtail.admin.views.generic import CopyViewMixin
from wagtail.snippets.bulk_actions.delete import DeleteBulkAction
from wagtail.snippets.views.snippets import CreateView, DeleteView, EditView, SnippetViewSet

from ..models import Workflow
from ..workflows import delete_workflow, publish_version, workflow_in_use


class WorkflowVersionsPanel(Panel):
    """Read only: the versions published so far, newest first, and the cases following each."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "cases/admin/workflows/versions_panel.html"

        def is_shown(self):
            return bool(self.instance and self.instance.pk)

        def get_context_data(self, parent_context=None):
            context = super().get_context_data(parent_context)
            context["versions"] = (
                self.instance.versions.select_related("created_by")
                .annotate(case_count=Count("cases"))
                .order_by("-number")
            )
            context["case_types"] = self.instance.case_types.order_by("name")
            return context


class PublishingMixin:
    """Save the workflow and publish it as a new version (if it changed) in one transaction, so a
    saved workflow always has the version new cases start under."""

    def save_instance(self):
        instance = super().save_instance()
        version = publish_version(instance, user=self.request.user)
        self.published_number = version.number
        return instance

    def get_success_message(self, *args):
        number = getattr(self, "published_number", None)
        if number is None:
            return super().get_success_message(*args)
        return _(
            "Workflow “%(name)s” saved. New cases follow version %(number)s; cases already "
            "open keep the version they started under."
        ) % {"name": self.object, "number": number}


class WorkflowCreateView(PublishingMixin, CreateView):
    pass


class WorkflowCopyView(CopyViewMixin, WorkflowCreateView):
    """Copy: a new workflow from another's states and transitions, with its own version 1."""

    def get_initial_form_instance(self):
        # An unsaved copy, so the form never saves over the original (nor lists its versions).
        original = super().get_initial_form_instance()
        return Workflow(
            name=original.name,
            slug=original.slug,
            description=original.description,
            definition=list(original.definition.raw_data),
        )


class WorkflowEditView(PublishingMixin, EditView):
    pass


class WorkflowDeleteView(DeleteView):
    """Refuse, with the reason, a workflow that case types use or cases follow."""

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["in_use"] = workflow_in_use(self.object)
        return context

    def delete_action(self):
        delete_workflow(self.object)

    def form_valid(self, form):
        try:
            return super().form_valid(form)
        except ValidationError as error:
            for message in error.messages:
                messages.error(self.request, message)
            return HttpResponseRedirect(self.request.path)


class WorkflowDeleteBulkAction(DeleteBulkAction):
    """The listing's "Delete" for ticked workflows: refused, with the reasons, when any is in
    use; otherwise each is deleted with its versions (a plain delete would hit PROTECT)."""

    models = [Workflow]

    def prepare_action(self, objects, objects_without_access):
        refused = [(workflow, workflow_in_use(workflow)) for workflow in objects]
        refused = [(workflow, reasons) for workflow, reasons in refused if reasons]
        if not refused:
            return None
        for workflow, reasons in refused:
            messages.error(
                self.request,
                " ".join([_("“%(name)s” cannot be deleted.") % {"name": workflow}, *reasons]),
            )
        return HttpResponseRedirect(self.next_url)

    @classmethod
    def execute_action(cls, objects, user=None, **kwargs):
        for workflow in objects:
            delete_workflow(workflow)
        return len(objects), 0


# After the snippets app's own "Delete" (order 0), so this one is the workflows'.
hooks.register("register_bulk_action", WorkflowDeleteBulkAction, order=1)


class WorkflowViewSet(SnippetViewSet):
    """Cases > Workflows is where staff say what happens to each type of case."""

    model = Workflow
    icon = "list-ol"
    menu_label = _("Workflows")
    list_display = ["name", "slug", "updated_at"]
    search_fields = ["name", "slug"]
    add_view_class = WorkflowCreateView
    copy_view_class = WorkflowCopyView
    edit_view_class = WorkflowEditView
    delete_view_class = WorkflowDeleteView
    delete_template_name = "cases/admin/workflows/confirm_delete.html"
    edit_handler = ObjectList(
        [
            FieldPanel("name"),
            FieldPanel("slug"),
            FieldPanel("description"),
            FieldPanel("definition"),
            WorkflowVersionsPanel(heading=_("Published versions")),
        ]
    )
