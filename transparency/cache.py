"""Public transparency answers kept in Django's cache under versioned keys.

The version is the latest ``refresh_transparency`` run, read from the database on
every request (one indexed query): a refresh in any process -- the daily cron job,
a command run by hand -- starts new keys in every worker at once, with no message
between processes, and old entries expire by themselves
(``TRANSPARENCY_CACHE_SECONDS``). Keys hold the language and the full path with
its query string.

Views are wrapped in `cached` (the whole response); the open-data API's operations
(`transparency.api`) keep their answer's data with `cached_data`, which the API then
turns into JSON through the documented schema.
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


def _key(scope, request):
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"{scope}:{translation.get_language()}:{digest}"


def cached_data(request, build):
    """What `build()` returns (data that pickles: dicts, lists, numbers, text), kept
    under the request's path and language for the latest refresh. An exception
    raised by `build` (a bad parameter, nothing found) is not kept."""
    key = _key("transparency-data", request)
    version = data_version()
    data = cache.get(key, version=version)
    if data is None:
        data = build()
        cache.set(key, data, settings.TRANSPARENCY_CACHE_SECONDS, version=version)
    return data


def cached(view):
    """Cache a GET view's complete (non-streaming) 200 response for visitors
    without a session (a signed-in editor's page carries their Wagtail user bar)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        key = _key("transparency", request)
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
