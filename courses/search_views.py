"""The officers' search page over courses and lessons (`courses:search`)."""

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils.http import urlencode
from django.utils.translation import gettext_lazy as _

from .search import MAX_QUERY_LENGTH, search_hits, search_pages

RESULTS_PER_PAGE = 10


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Search courses and lessons"),
        max_length=MAX_QUERY_LENGTH,
        required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
        help_text=_("Type with or without Vietnamese accents, e.g. “dang ky khai sinh”."),
    )


@login_required
def search(request):
    form = SearchForm(request.GET or None)
    query, page, hits = "", None, []
    if form.is_valid() and form.cleaned_data["q"]:
        query = form.cleaned_data["q"]
        paginator = Paginator(search_pages(query), RESULTS_PER_PAGE)
        page = paginator.get_page(request.GET.get("page"))
        hits = search_hits(page.object_list, text=query, user=request.user, request=request)
    return render(
        request,
        "courses/search.html",
        {
            "form": form,
            "query": query,
            "page": page,
            "hits": hits,
            # Keeps the query on the pagination links (components/pagination.html).
            "query_string": urlencode({"q": query}) + "&",
        },
    )
