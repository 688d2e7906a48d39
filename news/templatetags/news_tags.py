"""Template tags for links into the news archive's filtered views (``news.archive``)."""

from django import template

from news.archive import NewsFilters
from news.models import NewsIndexPage, news_index_at

register = template.Library()


def _news_index_of(context, item):
    """Return the NewsIndexPage that holds ``item`` (a NewsPage), or None; read once per request and index.

    On the news index itself the page in the context is used without a query.
    """
    parent_path = item.path[: -item.steplen]
    page = context.get("page")
    if isinstance(page, NewsIndexPage) and page.path == parent_path:
        return page
    return news_index_at(context.get("request"), parent_path)


@register.simple_tag(takes_context=True)
def news_category_url(context, item):
    """Return the URL of the archive of ``item``'s category (``/en/news/category/iuc-asia/``).

    ``item`` is a NewsPage; "" when it has no live category or no news index above it.
    """
    category = getattr(item, "category", None)
    if category is None or not category.live:
        return ""
    index = _news_index_of(context, item)
    return index.filter_url(NewsFilters(category=category), context.get("request")) if index is not None else ""


@register.simple_tag(takes_context=True)
def news_filter_url(context, index, category=None, country=None, city=None, year=None):
    """Return the URL of ``index``'s archive for one set of filters, e.g. ``{% news_filter_url index city=city %}``.

    ``index`` is a NewsIndexPage, ``category`` a NewsCategory, ``country`` a Country value, ``city``
    a City and ``year`` an int, all in the index's locale; "" without an index.
    """
    if index is None or index == "":
        return ""
    filters = NewsFilters(category=category, country=country, city=city, year=year)
    return index.filter_url(filters, context.get("request"))
