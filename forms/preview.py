"""What the admin's preview of an eForm shows: the first question page as residents see it, or a
summary of every step and question (with the conditions that show each step).

It works on the edit form's unsaved object, whose steps are held in memory, so editors see their
changes before they save a draft, let alone publish.
"""

from django.utils.translation import gettext as _

from .blocks import QuestionsBlock
from .builder import build_step_form


def preview_context(eform) -> dict:
    definition = eform.definition
    context = {"eform": eform, "is_preview": True, "steps": [], "questions": []}
    if not definition.steps:
        context["page_title"] = eform.title or _("eForm")
        return context
    first = definition.steps[0]
    form = build_step_form(first)(prefix=first.key)
    kinds = {name: block.label for name, block in QuestionsBlock().child_blocks.items()}
    context.update(
        step=first,
        questions=form.question_contexts(show_errors=False),
        heading=None if first.single_question else first.title,
        page_title=first.single_question.label if first.single_question else first.title,
        steps=[
            {
                "title": step.title,
                "key": step.key,
                "condition_key": step.condition_key,
                "condition_value": step.condition_value,
                "questions": [
                    {
                        "label": question.label,
                        "kind": kinds.get(question.kind, question.kind),
                        "required": question.required,
                    }
                    for question in step.questions
                ],
            }
            for step in definition.steps
        ],
    )
    return context
