from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ServicesConfig(AppConfig):
    name = "services"
    verbose_name = _("Guidance")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_save

        from home import page_cache

        from .models import Problem, Subject, Topic

        # Topic names show on guidance and news pages (tags, filters); the whole
        # taxonomy in the complaint form's problem list (forms.fields.problem_taxonomy).
        for model in (Topic, Subject, Problem):
            name = model.__name__.lower()
            post_save.connect(
                page_cache.purge, sender=model, dispatch_uid=f"page_cache_{name}_saved"
            )
            post_delete.connect(
                page_cache.purge, sender=model, dispatch_uid=f"page_cache_{name}_deleted"
            )

        from .suggestions import mark_journey_submitted

        # By label, so this app never imports the form builder (which imports it):
        # a complaint draft sent marks the suggestions opened on its way.
        post_save.connect(
            mark_journey_submitted,
            sender="procon_forms.Draft",
            dispatch_uid="suggestion_journey_sent",
        )
