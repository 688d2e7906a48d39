"""Routing, view restrictions, Locales, private sections, rich text links and the page furniture, with few queries:
the portal's replacements (portal/core/routing.py, privacy.py, rich_text.py, furniture.py and
portal/translations/overrides/locales.py) answer what Wagtail's own code answers, and content changes show at once.
"""

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction
from wagtail.rich_text.pages import PageLinkHandler

from home.models import HomePage
from news.models import NewsIndexPage, NewsPage
from portal.core import routing
from portal.core.rich_text import PortalPageLinkHandler
from portal.translations.overrides import locales
from tests.home.factories import StandardPageFactory
from tests.news.factories import NewsPageFactory
from tests.utils import EN, ZH, soup_of

#: Paths below a language prefix that Wagtail routes: pages, a routable page's sub-routes and misses.
PATHS = [
    "",
    "news/",
    "news/2020/",
    "news/feed/",
    "news/feed/atom/",
    "news/category/iuc-asia/",
    "news/mannheim-chongqing-online-meeting/",
    "news/no-such-news/",
    "events/",
    "events/calendar/2017/03/",
    "events/calendar.ics/",
    "events/iuc-component-1-launch-event/",
    "city-to-city-cooperation/",
    "countries/eu-member-states/",
    "cities/chinese-cities/",
    "no-such-page/",
    "no/such/page/",
]


def _request(language, path):
    request = RequestFactory().get(f"/{language}/{path}")
    request.LANGUAGE_CODE = language
    return request


def _described(result):
    """What a RouteResult means: the page, its type and the view with its arguments (None for a 404)."""
    if result is None:
        return None
    page, args, kwargs = result
    if args and callable(args[0]):
        args = (args[0].__name__, *args[1:])
    return page.pk, type(page).__name__, repr(args), repr(kwargs)


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
@pytest.mark.parametrize("path", PATHS)
def test_routing_answers_as_wagtail_in_two_queries(language, path):
    with translation.override(language):
        routing.route_for_request(_request(language, path), path)  # the Site and its roots, shared afterwards
        request = _request(language, path)
        with CaptureQueriesContext(connection) as queries:
            ours = routing.route_for_request(request, path)
        upstream = routing.UPSTREAM_ROUTE_FOR_REQUEST(_request(language, path), path)
    assert _described(ours) == _described(upstream)
    assert len(queries) <= 2, [query["sql"] for query in queries.captured_queries]
    if ours is not None:
        assert ours.page.locale.language_code == language
        assert ours.page.get_parent().pk == Page.objects.get(pk=ours.page.pk).get_parent().pk


