"""The news archive's filter paths (``category/<slug>/country/<key>/city/<slug>/<year>/``) and their labels.

Looking the values up is ``news.models.NewsIndexPage``'s job; the URLs: docs/public-site.md, "News".
"""

import dataclasses
import re

from django.utils.translation import gettext, pgettext

from components.choices import Country

#: The filters in their canonical URL order.
FILTER_NAMES = ("category", "country", "city", "year")

#: Filters written as ``<name>/<value>/``; the year is written alone (``2018/``).
NAMED_FILTERS = ("category", "country", "city")

#: Years a news archive may be asked for; any other year is a 404 (or a 400 from the filter form).
FIRST_YEAR, LAST_YEAR = 1900, 2100

#: The route of a filtered view: one or more ``<name>/<value>/`` or ``<digits>/`` segments and
#: nothing else, so the index's news pages (whose slugs are words) are still found below it.
FILTER_PATH_PATTERN = r"^(?P<filter_path>(?:(?:category|country|city)/[^/]+/|[0-9]+/)+)$"

YEAR_RE = re.compile(r"[0-9]+")


def parse_filter_path(filter_path):
    """Return ``[(name, raw value), ...]`` for a path matched by ``FILTER_PATH_PATTERN``, in written order.

    ``"country/china/2018/"`` gives ``[("country", "china"), ("year", "2018")]``. Values are not
    checked here: repeated names and unknown values are ``NewsIndexPage.resolve_filters``'s to refuse.
    """
    segments = filter_path.strip("/").split("/")
    pairs = []
    position = 0
    while position < len(segments):
        segment = segments[position]
        if segment in NAMED_FILTERS and position + 1 < len(segments):
            pairs.append((segment, segments[position + 1]))
            position += 2
        else:
            pairs.append(("year", segment))
            position += 1
    return pairs


def parse_year(raw):
    """Return ``raw`` (a str such as ``"2018"``) as an int, or None when it is not a year in the sane range."""
    if not YEAR_RE.fullmatch(raw or ""):
        return None
    year = int(raw)
    return year if FIRST_YEAR <= year <= LAST_YEAR else None


def year_label(year):
    """Return ``year`` (an int) as a reader of the active language writes it: "2018", "2018年"."""
    return pgettext("a year of news", "%(year)s") % {"year": year}


def filter_name_label(name):
    """Return the visible name of the filter ``name`` ("category"...) in the active language."""
    return {
        "category": gettext("Category"),
        "country": gettext("Country"),
        "city": gettext("City"),
        "year": gettext("Year"),
    }[name]


@dataclasses.dataclass(frozen=True)
class NewsFilters:
    """The filters of one view of the news archive; empty (false) for the unfiltered index.

    ``category`` is a NewsCategory and ``city`` a City (both in the index's locale), ``country`` a
    ``Country`` value and ``year`` an int; an unused filter is None.
    """

    category: object = None
    country: str | None = None
    city: object = None
    year: int | None = None

    def __bool__(self):
        return any(getattr(self, name) is not None for name in FILTER_NAMES)

    def route_suffix(self):
        """Return the canonical path of these filters below the index (``"category/iuc-asia/2018/"``); "" if none."""
        segments = []
        if self.category is not None:
            segments += ["category", self.category.slug]
        if self.country is not None:
            segments += ["country", self.country]
        if self.city is not None:
            segments += ["city", self.city.slug]
        if self.year is not None:
            segments.append(str(self.year))
        return "".join(f"{segment}/" for segment in segments)

    def without(self, name):
        """Return a copy of these filters without the filter ``name`` ("category", "country", "city" or "year")."""
        return dataclasses.replace(self, **{name: None})

    def labels(self):
        """Return ``[(name, label), ...]`` for the filters in use, in canonical order, in the active language.

        Category and city names come from the snippets (already in the index's language); country
        names and years are translated interface strings.
        """
        labels = []
        if self.category is not None:
            labels.append(("category", self.category.name))
        if self.country is not None:
            labels.append(("country", str(Country(self.country).label)))
        if self.city is not None:
            labels.append(("city", self.city.name))
        if self.year is not None:
            labels.append(("year", year_label(self.year)))
        return labels

    def heading(self, title):
        """Return the heading of this view: ``title`` (the index's title) followed by the filters' labels.

        "News: IUC Asia · China · 2018" in English, "新闻：IUC亚洲 · 中国 · 2018年" in Chinese; just
        ``title`` without filters.
        """
        if not self:
            return title
        names = " · ".join(label for _name, label in self.labels())
        return gettext("%(title)s: %(filters)s") % {"title": title, "filters": names}
