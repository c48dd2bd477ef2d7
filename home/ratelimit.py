"""A small fixed-window rate limit kept in Django's cache.

The cache's atomic ``add``/``incr`` (Redis in production) make concurrent hits
count correctly across processes. Keys hash the client address so the cache
never holds a reader's IP in clear.
"""

import hashlib
import ipaddress
import logging

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)


def client_address(request):
    """The client's address, as the web server or the trusted proxy saw it.

    With ``settings.CLIENT_IP_HEADER`` (e.g. ``HTTP_X_FORWARDED_FOR``) the last
    address of that header is used: the one our own proxy appended, which a
    client cannot forge; earlier entries can be anything a client sent.
    "REMOTE_ADDR" declares that clients connect directly (no proxy).

    A header value that is not an IP address (a misconfigured proxy, or a header
    the proxy passes through from the client) is logged, and the socket's
    address is used instead: a request is never refused for it.
    """
    header = getattr(settings, "CLIENT_IP_HEADER", None)
    socket_address = request.META.get("REMOTE_ADDR", "")
    if not header or header == "REMOTE_ADDR" or not request.META.get(header):
        return socket_address
    value = request.META[header].split(",")[-1].strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        logger.warning(
            "%s is not an IP address (%r); using the socket address %s",
            header,
            value[:64],
            socket_address,
        )
        return socket_address


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
