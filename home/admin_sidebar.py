"""Wagtail's admin sidebar, kept rendered between requests with Django's ``{% cache %}``.

Every admin page renders Wagtail's sidebar: each menu item asks whether to show for
this user, then the menu is serialised to JSON with its icons and scripts, on every
admin page (the inbox listing, the case view, Wagtail's own listings; the cost is in
docs/performance.md), the same answer for a user from one page to the next.
``templates/wagtailadmin/base.html`` is Wagtail's own template with that one tag
inside ``{% cache admin_sidebar_seconds "admin-sidebar" admin_sidebar_version %}``;
what is kept is exactly what Wagtail's tag renders.

The version (`version`) carries the user, the language, what the sidebar shows of
the user (name, e-mail, avatar, dismissed notices, superuser and active flags) and
a generation (`generation`) that changes when anything that decides which menu
items show changes (`forget`, connected in ``HomeConfig.ready``): a group, a
permission or a membership, a user or a profile, a page created, moved or deleted
(Wagtail's "Formulários" shows when there is a form page), and everything the page
cache's generation follows. With the shared cache (Redis) a change shows at once in
every worker; with the local-memory cache of a single-process setup, at once too,
and other processes see it within ``ADMIN_SIDEBAR_CACHE_SECONDS``. The menu only
links: every view still checks permissions itself.

``tests/home/test_admin_sidebar.py`` pins ``templates/wagtailadmin/base.html`` to
Wagtail's own (an upgrade that changes Wagtail's template fails there) and checks
each change above. ``ADMIN_SIDEBAR_CACHE_SECONDS = 0`` turns it off.
"""

import hashlib

from django.conf import settings
from django.utils.functional import SimpleLazyObject
from django.utils.translation import get_language

from . import page_cache

GENERATION_KEY = "adminsidebar:generation"


def seconds():
    return getattr(settings, "ADMIN_SIDEBAR_CACHE_SECONDS", 0)


def generation():
    return page_cache.counter(page_cache.backend(), GENERATION_KEY)


def forget(**_signal_kwargs):
    """Every kept sidebar is rendered again on its next use."""
    page_cache.advance(page_cache.backend(), GENERATION_KEY)


def version(request):
    user = request.user
    profile = getattr(user, "wagtail_userprofile", None)
    shown = [
        user.get_username(),
        user.first_name,
        user.last_name,
        user.email,
        user.is_superuser,
        user.is_active,
        str(profile.avatar) if profile else "",
        sorted((profile.dismissibles or {}).items()) if profile else [],
    ]
    digest = hashlib.sha256(repr(shown).encode()).hexdigest()[:24]
    return (
        f"{generation()}:{page_cache.request_generation(request)}:{user.pk}:"
        f"{get_language()}:{digest}"
    )


def context(request):
    """Template context processor: what the admin's base template keys the sidebar on
    (worked out only when an admin page renders its sidebar)."""
    return {
        "admin_sidebar_seconds": seconds(),
        "admin_sidebar_version": SimpleLazyObject(lambda: version(request)),
    }


def forget_for_page(sender, instance, **_kwargs):
    """A page created, changed or deleted may show or hide a menu item (Wagtail's
    "Formulários" shows when a form page exists)."""
    from wagtail.models import Page

    if isinstance(instance, Page):
        forget()
