"""Query budgets of the events pages (docs/performance.md, "Query budgets: home, components and events").

The events index reads its page of upcoming events with their count in one query (``CountedPaginator``), so it
costs the same with no upcoming event as with several pages of them; the paginator gives Django's pages, counts and
errors. An event page reads the pages its description links to and its related news item in one query. Counts are
of fresh renders (``no_page_cache``) by an anonymous visitor, after a warm-up request.
"""

import datetime

import pytest
from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.utils import timezone

from events.models import CountedPaginator, EventIndexPage, EventPage
from tests.events.factories import EventPageFactory
from tests.utils import LANGUAGES, count_fresh_queries, soup_of


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_events_index_costs_the_same_queries_with_no_upcoming_event_and_with_pages_of_them(
    client, get_page, locales, language
):
    index = get_page(EventIndexPage, language)
    EventPage.objects.filter(locale=locales[language], end__gte=timezone.now()).unpublish()
    assert not index.get_upcoming_events().exists()
    empty, _response = count_fresh_queries(client, index.url)

    start = timezone.now() + datetime.timedelta(days=30)
    for day in range(index.per_page * 2 + 1):
        EventPageFactory(locale=locales[language], start=start + datetime.timedelta(days=day))
    full, response = count_fresh_queries(client, index.url)
    last, last_response = count_fresh_queries(client, f"{index.url}?page=3")

    assert full == empty == last
    assert len(soup_of(response).select('[aria-labelledby="upcoming-heading"] li.card')) == index.per_page
    assert len(soup_of(last_response).select('[aria-labelledby="upcoming-heading"] li.card')) == 1
    assert client.get(f"{index.url}?page=4").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("per_page, orphans", [(12, 0), (5, 2), (3, 1)])
def test_the_counted_paginator_gives_djangos_pages_counts_and_errors(get_page, per_page, orphans):
    events = get_page(EventIndexPage, LANGUAGES[0]).get_events()
    total = events.count()
    assert total > per_page
    for number in [1, 2, 3, (total // per_page) + 1, (total // per_page) + 2, 0, -1, "x", "2", None, 1.5]:
        expected, got = (
            Paginator(events, per_page, orphans=orphans),
            CountedPaginator(events, per_page, orphans=orphans),
        )
        try:
            page = expected.page(number)
        except (EmptyPage, PageNotAnInteger) as error:
            with pytest.raises(type(error)):
                got.page(number)
            continue
        counted = got.page(number)
        assert list(counted) == list(page), number
        assert (got.count, got.num_pages, counted.number) == (expected.count, expected.num_pages, page.number)
        assert (counted.has_next(), counted.start_index(), counted.end_index()) == (
            page.has_next(),
            page.start_index(),
            page.end_index(),
        )


@pytest.mark.django_db
def test_the_counted_paginator_of_nothing_has_one_empty_page(get_page):
    events = get_page(EventIndexPage, LANGUAGES[0]).get_events().none()
    page = CountedPaginator(events, 12).page(1)
    assert list(page) == []
    assert (page.paginator.count, page.paginator.num_pages) == (0, 1)
    with pytest.raises(EmptyPage):
        CountedPaginator(events, 12).page(2)
