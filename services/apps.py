from django.apps import AppConfig


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = "Services and content"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from home.chrome import invalidate

        from .models_disclosure import DisclosureTopic

        # A topic's name shows on every log entry tagged with it and in the log's filters.
        post_save.connect(invalidate, sender=DisclosureTopic, dispatch_uid="topic-saved")
        post_delete.connect(invalidate, sender=DisclosureTopic, dispatch_uid="topic-deleted")
