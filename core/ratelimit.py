"""The one rate limit: a small fixed window kept in Django's cache.

The cache's atomic ``add``/``incr`` (Redis in production) make concurrent hits
count correctly across processes. Keys hash the identity (often the client
address, `core.http.client_address`) so the cache never holds a reader's IP in
clear. Limits set in settings read as "hits/seconds" (`parse_rate`).
"""

import hashlib

from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured


def _key(scope, identity):
    digest = hashlib.sha256(f"{scope}:{identity}".encode()).hexdigest()
    return f"ratelimit:{scope}:{digest}"


def count(scope, identity):
    """How many attempts ``identity`` made in the current window (none counted here)."""
    return cache.get(_key(scope, identity)) or 0


def record(scope, identity, *, period):
    """Count one attempt of ``identity`` in a ``period``-second window; the count
    this attempt made (atomic: two concurrent attempts never see the same one)."""
    key = _key(scope, identity)
    if cache.add(key, 1, timeout=period):
        return 1
    try:
        return cache.incr(key)
    except ValueError:  # the window ended between add() and incr()
        cache.add(key, 1, timeout=period)
        return 1


def hit(scope, identity, *, limit, period):
    """Count one attempt; return True while ``identity`` stays within ``limit`` per ``period`` s."""
    return record(scope, identity, period=period) <= limit


def parse_rate(text: str) -> tuple[int, int]:
    """ "60/600" -> (60 hits, 600 seconds)."""
    try:
        hits, seconds = (int(part) for part in str(text).split("/"))
    except ValueError as error:
        raise ImproperlyConfigured(f"A rate must look like 60/600, not {text!r}.") from error
    return hits, seconds
