"""Wagtail admin chrome from the cache: the sidebar and the shortcuts dialog.

Every admin page renders Wagtail's sidebar (each menu item asks the permission
policy whether to show, then the menu is serialised to JSON) and its
keyboard-shortcuts dialog. On the inbox listing that took about a third of the
request. Neither depends on the page being shown, so both are kept:

- the sidebar per user and language, for ``ADMIN_SIDEBAR_CACHE_SECONDS`` (120 by
  default; 0 turns it off). The key carries what the menu shows of the user
  (name, e-mail, avatar, dismissed items, superuser and active flags) and a
  generation that changes with groups and permissions (``bump()``, connected in
  ``HomeConfig.ready``). With a shared cache (Redis) a permission change shows
  at once in every worker; with the per-process local-memory cache, other
  workers see it when their copy expires. The menu only links: every view still
  checks permissions itself;
- the shortcuts dialog, per language and the inputs Wagtail's tag reads (the
  user's shortcut preference, comments on or off, Mac or not), in the process.

Both wrap Wagtail's own tags (installed under the same names in
``wagtailadmin_tags``), so what they render is Wagtail's.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.template.loader import render_to_string
from django.utils.translation import get_language

from home import page_cache

GENERATION_KEY = "adminchrome:generation"
SHORTCUTS_TEMPLATE = "wagtailadmin/shared/keyboard_shortcuts_dialog.html"
_shortcuts = {}


def sidebar_seconds():
    return getattr(settings, "ADMIN_SIDEBAR_CACHE_SECONDS", 120)


def generation():
    return page_cache.counter(cache, GENERATION_KEY)


def bump(**_signal_kwargs):
    """Forget every cached sidebar (a group, a permission or a membership changed)."""
    page_cache.advance(cache, GENERATION_KEY)


def sidebar_key(user):
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
    return f"adminchrome:sidebar:{generation()}:{user.pk}:{get_language()}:{digest}"


def _plain(value):
    """Hashable, with lazy translations turned into text (their repr is an address)."""
    if isinstance(value, dict):
        return tuple((_plain(key), _plain(item)) for key, item in value.items())
    if isinstance(value, (list, tuple)):
        return tuple(_plain(item) for item in value)
    if isinstance(value, (bool, int, type(None))):
        return value
    return str(value)


def install():
    """Replace Wagtail's two tags with caching wrappers around them."""
    from wagtail.admin.templatetags import wagtailadmin_tags

    library = wagtailadmin_tags.register
    render_sidebar = wagtailadmin_tags.sidebar_props
    shortcuts_context = wagtailadmin_tags.keyboard_shortcuts_dialog

    def sidebar_props(context):
        user = getattr(context.get("request"), "user", None)
        if not sidebar_seconds() or user is None or not user.is_authenticated:
            return render_sidebar(context)
        key = sidebar_key(user)
        html = cache.get(key)
        if html is None:
            html = render_sidebar(context)
            cache.set(key, html, sidebar_seconds())
        return html

    def keyboard_shortcuts_dialog(context):
        values = shortcuts_context(context)
        key = (get_language(), _plain(values))
        html = _shortcuts.get(key)
        if html is None:
            html = _shortcuts[key] = render_to_string(SHORTCUTS_TEMPLATE, values)
        return html

    library.simple_tag(sidebar_props, takes_context=True, name="sidebar_props")
    library.simple_tag(
        keyboard_shortcuts_dialog, takes_context=True, name="keyboard_shortcuts_dialog"
    )
