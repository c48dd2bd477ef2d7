"""``{% fragment %}``: parts of a page kept rendered between requests.

A page the whole-page cache cannot answer (an editor's visit, a query string, the
first visit after a publish, or the page cache turned off) still skips the
expensive, shared parts: the header and footer (site settings and menu), the
breadcrumbs and the rendered body of a page. Usage::

    {% load fragment_cache %}
    {% fragment "body" page.pk page.latest_revision_id %}...{% endfragment %}

Every key carries the page cache's generation (``home.page_cache.generation``),
which changes when an editor publishes, unpublishes, moves or deletes a page or
changes site settings or topics, so such changes show at once. The key also
holds the site, the language and the values after the name. Never put anything
that differs between visitors inside a fragment: a CSRF token, a form's answers
or errors, messages, the user bar.

Nothing is kept for previews (the page is a draft) or when
``FRAGMENT_CACHE_SECONDS`` is 0.
"""

import hashlib

from django import template
from django.conf import settings
from django.utils import translation
from django.utils.safestring import mark_safe

from home import page_cache

register = template.Library()
CSRF_FIELD = "csrfmiddlewaretoken"


def seconds():
    return getattr(settings, "FRAGMENT_CACHE_SECONDS", 0)


def fragment_key(request, name, values):
    site = getattr(request, "_wagtail_site", None)
    site_part = site.pk if site is not None else request.get_host()
    varying = hashlib.md5(
        "\x1f".join(str(value) for value in values).encode(), usedforsecurity=False
    ).hexdigest()
    return (
        f"fragment:{page_cache.request_generation(request)}:{site_part}:"
        f"{translation.get_language()}:{name}:{varying}"
    )


class FragmentNode(template.Node):
    def __init__(self, nodelist, name, values):
        self.nodelist = nodelist
        self.name = name
        self.values = values

    def render(self, context):
        timeout = seconds()
        request = context.get("request")
        if not timeout or request is None or getattr(request, "is_preview", False):
            return self.nodelist.render(context)
        name = self.name.resolve(context)
        key = fragment_key(request, name, [value.resolve(context) for value in self.values])
        cache = page_cache._cache()
        content = cache.get(key)
        if content is None:
            content = str(self.nodelist.render(context))
            if CSRF_FIELD not in content:  # a visitor's own token is never shared
                cache.set(key, content, timeout)
        return mark_safe(content)  # noqa: S308 - the template's own rendered output


@register.tag("fragment")
def do_fragment(parser, token):
    bits = token.split_contents()
    if len(bits) < 2:
        raise template.TemplateSyntaxError(f"'{bits[0]}' needs a fragment name")
    nodelist = parser.parse(("endfragment",))
    parser.delete_first_token()
    return FragmentNode(
        nodelist, parser.compile_filter(bits[1]), [parser.compile_filter(b) for b in bits[2:]]
    )
