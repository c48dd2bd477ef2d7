"""What templates need to keep parts of a page with Django's ``{% cache %}``.

Shared parts of a page (header, footer, breadcrumbs, a page's rendered body) are
kept rendered between requests::

    {% load cache %}
    {% cache fragment_seconds "footer" fragment_version %}...{% endcache %}
    {% cache fragment_seconds "body" fragment_version page.pk page.latest_revision_id %}

``fragment_version`` holds the page cache's generation (``home.page_cache``), the
host and the language: an editor's publish, a settings change or a taxonomy change
starts new keys at once, and old entries expire on their own. ``fragment_seconds``
is ``FRAGMENT_CACHE_SECONDS``, or 0 (keep nothing) in a preview, whose page is a
draft. Never put anything that differs between visitors inside a fragment: a CSRF
token, a form's answers or errors, messages, the user bar
(``tests/services/test_fragment_cache.py`` checks the templates).
"""

from django.conf import settings
from django.utils import translation
from django.utils.functional import SimpleLazyObject

from . import page_cache


def fragment_cache(request):
    if getattr(request, "is_preview", False):
        return {"fragment_seconds": 0, "fragment_version": ""}
    return {
        "fragment_seconds": getattr(settings, "FRAGMENT_CACHE_SECONDS", 0),
        # Read only when a fragment asks for it.
        "fragment_version": SimpleLazyObject(
            lambda: (
                f"{page_cache.request_generation(request)}:{request.get_host()}:"
                f"{translation.get_language()}"
            )
        ),
    }
