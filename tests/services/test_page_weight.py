"""Home and guidance pages stay light for old phones on weak connections: under
100 KB transferred in all (HTML and every stylesheet, script, image and font it
loads, gzip-compressed as WhiteNoise serves them), and nothing from other servers."""

import gzip
import re
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db

BUDGET = 100 * 1024
PAGES = ["/", "/orientacoes/direito-de-arrependimento/"]
# What a browser fetches by itself: stylesheets, icons and preloads, scripts,
# images, frames and media (not canonical or alternate links: those are names).
TAG = re.compile(r"<(link|script|img|iframe|source|video|audio|embed)\b([^>]*)>", re.IGNORECASE)
URL_ATTRIBUTE = re.compile(r"\b(?:href|src|srcset)=\"([^\"]+)\"")
REL = re.compile(r"\brel=\"([^\"]+)\"")
FETCHED_RELS = {"stylesheet", "icon", "preload", "modulepreload", "manifest", "apple-touch-icon"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


def compressed(content):
    return len(gzip.compress(content, compresslevel=9))


def static_file(url):
    path = urlsplit(url).path
    assert path.startswith(settings.STATIC_URL), f"{url} is not one of our static files"
    found = finders.find(path[len(settings.STATIC_URL) :])
    assert found, f"{url} does not exist"
    with open(found, "rb") as handle:
        return handle.read()


def assets(html):
    """Every URL the page makes the browser fetch, including those in its CSS."""
    pending = []
    for name, attributes in TAG.findall(html):
        rel = REL.search(attributes)
        if name.lower() == "link" and not (rel and set(rel[1].split()) & FETCHED_RELS):
            continue
        pending += [url.split()[0] for url in URL_ATTRIBUTE.findall(attributes)]
    seen = []
    while pending:
        url = pending.pop()
        if url in seen or url.startswith("data:"):
            continue
        parts = urlsplit(url)
        assert not parts.scheme and not parts.netloc, f"third-party request: {url}"
        seen.append(url)
        if parts.path.endswith(".css"):
            css = static_file(url).decode()
            base = parts.path.rsplit("/", 1)[0] + "/"
            for reference in CSS_URL.findall(css):
                if reference.startswith(("data:", "#")):
                    continue
                assert "//" not in reference, f"third-party request in {url}: {reference}"
                pending.append(reference if reference.startswith("/") else base + reference)
    return seen


@pytest.mark.parametrize("url", PAGES)
def test_page_weight_is_under_budget(client, demo_content, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    files = assets(html)
    assert any(path.endswith(".css") for path in files)  # the measure measures something
    weight = compressed(response.content) + sum(compressed(static_file(f)) for f in files)
    assert weight < BUDGET, f"{url}: {weight / 1024:.1f} KB ({', '.join(files)})"


def test_guidance_page_loads_nothing_from_other_servers(client, demo_content):
    html = client.get(PAGES[1]).content.decode()
    assert "fonts.googleapis" not in html and "cdn" not in html.lower()
    assert assets(html)
