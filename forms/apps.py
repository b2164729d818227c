from django.apps import AppConfig


class FormsConfig(AppConfig):
    """The eForm engine: editor-built forms and their multi-step runtime (see docs/eforms.md)."""

    name = "forms"
    label = "eforms"
    verbose_name = "eForms"
