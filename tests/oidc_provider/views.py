"""Pages of the test provider besides django-oauth-toolkit's."""

import hmac

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import HttpResponse, HttpResponseForbidden, JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST
from oauth2_provider.models import get_application_model

LOOPBACK = {"127.0.0.1", "::1"}
URI_FIELDS = {"redirect": "redirect_uris", "post_logout": "post_logout_redirect_uris"}


def home(request):
    user = request.user
    text = f"gov.br de teste: {user.get_username()}" if user.is_authenticated else "gov.br de teste"
    return HttpResponse(text, content_type="text/plain; charset=utf-8")


@csrf_exempt
@require_POST
def allow_uri(request):
    """Adds a redirect URI to a client while the provider runs: the site under
    test learns its port only after the provider started. Loopback only, with
    the administration token the fixture wrote in the configuration."""
    if request.META.get("REMOTE_ADDR") not in LOOPBACK:
        return HttpResponseForbidden("loopback only")
    given = request.headers.get("Authorization", "")
    if not hmac.compare_digest(given.encode(), f"Bearer {settings.ADMIN_TOKEN}".encode()):
        return HttpResponseForbidden("wrong administration token")
    field = URI_FIELDS.get(request.POST.get("kind", "redirect"))
    uri = request.POST.get("uri", "").strip()
    if field is None or not uri or any(c.isspace() for c in uri):
        return JsonResponse({"error": "kind and uri"}, status=400)
    Application = get_application_model()
    try:
        application = Application.objects.get(client_id=request.POST.get("client_id", ""))
    except Application.DoesNotExist:
        return JsonResponse({"error": "unknown client_id"}, status=404)
    uris = getattr(application, field).split()
    if uri not in uris:
        setattr(application, field, " ".join([*uris, uri]))
        try:
            application.full_clean()
        except ValidationError as error:
            return JsonResponse({"error": error.message_dict}, status=400)
        application.save(update_fields=[field, "updated"])
    return JsonResponse({field: getattr(application, field).split()})
