"""Cached public responses, keyed by the data version (the latest refresh), the
language and the full path with its query string: a refresh starts new keys at once,
and old entries expire by themselves."""

import hashlib
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

VERSION_KEY = "transparency:version"


def data_version():
    version = cache.get(VERSION_KEY)
    if version is None:
        from .models import Refresh

        latest = Refresh.objects.order_by("-pk").values_list("pk", flat=True).first()
        version = latest or 0
        cache.set(VERSION_KEY, version, settings.TRANSPARENCY_CACHE_SECONDS)
    return version


def new_version(version):
    cache.set(VERSION_KEY, version, settings.TRANSPARENCY_CACHE_SECONDS)


def cached(view):
    """Cache a GET view's complete (non-streaming) 200 response for visitors
    without a session (a signed-in editor's page carries their Wagtail user bar)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return view(request, *args, **kwargs)
        digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = f"transparency:{data_version()}:{translation.get_language()}:{digest}"
        hit = cache.get(key)
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
            headers = {
                name: response[name]
                for name in ("Content-Type", "Content-Disposition")
                if response.has_header(name)
            }
            cache.set(key, (response.content, headers), settings.TRANSPARENCY_CACHE_SECONDS)
        return response

    return wrapper
