"""A small fixed-window rate limit kept in Django's cache.

The cache's atomic ``add``/``incr`` (Redis in production) make concurrent hits
count correctly across processes. Keys hash the client address so the cache
never holds a reader's IP in clear.
"""

import hashlib

from django.core.cache import cache


def client_address(request):
    """The client's address as the web server saw it.

    Behind a proxy, configure the proxy (or a middleware) to set REMOTE_ADDR
    from its trusted header; a header the client controls is never read here.
    """
    return request.META.get("REMOTE_ADDR", "")


def hit(scope, identity, *, limit, period):
    """Count one attempt; return True while ``identity`` stays within ``limit`` per ``period`` s."""
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()
    key = f"ratelimit:{scope}:{digest}"
    if cache.add(key, 1, timeout=period):
        return True
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=period)
        count = 1
    return count <= limit
