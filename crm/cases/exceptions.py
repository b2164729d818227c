"""Errors the case services raise; views show them to the user as form errors."""

from django.core.exceptions import ValidationError


class CaseTransitionError(ValidationError):
    """The case cannot move to the requested status from the one it is in."""
