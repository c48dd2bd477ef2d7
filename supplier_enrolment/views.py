"""Public endpoints of the supplier registry."""

from django.conf import settings
from django.http import JsonResponse
from django.utils.cache import patch_cache_control
from django.views.decorators.http import require_GET

from core.http import client_address
from core.ratelimit import hit

from .lookup import suggest_suppliers

# Requests per IP address per minute; suggestions are a convenience, so a
# client that goes past the limit just gets none for a while.
DEFAULT_RATE_LIMIT = 60
WINDOW_SECONDS = 60


def _over_limit(request):
    limit = getattr(settings, "SUPPLIER_SUGGESTIONS_PER_MINUTE", DEFAULT_RATE_LIMIT)
    return not hit("supplier-suggest", client_address(request), limit=limit, period=WINDOW_SECONDS)


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
