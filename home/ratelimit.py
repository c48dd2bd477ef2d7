"""A small fixed-window rate limit kept in Django's cache.

The cache's atomic ``add``/``incr`` (Redis in production) make concurrent hits
count correctly across processes. Keys hash the client address so the cache
never holds a reader's IP in clear.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache


def client_address(request):
    """The client's address, as the web server or the trusted proxy saw it.

    With ``settings.CLIENT_IP_HEADER`` (e.g. ``HTTP_X_FORWARDED_FOR``) the last
    address of that header is used: the one our own proxy appended, which a
    client cannot forge; earlier entries can be anything a client sent.
    """
    header = getattr(settings, "CLIENT_IP_HEADER", None)
    if header and request.META.get(header):
        return request.META[header].split(",")[-1].strip()
    return request.META.get("REMOTE_ADDR", "")


def _key(scope, identity):
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()
    return f"ratelimit:{scope}:{digest}"


def count(scope, identity):
    """How many attempts ``identity`` made in the current window (none counted here)."""
    return cache.get(_key(scope, identity)) or 0


def hit(scope, identity, *, limit, period):
    """Count one attempt; return True while ``identity`` stays within ``limit`` per ``period`` s."""
    key = _key(scope, identity)
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=period)
        count = 1
    return count <= limit
