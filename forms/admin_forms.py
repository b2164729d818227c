"""The admin form for an eForm: checks the whole definition (steps together) before saving and
puts each problem next to the step field or question it concerns."""

from django.core.exceptions import ValidationError
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.blocks import StreamBlockValidationError, StructBlockValidationError

from .definition import check_definition, payment_problems, step_definition


class EFormAdminForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The model's clean() sees only the saved steps; this form checks the submitted ones.
        self.instance.check_definition_on_clean = False
        # Blank means no fee or deposit (a form that takes no payment leaves them empty).
        for name in ("fee", "deposit"):
            if name in self.fields:
                self.fields[name].required = False

    def clean_fee(self):
        return self.cleaned_data.get("fee") or 0

    def clean_deposit(self):
        return self.cleaned_data.get("deposit") or 0

    def clean(self):
        cleaned_data = super().clean()
        formset = self.formsets.get("steps")
        if formset is None or not formset.is_valid():
            return cleaned_data
        step_forms = [form for form in formset.ordered_forms if form.cleaned_data]
        steps = [
            step_definition(
                key=form.cleaned_data.get("key"),
                title=form.cleaned_data.get("title"),
                condition_key=form.cleaned_data.get("condition_key"),
                condition_value=form.cleaned_data.get("condition_value"),
                fields=form.cleaned_data.get("fields"),
            )
            for form in step_forms
        ]
        payment = payment_problems(
            steps,
            payment_service=cleaned_data.get("payment_service"),
            fee=cleaned_data.get("fee"),
            deposit=cleaned_data.get("deposit"),
        )
        for field, message in payment.items():
            self.add_error(field if field in self.fields else None, message)
        question_errors: dict[int, dict] = {}
        for problem in check_definition(steps):
            if problem.step is None:
                self.add_error(None, problem.message)
            elif problem.block is not None:
                blocks = question_errors.setdefault(problem.step, {})
                blocks.setdefault(problem.block, {})[problem.block_field] = ValidationError(
                    problem.message
                )
            elif problem.field == "fields":
                step_forms[problem.step].add_error(
                    "fields", StreamBlockValidationError(non_block_errors=[problem.message])
                )
            else:
                step_forms[problem.step].add_error(problem.field, problem.message)
        for index, blocks in question_errors.items():
            step_forms[index].add_error(
                "fields",
                StreamBlockValidationError(
                    block_errors={
                        position: StructBlockValidationError(block_errors=errors)
                        for position, errors in blocks.items()
                    }
                ),
            )
        return cleaned_data
