"""Public transparency answers kept in Django's cache under versioned keys.

The version is the latest ``refresh_transparency`` run, read from the database on
every request (one indexed query): a refresh in any process -- the daily cron job,
a command run by hand -- starts new keys in every worker at once, with no message
between processes, and old entries expire by themselves
(``TRANSPARENCY_CACHE_SECONDS``). Keys hold the language and the full path with
its query string.
"""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

KEPT_HEADERS = ("Content-Type", "Content-Disposition")


def data_version():
    """The latest refresh (0 before the first): the version of every key."""
    from .models import Refresh

    return Refresh.objects.order_by("-pk").values_list("pk", flat=True).first() or 0


def cached(view):
    """Cache a GET view's complete (non-streaming) 200 response for visitors
    without a session (a signed-in editor's page carries their Wagtail user bar)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"transparency:{translation.get_language()}:{digest}"
        version = data_version()
        hit = cache.get(key, version=version)
        if hit is not None:
            content, headers = hit
            response = HttpResponse(content)
            for name, value in headers.items():
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            if hasattr(response, "render"):
                response.render()
            headers = {name: response[name] for name in KEPT_HEADERS if response.has_header(name)}
            cache.set(
                key,
                (response.content, headers),
                settings.TRANSPARENCY_CACHE_SECONDS,
                version=version,
            )
        return response

    return wrapper
