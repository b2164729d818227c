"""The demo tests walk the demo eForms with the eForm tests' fixture."""

from tests.forms.conftest import walk  # noqa: F401 - fixture
