from django import forms
from django.core.paginator import Paginator
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from .models import Topic
from .search import (
    PAGE_TYPES,
    highlight,
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


def search(request):
    """The site search at /busca/: a GET form, so results can be linked and shared."""
    form = SearchForm(request.GET or None)
    query = ""
    results_page = None
    results = []
    if form.is_valid():
        query = form.cleaned_data["q"].strip()
        if query:
            found = search_pages(
                query, topic=form.cleaned_data["tema"], page_type=form.cleaned_data["tipo"]
            )
            results_page = Paginator(found, RESULTS_PER_PAGE).get_page(request.GET.get("pagina"))
            results = [
                {
                    "page": page,
                    "type": result_type(page),
                    "summary": highlight(result_summary(page), query),
                }
                for page in specific_pages(list(results_page))
            ]
    return render(
        request,
        "services/search.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "results_page": results_page,
            "canonical_url": request.build_absolute_uri(reverse("search")),
            "meta_description": _("Search guidance, step-by-step pages and news."),
            "og_title": _("Search"),
        },
    )
