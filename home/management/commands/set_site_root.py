"""Point the default site at the address people use, e.g. `https://procon.mt.gov.br`.

Every absolute link in e-mails and letters starts from it (home.links).
"""

from urllib.parse import urlsplit

from django.core.management.base import BaseCommand, CommandError
from wagtail.models import Site

DEFAULT_PORTS = {"http": 80, "https": 443}


def parse_root(url):
    """(hostname, port) of an http(s) root URL without a path; CommandError otherwise."""
    parts = urlsplit(url)
    if parts.scheme not in DEFAULT_PORTS or not parts.hostname:
        raise CommandError(f"Expected an address like https://procon.mt.gov.br, got {url!r}.")
    if parts.path not in ("", "/") or parts.query or parts.fragment:
        raise CommandError(f"The site root has no path: {url!r}.")
    try:
        port = parts.port or DEFAULT_PORTS[parts.scheme]
    except ValueError as error:
        raise CommandError(f"Invalid port in {url!r}.") from error
    # Wagtail's Site.root_url reads port 443 as https and any other as http.
    if (parts.scheme == "https") != (port == 443):
        raise CommandError("Wagtail serves https on port 443 only, and http on any other port.")
    return parts.hostname, port


class Command(BaseCommand):
    help = "Set the default site's host and port from an address like https://procon.mt.gov.br."

    def add_arguments(self, parser):
        parser.add_argument("url")

    def handle(self, url, **options):
        hostname, port = parse_root(url)
        site = Site.objects.filter(is_default_site=True).first()
        if site is None:
            raise CommandError("There is no default site: run migrate first.")
        if (site.hostname, site.port) != (hostname, port):
            site.hostname, site.port = hostname, port
            site.save()  # a signal purges the page cache, whose pages hold links
        self.stdout.write(f"Default site: {site.root_url}")
