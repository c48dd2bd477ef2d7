from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Guidance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from home import page_cache

        from .models import Topic

        # Topic names show on guidance and news pages (tags, filters).
        post_save.connect(page_cache.purge, sender=Topic, dispatch_uid="page_cache_topic_saved")
        post_delete.connect(page_cache.purge, sender=Topic, dispatch_uid="page_cache_topic_deleted")
