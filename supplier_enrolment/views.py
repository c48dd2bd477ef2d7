"""Public endpoints of the supplier registry."""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from .lookup import suggest_suppliers

# Requests per IP address per minute; suggestions are a convenience, so a
# client that goes past the limit just gets none for a while.
DEFAULT_RATE_LIMIT = 60
WINDOW_SECONDS = 60


def _over_limit(request):
    limit = getattr(settings, "SUPPLIER_SUGGESTIONS_PER_MINUTE", DEFAULT_RATE_LIMIT)
    # REMOTE_ADDR only: a forwarded-for header is whatever the client says. Behind
    # a proxy, the proxy must set REMOTE_ADDR. The address is hashed so that no
    # IP address (personal data) sits in the cache.
    address = request.META.get("REMOTE_ADDR", "")
    key = "supplier-suggest:" + hashlib.sha256(address.encode()).hexdigest()[:32]
    if cache.add(key, 1, WINDOW_SECONDS):
        return False
    try:
        return cache.incr(key) > limit
    except ValueError:  # the key expired between add() and incr()
        cache.add(key, 1, WINDOW_SECONDS)
        return False


@require_GET
def suggestions(request):
    """GET ?q=... -> {"results": [{"name", "cnpj"}, ...]}: up to 10 enrolled
    suppliers matching a name or a CNPJ prefix (at least 2 characters)."""
    if _over_limit(request):
        response = JsonResponse({"results": [], "error": "rate_limited"}, status=429)
        response["Retry-After"] = str(WINDOW_SECONDS)
        patch_cache_control(response, no_store=True)
        return response
    response = JsonResponse({"results": suggest_suppliers(request.GET.get("q", ""))})
    patch_cache_control(response, public=True, max_age=60)
    return response
