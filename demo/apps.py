from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo council (see `demo/__init__.py`); installed by the dev and test settings only."""

    name = "demo"
    verbose_name = "Demo council"
