from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    """The closure survey: how satisfied a resident was once their case closed."""

    name = "crm.surveys"
    label = "surveys"
    verbose_name = _("Closure surveys")

    def ready(self):
        from crm.cases.services.subject_access import register_export_section
        from crm.cases.signals import case_status_changed

        from .exports import survey_answers_section
        from .services import on_case_status_changed

        case_status_changed.connect(
            on_case_status_changed, dispatch_uid="surveys.send_closure_survey"
        )
        # A person's survey answers are part of what we hold about them (subject access).
        register_export_section("surveys.closure_survey_answers", survey_answers_section)
