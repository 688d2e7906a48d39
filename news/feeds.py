"""RSS 2.0 and Atom feeds of one NewsIndexPage, so of one language (Django's syndication framework).

Routes ``feed/`` and ``feed/atom/`` of the index; what they hold: docs/public-site.md, "News".
"""

import datetime
import re

from django.contrib.syndication.views import Feed
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed
from django.utils.translation import gettext as _

#: Characters XML 1.0 does not allow (C0 controls other than tab, line feed and carriage return).
XML_FORBIDDEN_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")

FEED_SIZE = 20


def xml_safe(text):
    """Return ``text`` (a str, or None for "") without the characters XML 1.0 forbids."""
    return XML_FORBIDDEN_RE.sub("", str(text or ""))


class NewsFeed(Feed):
    """RSS 2.0 feed of the ``FEED_SIZE`` newest live, public news pages below one NewsIndexPage.

    Call as ``NewsFeed()(request, index=news_index)``; returns an HttpResponse. Titles and
    descriptions come from the pages in the index's locale; item dates are the news dates at
    midnight UTC (timezone-aware).
    """

    feed_type = Rss201rev2Feed

    def get_object(self, request, index):
        self.request = request
        self.language = index.language_tag  # the feed's <language> / xml:lang: "en", "zh-Hans", "zh-Hant-HK"
        return index

    def title(self, index):
        return xml_safe(f"{index.title} | {_('IUC Asia')}")

    def link(self, index):
        return index.get_full_url(self.request)

    def description(self, index):
        return xml_safe(index.intro or index.title)

    def feed_url(self, index):
        return self.request.build_absolute_uri()

    def items(self, index):
        return index.get_news()[:FEED_SIZE]

    def item_title(self, item):
        return xml_safe(item.title)

    def item_description(self, item):
        return xml_safe(item.intro)

    def item_link(self, item):
        return item.get_full_url(self.request)

    def item_pubdate(self, item):
        return datetime.datetime.combine(item.date, datetime.time.min, tzinfo=datetime.UTC)

    def item_categories(self, item):
        category = item.category
        return [xml_safe(category.name)] if category is not None and category.live else []


class NewsAtomFeed(NewsFeed):
    """The same news as an Atom 1.0 feed."""

    feed_type = Atom1Feed

    def subtitle(self, index):
        return self.description(index)
