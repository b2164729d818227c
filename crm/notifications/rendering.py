"""Render staff-edited email templates with Django's template language, safely.

Templates are compiled by a standalone engine with no template loaders (so `{% include %}` and
`{% extends %}` cannot read files) and no autoescaping (the emails are plain text).
"""

import re

from django.core.exceptions import ValidationError
from django.template import Context, Engine, Template, TemplateSyntaxError
from django.utils.translation import gettext as _

_engine = Engine(dirs=[], app_dirs=False, autoescape=False, loaders=[])


def compile_template(source: str) -> Template:
    try:
        return _engine.from_string(source)
    except TemplateSyntaxError as error:
        raise ValidationError(
            _("This template has a mistake: %(error)s"), params={"error": str(error)}
        ) from error


def render_text(source: str, context: dict) -> str:
    return compile_template(source).render(Context(context, autoescape=False))


def render_subject(source: str, context: dict) -> str:
    """Subjects must be one line: mail headers cannot hold line breaks."""
    return re.sub(r"\s+", " ", render_text(source, context)).strip()
