from django.apps import AppConfig


class CasesConfig(AppConfig):
    """Customers, case types, teams, cases and their timeline: the CRM's core."""

    name = "crm.cases"
    label = "cases"
    verbose_name = "Cases"

    def ready(self) -> None:
        from django.core import checks

        from .calendar import check_nation

        checks.register(check_nation)
