"""The search page, ``/<locale>/search/?q=``: the site search of one language."""

from urllib.parse import urlencode

from django.conf import settings
from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import Http404, HttpRequest
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control

from portal.search import analysis, results

#: Page results per page of the search page.
RESULTS_PER_PAGE = 10
#: The largest offset a page of results may start at (beyond, the page is out of range without asking the database).
MAX_OFFSET = 2**31 - 1


@cache_control(private=True, no_store=True)  # never stored by a cache: each search is counted (below)
def search(request: HttpRequest) -> TemplateResponse:
    """Show the search results for ``?q=`` in the active language (the URL's prefix), ``?page=`` N of them.

    Inputs: ``q`` (any text; control characters become spaces, then it is cut to 200 characters)
    and ``page`` (a number, 1 by default). Shows the editors' promoted results, then the live,
    public pages of this locale best match first, 10 a page, each with its title, date and a
    highlighted excerpt, and on the first page the matching cities and city pairings. An empty
    ``q`` shows the empty search form with hints. Raises Http404 (the 404 page) for a ``page`` that
    is not a number or out of range. The first page of a search that has words in it is counted in
    Wagtail's search statistics ("Popular search terms").
    """
    query, trimmed = results.clean_query(request.GET.get("q", ""))
    context = {"query": query, "trimmed": trimmed, "max_length": results.MAX_QUERY_LENGTH}
    context["language_urls"] = _language_urls(query)
    context["share_image_kind"] = "other"  # link previews show the site's "other" share image (seo_tags.page_seo)
    if not query:
        # Nothing to page through: only page 1 (the empty form) exists.
        if request.GET.get("page", "1") != "1":
            raise Http404(_("There is no such page of results."))
    else:
        locale = results.active_locale()
        promoted = results.promoted_results(query, locale)
        exclude = [result.page_id for result in promoted if result.page_id]
        paginator = Paginator(results.search_pages(query, locale, exclude=exclude), RESULTS_PER_PAGE)
        try:
            found = results_page(paginator, request.GET.get("page", "1"))
        except (PageNotAnInteger, EmptyPage) as error:
            raise Http404(_("There is no such page of results.")) from error
        first = found.number == 1
        context.update(
            found=found,
            promoted=promoted if first else [],
            page_results=[
                result
                for result in (results.page_result(results.specific_page(page), query) for page in found)
                if result
            ],
            snippet_results=results.snippet_results(query, locale) if first else [],
            pagination_query=urlencode({"q": query}),
        )
        if first and analysis.search_query(query) is not None:
            results.record_hit(query)
    return TemplateResponse(request, "search/search.html", context)


def results_page(paginator: Paginator, number: object) -> Page:
    """Return page ``number`` (a str or int) of ``paginator``'s search results: read first, then counted.

    Reading the page's slice first lets the search count its matches in the same query (PostgreSQL:
    ``portal.search.ranking.postgres``), so the count that validates ``number`` costs nothing more. Raises
    PageNotAnInteger for a ``number`` that is not a whole number, EmptyPage for one out of range, as
    ``Paginator.page`` does.
    """
    try:
        number = int(number)
    except (TypeError, ValueError) as error:
        raise PageNotAnInteger(paginator.error_messages["invalid_page"]) from error
    bottom = (number - 1) * paginator.per_page
    if number < 1 or bottom > MAX_OFFSET:
        raise EmptyPage(paginator.error_messages["min_page" if number < 1 else "no_results"])
    items = list(paginator.object_list[bottom : bottom + paginator.per_page])
    return Page(items, paginator.validate_number(number), paginator)


def _language_urls(query: str) -> dict[str, str]:
    """Return ``{language code: URL of this search in that language}`` for the language switcher."""
    urls = {}
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            urls[code] = reverse("search") + (f"?{urlencode({'q': query})}" if query else "")
    return urls
