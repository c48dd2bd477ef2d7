"""Absolute links for e-mails, letters and anything read away from the site.

They start from the default Wagtail Site's root URL (Settings > Sites in the
admin, or `manage.py set_site_root`), the same address Wagtail gives pages in
`Page.full_url`, so a site served on another port or host sends links that
work there. A request is not needed: e-mails are often written by tasks.
"""

from django.conf import settings
from django.utils import translation
from wagtail.models import Site


def site_root_url():
    """The default site's root, e.g. "https://procon.mt.gov.br" (no trailing slash)."""
    site = Site.objects.filter(is_default_site=True).only("hostname", "port").first()
    if site is None:
        raise Site.DoesNotExist("There is no default site: run migrate.")
    return site.root_url


def absolute_url(path):
    """`path` (starting with "/") on the default site's root."""
    return site_root_url() + path


def localized_path(path, language=None):
    """`path` of the public site in `language` (by default the active one):
    Portuguese at the root, English and Spanish under /en/ and /es/
    (procon/urls.py). Paths already under a prefix are left as they are."""
    language = language or translation.get_language() or settings.LANGUAGE_CODE
    codes = {code for code, _name in settings.LANGUAGES} - {settings.LANGUAGE_CODE}
    if language not in codes or not path.startswith("/"):
        return path
    if any(path == f"/{code}/" or path.startswith(f"/{code}/") for code in codes):
        return path
    return f"/{language}{path}"
