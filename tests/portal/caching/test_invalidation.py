"""Stored pages are never stale: what an Editor changes in the admin reaches every page showing it, in both languages.

Each change goes through the admin's real views as the role that makes it; the visitor is an anonymous
client whose pages were stored before the change.
"""

import pytest
from wagtail.models import Page

from components.models import City, CountryPage
from events.models import EventPage
from news.models import NewsPage
from portal.caching import dependents, middleware
from tests.admin_forms import submit_edit_form
from tests.utils import EN, ZH

STATUS = middleware.STATUS_HEADER


def live(model, language):
    return model.objects.live().filter(locale__language_code=language).order_by("pk")


def store(client, urls):
    """GET each of ``urls`` twice as an anonymous visitor; assert the second answer came from the cache."""
    for url in urls:
        client.get(url)
        assert client.get(url)[STATUS] == "hit", url


@pytest.fixture
def news(zh_locale, en_locale):
    """``(english, chinese)``: the newest live English news page about China, and its Chinese translation."""
    english = NewsPage.about_country("china", en_locale.pk)[0]
    return english, english.get_translation(zh_locale)


def showing_news(english, chinese):
    """The URLs that show a news page: itself in both languages, the news index, its feeds, home, sitemap, API."""
    index = english.get_parent()
    chinese_index = chinese.get_parent()
    return [
        english.url,
        chinese.url,
        index.url,
        index.url + "feed/",
        chinese_index.url,
        "/en/",
        "/zh-hans/",
        "/sitemap.xml",
        "/api/v2/pages/?type=news.NewsPage",
    ]


@pytest.mark.django_db
def test_an_editors_publish_reaches_every_stored_page_that_shows_it(client, editor_client, news, page_at, content):
    english, chinese = news
    urls = showing_news(english, chinese)
    unrelated = page_at(f"/{content['about']['slug']}/", EN).url
    store(client, [*urls, unrelated])

    response = submit_edit_form(editor_client, f"/admin/pages/{english.pk}/edit/", NewsPage, intro="A new intro today.")
    assert response.status_code == 200

    for url in urls:
        assert client.get(url)[STATUS] == "miss", url
    assert "A new intro today." in client.get(english.url).content.decode()
    assert client.get(unrelated)[STATUS] == "hit"  # a section that does not show it keeps its stored pages


@pytest.mark.django_db
def test_a_news_publish_reaches_the_country_pages_that_list_it(client, editor_client, news):
    english, _chinese = news
    country = english.related_countries.first().country
    country_pages = [page.url for page in CountryPage.objects.live().filter(country=country)]
    store(client, country_pages)
    submit_edit_form(editor_client, f"/admin/pages/{english.pk}/edit/", NewsPage, title="A retitled news item")
    for url in country_pages:
        assert client.get(url)[STATUS] == "miss", url
    english_country = CountryPage.objects.live().get(country=country, locale__language_code=EN)
    assert "A retitled news item" in client.get(english_country.url).content.decode()


@pytest.mark.django_db
def test_an_editors_unpublish_removes_the_stored_page_in_both_languages(client, editor_client, news):
    english, chinese = news
    store(client, [english.url, chinese.url])
    response = editor_client.post(f"/admin/pages/{english.pk}/unpublish/", follow=True)
    assert response.status_code == 200
    assert client.get(english.url).status_code == 404
    assert client.get(chinese.url).status_code == 404


@pytest.mark.django_db
def test_a_snippet_publish_invalidates_every_stored_page(client, editor_client):
    city = City.objects.filter(locale__language_code=EN).order_by("pk").first()
    pages = ["/en/", live(NewsPage, ZH).first().url, live(EventPage, EN).first().url]
    store(client, pages)
    submit_edit_form(editor_client, f"/admin/snippets/components/city/edit/{city.pk}/", City, population="4321")
    for url in pages:
        assert client.get(url)[STATUS] == "miss", url


@pytest.mark.django_db
def test_a_move_invalidates_every_stored_page(client, editor_client, news):
    english, _chinese = news
    other = live(EventPage, EN).first().url
    store(client, [english.url, other])
    destination = english.get_parent()
    source = Page.objects.get(pk=english.pk)
    response = editor_client.post(f"/admin/pages/{source.pk}/move/{destination.pk}/confirm/")
    assert response.status_code == 302
    assert client.get(other)[STATUS] == "miss"


@pytest.mark.django_db
def test_a_menu_page_change_invalidates_every_stored_page(client, admin_client_user):
    home = Page.objects.get(depth=2, locale__language_code=EN)
    menu_page = home.get_children().live().in_menu().first().specific
    other = live(EventPage, EN).first().url
    store(client, [other])
    menu_page.title = "A renamed section"
    menu_page.save_revision().publish()
    assert "A renamed section" in client.get(other).content.decode()


@pytest.mark.django_db
def test_the_frontend_cache_purges_the_urls_the_page_cache_invalidates(news):
    english, chinese = news
    urls, everywhere = dependents.urls_showing(english)
    paths = {url.split("://", 1)[1].split("/", 1)[1] for url in urls}
    assert not everywhere
    for url in showing_news(english, chinese)[:8]:
        assert url.lstrip("/") in paths, url


@pytest.mark.django_db
def test_a_translators_publish_reaches_the_stored_chinese_pages(
    client, role_client, zh_locale, django_capture_on_commit_callbacks
):
    from wagtail_localize.models import StringSegment, Translation

    from portal.translations.roles import CHINESE_TRANSLATORS
    from tests.factories import translated_pair
    from tests.news.factories import NewsPageFactory

    english, chinese = translated_pair(NewsPageFactory, title="Translated news", intro="First intro.")
    english.intro = "A new intro to translate."
    english.save_revision().publish()  # complete-or-nothing: the Chinese page keeps its last version
    chinese = NewsPage.objects.get(pk=chinese.pk)
    store(client, [chinese.url, chinese.get_parent().url, "/zh-hans/"])

    translator = role_client(CHINESE_TRANSLATORS, ZH)
    translation = Translation.objects.get(source__object_id=english.translation_key, target_locale=zh_locale)
    segment = StringSegment.objects.get(source=translation.source, context__path="intro")
    response = translator.put(
        f"/admin/localize/translate/{translation.pk}/strings/{segment.pk}/edit/",
        "value=新的简介。",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code in (200, 201)
    # wagtail-localize publishes the translation when the transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = translator.post(f"/admin/pages/{chinese.pk}/edit/", {"action": "publish"})
    assert response.status_code == 302

    fresh = client.get(chinese.url)
    assert fresh[STATUS] == "miss"
    assert "新的简介。" in fresh.content.decode()
    assert client.get(chinese.get_parent().url)[STATUS] == "miss"
    assert client.get("/zh-hans/")[STATUS] == "miss"


@pytest.mark.django_db
def test_an_editors_delete_invalidates_every_stored_page(client, editor_client):
    from tests.news.factories import NewsPageFactory

    page = NewsPageFactory(title="Soon deleted")
    other = live(EventPage, EN).first().url
    store(client, [page.url, other])
    response = editor_client.post(f"/admin/pages/{page.pk}/delete/")
    assert response.status_code == 302
    assert client.get(page.url).status_code == 404
    assert client.get(other)[STATUS] == "miss"
