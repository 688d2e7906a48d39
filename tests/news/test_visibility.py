"""Only live, public news is listed: drafts and pages under a view restriction stay out of the archive,
its filtered views and options, both feeds, other pages' older/newer and related news, and country pages."""

import datetime

import pytest
from wagtail.models import PageViewRestriction

from components.models import City
from news.models import NewsCategory
from tests.news.factories import NewsPageFactory
from tests.utils import CONTENT, page_text, soup_of

#: A news item like the content's own (IUC Asia, Chongqing, China), but dated 2031: alone in its year.
DAY = datetime.date(2031, 5, 6)


def _news(en_locale, title, slug, *, publish=True):
    """Add an IUC Asia news item about Chongqing (China) on ``DAY`` to the English index; publish it or not."""
    return NewsPageFactory(
        title=title,
        slug=slug,
        locale=en_locale,
        date=DAY,
        intro=f"{title}: intro.",
        category=NewsCategory.objects.get(locale=en_locale, slug="iuc-asia"),
        cities=[City.objects.get(locale=en_locale, slug="chongqing")],
        countries=["china"],
        live=publish,
    )


@pytest.fixture
def hidden_and_visible_news(en_locale):
    """Three news items of the same day and tags: a live public one, a draft and a password-protected one."""
    visible = _news(en_locale, "Visible Chongqing news", "visible-chongqing-news")
    draft = _news(en_locale, "Draft Chongqing news", "draft-chongqing-news", publish=False)
    private = _news(en_locale, "Private Chongqing news", "private-chongqing-news")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="secret")
    return visible, draft, private


LISTINGS = [
    "/en/",  # the home page's latest news
    "/en/news/",
    "/en/news/category/iuc-asia/",
    "/en/news/country/china/",
    "/en/news/city/chongqing/",
    "/en/news/2031/",
    "/en/news/category/iuc-asia/country/china/city/chongqing/2031/",
    "/en/news/feed/",
    "/en/news/feed/atom/",
]


@pytest.mark.django_db
@pytest.mark.parametrize("url", LISTINGS)
def test_drafts_and_private_news_are_not_listed(client, hidden_and_visible_news, url):
    visible, draft, private = hidden_and_visible_news
    response = client.get(url)
    assert response.status_code == 200
    text = page_text(response)
    assert visible.title in text  # the same news, live and public, is listed: the check can fail
    assert draft.title not in text
    assert private.title not in text
    assert draft.slug not in text
    assert private.slug not in text


@pytest.mark.django_db
def test_a_year_with_only_hidden_news_is_not_offered_in_the_form(client, hidden_and_visible_news):
    visible, _draft, _private = hidden_and_visible_news
    years = lambda: [o["value"] for o in soup_of(client.get("/en/news/")).select('select[name="year"] option')]  # noqa: E731
    assert "2031" in years()
    visible.unpublish()
    assert "2031" not in years()


@pytest.mark.django_db
def test_hidden_news_are_neither_older_newer_nor_related(client, hidden_and_visible_news):
    visible, draft, private = hidden_and_visible_news
    newest_of_content = max(CONTENT["news"], key=lambda item: str(item["date"]))
    text = page_text(client.get(f"/en/news/{newest_of_content['slug']}/"))
    assert visible.title in text  # newer, and related (same category, city and country)
    for url in (f"/en/news/{newest_of_content['slug']}/", visible.url):
        text = page_text(client.get(url))
        assert draft.title not in text
        assert private.title not in text


@pytest.mark.django_db
def test_country_pages_list_no_private_news(client, hidden_and_visible_news):
    visible, _draft, private = hidden_and_visible_news
    text = page_text(client.get("/en/countries/china/"))
    assert visible.title in text
    assert private.title not in text


@pytest.mark.django_db
def test_private_news_page_itself_still_asks_for_its_password(client, hidden_and_visible_news):
    _visible, _draft, private = hidden_and_visible_news
    response = client.get(private.url)
    assert private.intro not in page_text(response)
    assert client.get("/en/news/draft-chongqing-news/").status_code == 404


@pytest.mark.django_db
@pytest.mark.parametrize("slug", ["feed", "2018", "7895"])
def test_a_news_page_may_not_take_the_address_of_an_archive_view(en_locale, slug):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as error:
        _news(en_locale, "Hidden by a route", slug)
    assert "slug" in error.value.message_dict
    assert _news(en_locale, "Not hidden", f"{slug}-news").live
