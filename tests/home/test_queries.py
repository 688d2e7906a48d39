"""Query budgets of the home page and of page bodies (docs/performance.md, "Query budgets: home, components and
events").

The pages that a body's paragraphs link to and its calls to action choose are read in one query
(``portal.core.rich_text.page_links``), however many blocks link, and lead to their live translations in the
language shown. The home page reads its two section indexes in one query and the country pages once. Counts are
of fresh renders (``no_page_cache``) by an anonymous visitor, after a warm-up request.
"""

import pytest

from components.models import CountryPage
from home.models import HomePage
from tests.home.factories import StandardPageFactory
from tests.utils import EN, LANGUAGES, ZH, count_fresh_queries, soup_of


def _body(pages):
    """A body with a paragraph linking to each of ``pages`` and a call to action choosing each."""
    blocks = []
    for page in pages:
        blocks.append(("paragraph", f'<p>Read <a linktype="page" id="{page.pk}">{page.title}</a>.</p>'))
        blocks.append(("call_to_action", {"text": "More", "page": page, "link_text": page.title}))
    return blocks


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_body_costs_the_same_queries_with_more_linking_blocks(client, locales, language):
    # Links stored as the English source has them: a Chinese page's links lead to the Chinese translations.
    targets = list(CountryPage.objects.live().filter(locale=locales[EN]).order_by("path")[:4])
    one = StandardPageFactory(locale=locales[language], body=_body(targets[:1]))
    four = StandardPageFactory(locale=locales[language], body=_body(targets))

    queries_one, _response = count_fresh_queries(client, one.url)
    queries_four, response = count_fresh_queries(client, four.url)

    assert queries_four == queries_one
    expected = [page.get_translation(locales[language]).url for page in targets]
    stream = soup_of(response).select_one(".stream")
    assert [a["href"] for a in stream.select(".block-paragraph a")] == expected
    assert [a["href"] for a in stream.select(".call-to-action a")] == expected
    assert all(href.startswith(f"/{language}/") for href in expected)


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_the_home_page_costs_the_same_queries_in_both_languages(client, locales):
    urls = {language: HomePage.objects.get(locale=locales[language]).url for language in LANGUAGES}
    counts = {language: count_fresh_queries(client, url)[0] for language, url in urls.items()}
    assert counts[EN] == counts[ZH]
