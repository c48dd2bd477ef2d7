"""The site's URLs plus a minimal view: the ceiling of this stack on this server."""

from django.http import HttpResponse
from django.urls import path

from procon.urls import urlpatterns as site_urlpatterns


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok/", ok), *site_urlpatterns]
