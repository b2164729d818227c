from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = "Home and site chrome"

    def ready(self):
        from .chrome import connect_invalidation

        connect_invalidation()
