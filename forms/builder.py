"""Django form classes built per request from a step's definition, and what their page shows."""

from django import forms

from .definition import StepDefinition
from .questions import FileUploadQuestion


class StepForm(forms.Form):
    """The questions of one step. `stored_files` are files already uploaded on this step, by
    question key, so the page can list them. Questions that check their fields together
    (priced items, booking slot) do so in `clean_form(form)`."""

    # Underscored, so no question key (which starts with a letter) can clash with them.
    _step: StepDefinition
    _questions: list = []

    def __init__(self, *args, stored_files=None, slot_choice=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.stored_files = stored_files or {}
        # What a booking slot question offers (forms/booking.py), given by the view.
        self.slot_choice = slot_choice

    def clean(self):
        cleaned_data = super().clean()
        for question in self._questions:
            clean_form = getattr(question, "clean_form", None)
            if clean_form is not None:
                clean_form(self)
        return cleaned_data

    @property
    def page_heading_question(self):
        return self._step.single_question

    def question_contexts(self, *, show_errors: bool) -> list[dict]:
        heading = self.page_heading_question
        contexts = []
        for question in self._questions:
            context = question.render_context(self, page_heading=question is heading)
            if not show_errors:
                _hide_errors(context)
            contexts.append(context)
        return contexts

    def error_summary(self) -> list[dict]:
        """Links for the GOV.UK error summary, in the order the questions appear."""
        links = []
        for question in self._questions:
            links.extend(question.error_links(self))
        return links

    def step_data(self) -> dict[str, list[str]]:
        """What the wizard keeps of the posted data: this step's fields, nothing else."""
        prefix = f"{self.prefix}-"
        return {key: values for key, values in self.data.lists() if key.startswith(prefix)}

    def step_files(self) -> dict[str, list]:
        return {
            self.add_prefix(question.key): self.cleaned_data.get(question.key) or []
            for question in self._questions
            if isinstance(question, FileUploadQuestion)
        }


def _hide_errors(context: dict) -> None:
    context.update(error="", error_id="", described_by=context.get("hint_id", ""))
    for item in context.get("items", []):
        item.update(error="", error_id="", described_by=item.get("hint_id", ""))
    for part in context.get("parts", []):
        if isinstance(part.get("error"), bool):
            part["error"] = False
        else:
            part.update(error="", error_id="")


def build_step_form(step: StepDefinition) -> type[StepForm]:
    attrs = {"_step": step, "_questions": step.questions}
    for question in step.questions:
        attrs.update(question.form_fields())
    return type(f"StepForm_{step.key.replace('-', '_')}", (StepForm,), attrs)


def file_questions(step: StepDefinition) -> list[FileUploadQuestion]:
    return [q for q in step.questions if isinstance(q, FileUploadQuestion)]
