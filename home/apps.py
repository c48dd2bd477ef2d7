from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class HomeConfig(AppConfig):
    name = "home"
    verbose_name = _("Home and site settings")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.models.signals import post_delete, post_migrate, post_save
        from wagtail.contrib.settings.models import BaseGenericSetting, BaseSiteSetting
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model
        from wagtail.models import Locale, Page, PageViewRestriction, Site
        from wagtail.signals import page_published, page_unpublished, post_page_move

        from . import (
            admin_sidebar,
            checks,  # noqa: F401  (deployment checks)
            i18n,
            page_cache,
            security,  # noqa: F401  (connects the login-time receiver)
        )

        # The locale ids home/i18n.py keeps (a flush sends post_migrate).
        post_save.connect(i18n.forget_locales, sender=Locale, dispatch_uid="i18n_locale_saved")
        post_delete.connect(i18n.forget_locales, sender=Locale, dispatch_uid="i18n_locale_gone")
        post_migrate.connect(i18n.forget_locales, dispatch_uid="i18n_migrated")

        for signal in (page_published, page_unpublished, post_page_move):
            signal.connect(page_cache.purge, dispatch_uid=f"page_cache_{id(signal)}")

        settings_models = (BaseSiteSetting, BaseGenericSetting)

        def settings_changed(sender, instance, created=False, **kwargs):
            # Every page shows them (menu, footer, contacts). A row created with its
            # defaults on first use changes nothing that pages show.
            if not created and isinstance(instance, settings_models):
                page_cache.purge()

        def routing_changed(sender, instance, **kwargs):
            # A page made private must stop being served from the cache at once,
            # and a site's hostname or home page decides which page an address is.
            page_cache.purge()

        # An image or document edited or replaced in place (same id, new file,
        # title or focal point) shows on every page that uses it.
        media_models = (get_image_model(), get_document_model())

        def media_changed(sender, instance, created=False, **kwargs):
            if not created:
                page_cache.purge()

        def deleted(sender, instance, **kwargs):
            if isinstance(
                instance, (Page, PageViewRestriction, Site, *settings_models, *media_models)
            ):
                page_cache.purge()

        post_save.connect(settings_changed, weak=False, dispatch_uid="page_cache_settings")
        post_delete.connect(deleted, weak=False, dispatch_uid="page_cache_deleted")
        for model in (PageViewRestriction, Site):
            post_save.connect(
                routing_changed,
                sender=model,
                weak=False,
                dispatch_uid=f"page_cache_routing_{model.__name__}",
            )
        for model in media_models:
            post_save.connect(
                media_changed,
                sender=model,
                weak=False,
                dispatch_uid=f"page_cache_media_{model.__name__}",
            )

        # What decides which admin menu items a user sees (home/admin_sidebar.py).
        from django.contrib.auth import get_user_model
        from django.contrib.auth.models import Group, Permission
        from django.db.models.signals import m2m_changed
        from wagtail.users.models import UserProfile

        user_model = get_user_model()
        for signal in (post_save, post_delete):
            for model in (user_model, Group, Permission, UserProfile):
                signal.connect(
                    admin_sidebar.forget,
                    sender=model,
                    weak=False,
                    dispatch_uid=f"admin_sidebar_{signal is post_save}_{model._meta.label}",
                )
            # Saves of every page type (their sender is the specific class).
            signal.connect(
                admin_sidebar.forget_for_page,
                weak=False,
                dispatch_uid=f"admin_sidebar_{signal is post_save}_pages",
            )
        for relation in (
            user_model.groups.through,
            user_model.user_permissions.through,
            Group.permissions.through,
        ):
            m2m_changed.connect(
                admin_sidebar.forget,
                sender=relation,
                weak=False,
                dispatch_uid=f"admin_sidebar_m2m_{relation._meta.label}",
            )
        post_page_move.connect(admin_sidebar.forget, dispatch_uid="admin_sidebar_page_move")
