import hashlib

from django import forms
from django.core.cache import cache
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.http import require_GET

from core.http import client_address
from core.ratelimit import hit
from home import page_cache

from . import suggestions
from .models import GuidancePage, SuggestionOpening, Topic
from .search import (
    PAGE_TYPES,
    highlight,
    promoted_results,
    query_stems,
    record_search,
    result_summary,
    result_type,
    search_pages,
    specific_pages,
)

RESULTS_PER_PAGE = 10


class SearchForm(forms.Form):
    q = forms.CharField(label=_("What are you looking for?"), max_length=200, required=False)
    tema = forms.ModelChoiceField(
        label=_("Topic"),
        queryset=Topic.objects.all(),
        to_field_name="slug",
        required=False,
        empty_label=_("All topics"),
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    tipo = forms.ChoiceField(
        label=_("Type"),
        choices=[("", _("All types"))] + [(key, label) for key, (_m, label) in PAGE_TYPES.items()],
        required=False,
        widget=forms.Select(attrs={"class": "form-select"}),
    )


def results_heading(count, query):
    """ "0 resultados", "1 resultado", "2 resultados": pt-BR's plural rule puts 0 with 1."""
    if count == 0:
        return gettext("0 results for “%(query)s”") % {"query": query}
    return ngettext(
        "%(counter)s result for “%(query)s”", "%(counter)s results for “%(query)s”", count
    ) % {"counter": count, "query": query}


def search(request):
    """The site search at /busca/: a GET form, so results can be linked and shared."""
    form = SearchForm(request.GET or None)
    query = ""
    results_page = None
    results = []
    promoted = []
    any_word = False
    heading = ""
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            topic, page_type = form.cleaned_data["tema"], form.cleaned_data["tipo"]
            found = search_pages(query, topic=topic, page_type=page_type)
            if not found and len(query_stems(query)) > 1:
                # No page has every word: pages with some of them beat nothing.
                found = search_pages(query, topic=topic, page_type=page_type, operator="or")
                any_word = bool(found)
            first_page = request.GET.get("pagina", "1") == "1"
            # Editors promote pages for the query as typed, not for a filtered view.
            promotions = [] if topic or page_type else promoted_results(query)
            promoted_ids = {promotion.page_id for promotion in promotions}
            found = [pk for pk in found if pk not in promoted_ids]
            promoted = promotions if first_page else []
            results_page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
            results = [
                {
                    "page": page,
                    "type": result_type(page),
                    "summary": highlight(result_summary(page), query),
                }
                for page in specific_pages(list(results_page))
            ]
            count = len(found) + len(promotions)
            heading = results_heading(count, query)
            if first_page:
                record_search(query, found=bool(count))
    return render(
        request,
        "services/search.html",
        {
            "form": form,
            "query": query,
            "heading": heading,
            "results": results,
            "results_page": results_page,
            "promoted": [
                {
                    "promotion": promotion,
                    "page": promotion.page.specific if promotion.page else None,
                    "summary": highlight(
                        promotion.description
                        or (result_summary(promotion.page.specific) if promotion.page else ""),
                        query,
                    ),
                }
                for promotion in promoted
            ],
            "any_word": any_word,
            "canonical_url": request.build_absolute_uri(reverse("search")),
            "meta_description": _("Search guidance, step-by-step pages and news."),
            "og_title": _("Search"),
        },
    )


# Suggestions while writing a complaint ------------------------------------------------

SUGGESTIONS_PER_MINUTE = 60
OPENINGS_COUNTED_PER_HOUR = 30
SUGGESTIONS_CACHE_SECONDS = 600


@require_GET
@cache_control(private=True, no_store=True)
def guidance_suggestions(request):
    """JSON for static/js/guidance-suggestions.js: up to three guidance pages.

    ``problema`` is the problem select's value, ``texto`` words of the description.
    Nothing of the request is logged or stored, and no browser or proxy may keep
    the answer (its address holds what the citizen typed); answers are cached
    here by their stems, so the same words in another order cost no search.
    """
    if not hit(
        "guidance-suggestions", client_address(request), limit=SUGGESTIONS_PER_MINUTE, period=60
    ):
        response = JsonResponse({"results": [], "error": gettext("Too many requests.")}, status=429)
        response["Retry-After"] = "60"
        return response
    problem = request.GET.get("problema", "")[:200]
    text = request.GET.get("texto", "")[:2000]
    stems = sorted({stem for options in query_stems(text) for stem in options})
    digest = hashlib.sha256(f"{problem}|{' '.join(stems)}".encode()).hexdigest()
    key = f"guidance-suggestions:{page_cache.generation()}:{digest}"
    items = cache.get(key)
    if items is None:
        items = suggestions.as_items(suggestions.suggest(problem, text))
        cache.set(key, items, SUGGESTIONS_CACHE_SECONDS)
    count = len(items)
    return JsonResponse(
        {
            "results": items,
            "message": ngettext(
                "%(count)s guidance page may help you.",
                "%(count)s guidance pages may help you.",
                count,
            )
            % {"count": count}
            if count
            else "",
        }
    )


@require_GET
@never_cache
def open_suggestion(request, page_id):
    """Count one opening of a suggested page, then go to it (no personal data kept)."""
    page = GuidancePage.objects.live().public().filter(pk=page_id).first()
    url = page.get_url(request) if page is not None else None
    if not url:  # only guidance pages are suggested, and only ones with an address
        raise Http404
    if hit(
        "suggestion-open", client_address(request), limit=OPENINGS_COUNTED_PER_HOUR, period=3600
    ):
        SuggestionOpening.objects.create(
            page=page, journey=suggestions.journey_from_token(request.GET.get("j"))
        )
    return redirect(url)