@pytest.mark.django_db
def test_drafts_and_expired_pages_are_404s_and_their_children_are_found(client, en_locale):
    draft = StandardPageFactory(locale=en_locale, slug="routing-draft", live=False)
    expired = StandardPageFactory(locale=en_locale, slug="routing-expired")
    expired.expired = True
    expired.live = False
    expired.save()
    child = StandardPageFactory(locale=en_locale, slug="routing-child", parent=draft)
    assert client.get("/en/routing-draft/").status_code == 404
    assert client.get("/en/routing-expired/").status_code == 404
    response = client.get("/en/routing-draft/routing-child/")
    assert response.status_code == 200
    assert child.title in response.text


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("on_parent", [False, True])
def test_a_password_restriction_applies_to_the_page_and_below(client, en_locale, on_parent):
    parent = StandardPageFactory(locale=en_locale, slug="routing-private-section", title="Private section")
    page = StandardPageFactory(locale=en_locale, slug="routing-private", title="Private page", parent=parent)
    assert page.title in client.get("/en/routing-private-section/routing-private/").text
    PageViewRestriction.objects.create(
        page=parent if on_parent else page, restriction_type=PageViewRestriction.PASSWORD, password="secret"
    )
    response = client.get("/en/routing-private-section/routing-private/")
    assert response.status_code == 200
    assert page.title not in response.text
    assert soup_of(response).find("input", attrs={"name": "password"}) is not None
    sibling_visible = client.get("/en/routing-private-section/")
    assert (parent.title in sibling_visible.text) is not on_parent


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_a_login_restriction_redirects_to_the_login_and_an_alias_follows_its_source(client, en_locale):
    source = StandardPageFactory(locale=en_locale, slug="routing-members", title="Members only")
    home = HomePage.objects.get(locale=en_locale)
    alias = source.create_alias(parent=home, update_slug="routing-members-alias")
    PageViewRestriction.objects.create(page=source, restriction_type=PageViewRestriction.LOGIN)
    for path in ("/en/routing-members/", "/en/routing-members-alias/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert "login" in response["Location"]
    assert alias.alias_of_id == source.pk


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_a_page_made_private_leaves_the_listings_at_once(client, en_locale):
    news = NewsPageFactory(locale=en_locale, slug="routing-news", title="Routing news soon private")
    assert news.title in client.get("/en/news/").text
    PageViewRestriction.objects.create(page=news, restriction_type=PageViewRestriction.PASSWORD, password="x")
    assert news.title not in client.get("/en/news/").text
    PageViewRestriction.objects.filter(page=news).delete()
    assert news.title in client.get("/en/news/").text


def _menu_titles(client, path):
    return [link.get_text(strip=True) for link in soup_of(client.get(path)).select(".main-nav__list a")]


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [True, False])
def test_the_menu_shows_a_page_leaving_or_joining_it_at_once_on_every_page(client, settings, en_locale, page_cache):
    settings.PAGE_CACHE = page_cache
    page = StandardPageFactory(locale=en_locale, slug="routing-menu", title="Routing menu page", show_in_menus=True)
    assert "Routing menu page" in _menu_titles(client, "/en/news/")
    page.show_in_menus = False
    page.save_revision().publish()
    assert "Routing menu page" not in _menu_titles(client, "/en/news/")
    page.menu_title = "Menu title"
    page.show_in_menus = True
    page.save_revision().publish()
    assert "Menu title" in _menu_titles(client, "/en/news/")
    page.unpublish()
    assert "Menu title" not in _menu_titles(client, "/en/news/")


@pytest.mark.django_db
@pytest.mark.parametrize("page_cache", [True, False])
def test_the_footer_shows_a_new_text_at_once(client, settings, en_locale, page_cache):
    from portal.core.models import FooterText

    settings.PAGE_CACHE = page_cache
    assert "Routing footer" not in client.get("/en/").text
    footer = FooterText.objects.get(locale=en_locale)
    footer.body = "<p>Routing footer</p>"
    footer.save_revision().publish()
    assert "Routing footer" in soup_of(client.get("/en/")).find("footer").get_text()


@pytest.mark.django_db
def test_locales_come_from_memory_and_follow_changes():
    english = Locale.objects.get(language_code=EN)
    page = Page.objects.filter(locale=english, depth=2).first()
    Locale.get_active()  # reads the table
    with CaptureQueriesContext(connection) as queries:
        with translation.override(ZH):
            assert Locale.get_active().language_code == ZH
        assert page.locale == english
        assert Locale.objects.get_for_language("en-gb") == english
    assert len(queries) == 0
    assert locales.locale_by_code("fr") is None
    french = Locale.objects.create(language_code="fr")
    assert locales.locale_by_code("fr") == french
    french.delete()
    assert locales.locale_by_code("fr") is None
    with pytest.raises(LookupError):
        Locale.objects.get_for_language("xx")


@pytest.mark.django_db
@pytest.mark.parametrize("language", [EN, ZH])
def test_rich_text_page_links_are_wagtails_in_one_query(language, en_locale, zh_locale):
    english_only = NewsPageFactory(locale=en_locale, slug="routing-english-only")
    pages = [
        HomePage.objects.get(locale=en_locale),
        NewsIndexPage.objects.get(locale=zh_locale),
        NewsPage.objects.filter(locale=en_locale).exclude(pk=english_only.pk).first(),
        english_only,
    ]
    attrs = [{"id": str(page.pk)} for page in pages] + [{"id": "999999"}]
    with translation.override(language):
        upstream = PageLinkHandler.expand_db_attributes_many(attrs)
        with CaptureQueriesContext(connection) as queries:
            ours = PortalPageLinkHandler.expand_db_attributes_many(attrs)
    assert ours == upstream
    assert ours[-1] == "<a>"
    assert f'href="/{language}/"' in ours[0]
    assert len(queries) == 1
