"""Search engines and link previews: ``/sitemap.xml``, ``/robots.txt`` and each page's ``<head>``
(title, meta description, Open Graph and Twitter card tags).

Expected pages, URLs and dates come from the database, texts from ``portal/content/data/*.yaml``.
"""

import datetime
from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders
from django.db import connection
from django.test.utils import CaptureQueriesContext
from PIL import Image
from wagtail.models import Page, PageViewRestriction

from events.models import EventIndexPage, EventPage
from home.models import StandardPage
from news.models import NewsIndexPage, NewsPage
from portal.core.seo import DESCRIPTION_LENGTH, default_share_image_path, truncate_text
from portal.core.sitemaps import PortalSitemap
from portal.edge.language import hreflang, is_chinese
from tests.factories import ImageFactory, translated_pair
from tests.news.factories import NewsPageFactory
from tests.utils import (
    CONTENT,
    EN,
    LANGUAGES,
    PAGE_TYPES,
    ZH,
    ZHT,
    clean,
    first_spec,
    has_cjk,
    iter_blocks,
    pair,
    plain_paragraph,
    soup_of,
    submit_page_for_translation,
    text_of,
)

BASE = "http://testserver"
SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"
XHTML_NS = "http://www.w3.org/1999/xhtml"
NS = {"s": SITEMAP_NS, "x": XHTML_NS}
OG_LOCALE = {EN: "en_GB", ZH: "zh_CN", ZHT: "zh_HK"}
#: The share image each page type shows when it has none of its own (``share_image_kind``).
SHARE_KIND = {
    "HomePage": "home",
    "StandardPage": "other",
    "ComponentPage": "component",
    "CountryIndexPage": "index",
    "CountryPage": "country",
    "NewsIndexPage": "index",
    "NewsPage": "news",
    "EventIndexPage": "index",
    "EventPage": "event",
}
SHARE_KINDS = ("home", "component", "country", "news", "event", "index", "other")


def share_image_url(kind, language):
    return f"{BASE}/static/img/share/{kind}-{language}.png"


# ---------------------------------------------------------------------------- helpers


def sitemap_pages(client, **extra):
    """GET the sitemap index ``/sitemap.xml``; return the paths of the sitemap pages it lists, in order.

    Fails unless it is a ``sitemapindex`` in the sitemap namespace whose locations are absolute on the host
    requested.
    """
    response = client.get("/sitemap.xml", **extra)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/xml"
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}sitemapindex"
    base = f"http://{extra.get('HTTP_HOST', 'testserver')}"
    locations = [element.findtext("s:loc", namespaces=NS) for element in root.findall("s:sitemap", NS)]
    assert locations and all(location.startswith(base + "/") for location in locations), locations
    return [location[len(base) :] for location in locations]


def sitemap_page_entries(client, path, **extra):
    """GET one sitemap page; return its ``{loc: {"lastmod", "alternates"}}`` (see ``sitemap_entries``)."""
    response = client.get(path, **extra)
    assert response.status_code == 200, path
    root = ElementTree.fromstring(response.content)
    assert root.tag == f"{{{SITEMAP_NS}}}urlset"
    entries = {}
    for url in root.findall("s:url", NS):
        loc = url.findtext("s:loc", namespaces=NS)
        assert loc not in entries, f"{loc} listed twice"
        links = url.findall("x:link", NS)
        assert all(link.get("rel") == "alternate" for link in links), loc
        entries[loc] = {
            "lastmod": url.findtext("s:lastmod", namespaces=NS),
            "alternates": sorted((link.get("hreflang"), link.get("href")) for link in links),
        }
    return entries


def sitemap_entries(client, **extra):
    """Read the sitemap index and every sitemap page it lists; return ``{loc: {"lastmod": str, "alternates":
    sorted [(hreflang, href)]}}`` of all of them.

    Fails if a response is not XML in the sitemap namespace or a URL is listed twice.
    """
    entries = {}
    for path in sitemap_pages(client, **extra):
        page_entries = sitemap_page_entries(client, path, **extra)
        assert not set(page_entries) & set(entries), "a URL on two sitemap pages"
        entries.update(page_entries)
    return entries


def absolute(page):
    return BASE + page.get_url()


def head_alternates(client, url):
    """The ``<link rel="alternate" hreflang>`` of the page at ``url``, sorted, as the sitemap's are."""
    soup = soup_of(client.get(url))
    return sorted((link["hreflang"], link["href"]) for link in soup.select('link[rel="alternate"][hreflang]'))


def meta(soup, key):
    """The ``content`` of every ``<meta property=key>`` or ``<meta name=key>`` (a list, in order)."""
    return [tag["content"] for tag in soup.find_all("meta") if key in (tag.get("property"), tag.get("name"))]


def one_meta(soup, key):
    values = meta(soup, key)
    assert len(values) == 1, f"{key}: {values}"
    return values[0]


def assert_cut_from(description, text):
    """``description`` is ``text`` (whitespace collapsed), or its start cut at a word boundary, with "…"."""
    text = clean(text)
    if len(text) <= DESCRIPTION_LENGTH:
        assert description == text
        return
    assert len(description) <= DESCRIPTION_LENGTH
    assert description.endswith("…")
    kept = description[:-1]
    assert text.startswith(kept)
    assert len(kept) > DESCRIPTION_LENGTH // 2
    following = text[len(kept)]
    if not has_cjk(kept[-1] + following):
        assert not (kept[-1].isalnum() and following.isalnum()), f"cut inside a word: {description!r}"


def _new_news(en_locale, slug, *, publish=True):
    return NewsPageFactory(slug=slug, locale=en_locale, live=publish, date=datetime.date(2031, 5, 6), intro="An intro.")


# ---------------------------------------------------------------------------- sitemap


@pytest.mark.django_db
def test_sitemap_is_well_formed_xml_with_the_sitemap_and_xhtml_namespaces(client):
    response = client.get(sitemap_pages(client)[0])
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/xml")
    text = response.content.decode("utf-8")
    assert text.startswith('<?xml version="1.0" encoding="UTF-8"?>')
    assert f'xmlns="{SITEMAP_NS}"' in text
    assert f'xmlns:xhtml="{XHTML_NS}"' in text
    root = ElementTree.fromstring(response.content)  # raises on malformed XML
    assert root.findall("s:url/x:link", NS), "no xhtml:link element in the sitemap namespace"


@pytest.mark.django_db
def test_sitemap_lists_every_live_public_page_of_every_locale(client, locales):
    entries = sitemap_entries(client)
    expected = Page.objects.filter(depth__gt=1).live().public()
    assert set(entries) == {absolute(page) for page in expected}
    for language, locale in locales.items():
        listed = [loc for loc in entries if loc.startswith(f"{BASE}/{language}/")]
        assert len(listed) == expected.filter(locale=locale).count() > 1, language
    assert {f"{BASE}/{language}/news/" for language in LANGUAGES} <= set(entries)


@pytest.mark.django_db
def test_sitemap_xml_is_an_index_of_pages_of_at_most_the_limit(client, monkeypatch):
    monkeypatch.setattr(PortalSitemap, "limit", 7)
    expected = Page.objects.filter(depth__gt=1).live().public()
    pages = sitemap_pages(client)

    assert len(pages) == -(-expected.count() // 7) > 2
    assert pages[0] == "/sitemap-pages.xml"
    assert pages[1:] == [f"/sitemap-pages.xml?p={number}" for number in range(2, len(pages) + 1)]
    sizes = [len(sitemap_page_entries(client, path)) for path in pages]
    assert sizes[:-1] == [7] * (len(pages) - 1) and 1 <= sizes[-1] <= 7
    assert set(sitemap_entries(client)) == {absolute(page) for page in expected}


@pytest.mark.django_db
def test_sitemap_index_lastmod_is_the_latest_publication(client):
    root = ElementTree.fromstring(client.get("/sitemap.xml").content)
    latest = max(Page.objects.filter(depth__gt=1).live().public().values_list("last_published_at", flat=True))
    for element in root.findall("s:sitemap", NS):
        assert datetime.datetime.fromisoformat(element.findtext("s:lastmod", namespaces=NS)) == latest


@pytest.mark.django_db
@pytest.mark.usefixtures("no_page_cache")
def test_a_sitemap_page_costs_the_same_queries_whatever_the_size_of_the_site(
    client, monkeypatch, django_assert_max_num_queries
):
    def queries(path):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(path).status_code == 200
        return len(captured)

    monkeypatch.setattr(PortalSitemap, "limit", 3)
    queries("/sitemap-pages.xml?p=2")  # the first request also fills Wagtail's site root paths cache
    small = queries("/sitemap-pages.xml?p=2")
    monkeypatch.setattr(PortalSitemap, "limit", 60)
    large = queries("/sitemap-pages.xml?p=2")
    assert large == small
    with django_assert_max_num_queries(8):
        client.get("/sitemap.xml")


@pytest.mark.django_db
@pytest.mark.parametrize(
    "path",
    ["/sitemap-pages.xml?p=999", "/sitemap-pages.xml?p=0", "/sitemap-pages.xml?p=x", "/sitemap-other.xml"],
)
def test_a_sitemap_page_that_does_not_exist_is_a_404(client, path):
    assert client.get(path).status_code == 404


@pytest.mark.django_db
def test_sitemap_lastmod_is_the_date_of_last_publication(client):
    entries = sitemap_entries(client)
    pages = {absolute(page): page for page in Page.objects.filter(depth__gt=1).live().public()}
    for loc, entry in entries.items():
        assert entry["lastmod"] == pages[loc].last_published_at.date().isoformat(), loc


@pytest.mark.django_db
def test_sitemap_urls_are_absolute_on_the_requests_host(client):
    entries = sitemap_entries(client, HTTP_HOST="portal.example.org")
    assert entries
    for loc, entry in entries.items():
        assert loc.startswith("http://portal.example.org/"), loc
        assert all(href.startswith("http://portal.example.org/") for _code, href in entry["alternates"]), loc


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_translated_page_lists_every_language_and_x_default(client, get_page, language):
    versions = {code: get_page(NewsPage, code, f"/news/{CONTENT['news'][0]['slug']}/") for code in LANGUAGES}
    entry = sitemap_entries(client)[absolute(versions[language])]
    assert entry["alternates"] == sorted(
        [(hreflang(code), absolute(page)) for code, page in versions.items()] + [("x-default", absolute(versions[EN]))]
    )


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_TYPES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_sitemap_alternates_are_the_pages_own_alternate_links(client, model, language):
    url = first_spec(model).url(language)
    assert sitemap_entries(client)[BASE + url]["alternates"] == head_alternates(client, url)


@pytest.mark.django_db
@pytest.mark.parametrize("chinese_draft", [False, True], ids=["never-translated", "chinese-draft"])
def test_an_untranslated_page_lists_only_itself(client, admin_client_user, new_english_news, zh_locale, chinese_draft):
    if chinese_draft:
        submit_page_for_translation(admin_client_user, new_english_news, zh_locale)
        assert not new_english_news.get_translation(zh_locale).live
    else:
        assert not new_english_news.has_translation(zh_locale)
    entries = sitemap_entries(client)
    own = absolute(new_english_news)
    assert entries[own]["alternates"] == sorted([(EN, own), ("x-default", own)])
    assert f"{BASE}/zh-hans/news/{new_english_news.slug}/" not in entries
    assert f"{BASE}/zh-hant/news/{new_english_news.slug}/" not in entries
    assert entries[own]["alternates"] == head_alternates(client, new_english_news.url)


@pytest.mark.django_db
def test_a_page_that_is_live_only_in_chinese_lists_only_itself_without_x_default(client, get_page):
    slug = CONTENT["news"][1]["slug"]
    english, chinese = get_page(NewsPage, EN, f"/news/{slug}/"), get_page(NewsPage, ZH, f"/news/{slug}/")
    traditional = get_page(NewsPage, ZHT, f"/news/{slug}/")
    # The English and Traditional pages alone, without the cascade.
    Page.objects.filter(pk__in=[english.pk, traditional.pk]).update(live=False)
    entries = sitemap_entries(client)
    assert absolute(english) not in entries and absolute(traditional) not in entries
    assert entries[absolute(chinese)]["alternates"] == [("zh-Hans", absolute(chinese))]
    assert head_alternates(client, chinese.url) == [("zh-Hans", absolute(chinese))]


@pytest.mark.django_db
def test_drafts_and_private_pages_are_not_in_the_sitemap(client, en_locale, zh_locale, zht_locale, get_page):
    visible = _new_news(en_locale, "visible-sitemap-news")
    draft = _new_news(en_locale, "draft-sitemap-news", publish=False)
    private = _new_news(en_locale, "private-sitemap-news")
    PageViewRestriction.objects.create(page=private, restriction_type=PageViewRestriction.PASSWORD, password="x")
    # A whole private section: the English events calendar and every event below it.
    events = get_page(EventIndexPage, EN, "/events/")
    PageViewRestriction.objects.create(page=events, restriction_type=PageViewRestriction.LOGIN)

    entries = sitemap_entries(client)
    assert absolute(visible) in entries
    assert f"{BASE}/en/news/draft-sitemap-news/" not in entries
    assert not draft.live
    assert absolute(private) not in entries
    assert not [loc for loc in entries if loc.startswith(f"{BASE}/en/events/")]
    chinese_events = EventPage.objects.live().filter(locale=zh_locale)
    assert chinese_events.exists()
    for event in chinese_events:
        # Still listed, but without the private English version as an alternate.
        traditional = event.get_translation(zht_locale)
        assert entries[absolute(event)]["alternates"] == [
            ("zh-Hans", absolute(event)),
            ("zh-Hant", absolute(traditional)),
        ]


# ---------------------------------------------------------------------------- robots.txt


@pytest.mark.django_db
def test_robots_txt_allows_the_site_and_names_the_sitemap(client):
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode("utf-8").splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Disallow:")]
    assert set(disallowed) == {"/admin/", "/django-admin/", "/api/"}
    assert "Allow: /" in lines
    for public in ("/en/", "/zh-hans/", "/en/news/", "/static/img/share/home-en.png", "/sitemap.xml"):
        assert not any(public.startswith(path) for path in disallowed), public
    sitemaps = [line.split(":", 1)[1].strip() for line in lines if line.startswith("Sitemap:")]
    assert sitemaps == [f"{BASE}/sitemap.xml"]
    assert client.get("/sitemap.xml").status_code == 200


@pytest.mark.django_db  # the 405 page has the site's furniture (tests/portal/edge/test_methods.py)
def test_robots_txt_is_read_only(client):
    response = client.post("/robots.txt")
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, OPTIONS"


# ---------------------------------------------------------------------------- title and description


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_seo_title_and_search_description_win_when_set(client, get_page, language):
    page = get_page(StandardPage, language, f"/{CONTENT['about']['slug']}/")
    page.seo_title = "SEO title 搜索标题"
    page.search_description = "  A search   description 搜索描述. "
    page.save_revision().publish()
    soup = soup_of(client.get(page.url))
    assert text_of(soup.title).startswith("SEO title 搜索标题 | ")
    assert one_meta(soup, "og:title") == one_meta(soup, "twitter:title") == "SEO title 搜索标题"
    for key in ("description", "og:description", "twitter:description"):
        assert one_meta(soup, key) == "A search description 搜索描述.", key


def _expected_fallback(model, language):
    """The text a page of type ``model`` in ``language`` describes itself with, from the content data."""
    spec = first_spec(model)
    if model == "EventPage":  # no intro in the content: the first paragraph of its description
        item = next(item for item in CONTENT["events"] if f"/events/{item['slug']}/" == spec.path)
        assert not item.get("intro")
        _kind, paragraph = next(iter_blocks(item["description"], "paragraph"))
        return plain_paragraph(pair(paragraph, language))
    if spec.intro is not None:  # the intro, or a component's summary
        return pair(spec.intro, language)
    return None  # index pages: their intro is not in the content data


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_TYPES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_description_falls_back_to_the_pages_intro_or_summary(client, page_at, model, language):
    spec = first_spec(model)
    page = page_at(spec.path, language)
    Page.objects.filter(pk=page.pk).update(search_description="")
    expected = _expected_fallback(model, language)
    if expected is None:
        expected = page.intro
    assert expected.strip()
    soup = soup_of(client.get(spec.url(language)))
    description = one_meta(soup, "description")
    assert_cut_from(description, expected)
    assert one_meta(soup, "og:description") == one_meta(soup, "twitter:description") == description
    assert has_cjk(description) == is_chinese(language)
    # Without seo_title the title is the page's own (the home page's is its title too).
    assert one_meta(soup, "og:title") == text_of(soup.title).rsplit(" | ", 1)[0]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_long_intro_is_cut_at_a_word_boundary(client, get_page, language):
    page = get_page(NewsPage, language, f"/news/{CONTENT['news'][0]['slug']}/")
    long_intro = {
        EN: "Delegates from European and Chinese cities met " * 6,  # a space every few characters
        ZH: "欧洲与中国城市的代表在天津会面，" * 20,  # no space at all
        ZHT: "歐洲與中國城市的代表在天津會面，" * 20,
    }
    NewsPage.objects.filter(pk=page.pk).update(search_description="", intro=long_intro[language])
    description = one_meta(soup_of(client.get(page.url)), "description")
    assert len(long_intro[language]) > DESCRIPTION_LENGTH
    assert_cut_from(description, long_intro[language])
    if is_chinese(language):
        assert len(description) >= DESCRIPTION_LENGTH - 2  # Chinese is cut between characters, not at a space


@pytest.mark.django_db
def test_an_event_with_an_intro_uses_it(client, get_page):
    event = get_page(EventPage, EN, first_spec("EventPage").path)
    EventPage.objects.filter(pk=event.pk).update(search_description="", intro="A workshop in Chengdu.")
    assert one_meta(soup_of(client.get(event.url)), "description") == "A workshop in Chengdu."


@pytest.mark.django_db
def test_a_page_with_no_text_at_all_has_no_description(client, get_page):
    index = get_page(NewsIndexPage, EN, "/news/")
    NewsIndexPage.objects.filter(pk=index.pk).update(search_description="", intro="")
    soup = soup_of(client.get(index.url))
    assert meta(soup, "description") == meta(soup, "og:description") == meta(soup, "twitter:description") == []
    assert one_meta(soup, "og:title") == index.title


def test_truncate_text():
    assert truncate_text("  Short   text.\n") == "Short text."
    english = "The programme paired European and Chinese cities " * 5
    cut = truncate_text(english)
    assert len(cut) <= DESCRIPTION_LENGTH and cut.endswith("…")
    assert english.startswith(cut[:-1]) and english[len(cut) - 1] == " "
    chinese = "项目将欧洲城市与亚洲伙伴城市联系在一起" * 20
    assert truncate_text(chinese) == chinese[: DESCRIPTION_LENGTH - 1] + "…"
    mixed = "伙伴" * 78 + "Covenant"  # a Latin word at the limit inside Chinese text is not split
    assert truncate_text(mixed) == "伙伴" * 78 + "…"
    assert truncate_text("x" * 300) == "x" * (DESCRIPTION_LENGTH - 1) + "…"  # one huge word: cut anyway
    assert truncate_text("word, " * 40, limit=20) == "word, word, word…"


# ---------------------------------------------------------------------------- Open Graph and Twitter cards


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_news_page_shares_its_hero_image(client, make_traditional, language):
    pair_of_pages = translated_pair(NewsPageFactory, hero_image=ImageFactory(), hero_image_alt="Delegates in Tianjin")
    pages = dict(zip([EN, ZH], pair_of_pages, strict=True))
    page = make_traditional(pages[EN]) if language == ZHT else pages[language]
    soup = soup_of(client.get(page.url))
    assert one_meta(soup, "og:type") == "article"
    image_url = one_meta(soup, "og:image")
    rendition = page.hero_image.renditions.get(filter_spec="fill-1200x630|format-jpeg")
    assert image_url == BASE + rendition.url
    assert rendition.url.endswith(".jpg")
    assert one_meta(soup, "og:image:type") == "image/jpeg"
    assert one_meta(soup, "og:image:width") == "1200" == str(rendition.width)
    assert one_meta(soup, "og:image:height") == str(rendition.height)
    assert abs(rendition.height - 630) <= 1
    assert one_meta(soup, "og:image:alt") == page.hero_image_alt
    assert has_cjk(page.hero_image_alt) == is_chinese(language)
    assert one_meta(soup, "twitter:card") == "summary_large_image"
    assert one_meta(soup, "twitter:image") == image_url
    assert one_meta(soup, "twitter:image:alt") == page.hero_image_alt


@pytest.mark.django_db
@pytest.mark.parametrize("model", [name for name in PAGE_TYPES if name != "NewsPage"])
def test_other_pages_share_their_types_image_in_their_language_with_translated_alt_text(client, model):
    alts = {}
    for language in LANGUAGES:
        soup = soup_of(client.get(first_spec(model).url(language)))
        assert one_meta(soup, "og:type") == "website"
        expected = share_image_url(SHARE_KIND[model], language)
        assert one_meta(soup, "og:image") == one_meta(soup, "twitter:image") == expected
        assert one_meta(soup, "og:image:type") == "image/png"
        assert (one_meta(soup, "og:image:width"), one_meta(soup, "og:image:height")) == ("1200", "630")
        assert one_meta(soup, "twitter:card") == "summary_large_image"
        alts[language] = one_meta(soup, "og:image:alt")
        assert one_meta(soup, "twitter:image:alt") == alts[language]
    assert "IUC Asia" in alts[EN] and "Funded by the European Union" in alts[EN] and not has_cjk(alts[EN])
    assert has_cjk(alts[ZH]) and "由欧洲联盟资助" in alts[ZH] and "Funded" not in alts[ZH]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_a_news_page_without_a_hero_or_body_image_shares_the_news_image(client, get_page, language):
    page = get_page(NewsPage, language, f"/news/{CONTENT['news'][0]['slug']}/")
    NewsPage.objects.filter(pk=page.pk).update(hero_image=None)
    page.refresh_from_db()
    assert page.get_share_image() is None, "the seeded item has an image in its body: pick another"
    soup = soup_of(client.get(page.url))
    assert one_meta(soup, "og:image") == share_image_url("news", language)
    assert one_meta(soup, "og:type") == "article"


def test_each_kind_of_page_has_a_share_image_per_language_that_is_a_small_1200_by_630_png():
    contents = {}
    for kind in SHARE_KINDS:
        for language in LANGUAGES:
            path = finders.find(f"img/share/{kind}-{language}.png")
            assert path, f"portal/static/img/share/{kind}-{language}.png is missing (manage.py make_identity_images)"
            with Image.open(path) as image:
                assert image.format == "PNG"
                assert image.size == (1200, 630)
            with open(path, "rb") as file:
                contents[kind, language] = file.read()
            assert len(contents[kind, language]) < 60_000, f"{kind}-{language}.png is larger than it needs to be"
    assert len(set(contents.values())) == len(contents), "two kinds or languages share the same picture"


def test_an_unknown_kind_or_language_gets_the_other_or_english_image():
    assert default_share_image_path("no-such-kind", ZH) == "img/share/other-zh-hans.png"
    assert default_share_image_path("event", "fr") == "img/share/event-en.png"
    assert default_share_image_path("home", EN) == "img/share/home-en.png"


@pytest.mark.django_db
def test_a_body_image_is_the_share_image_of_a_page_without_its_own(client, get_page):
    image = ImageFactory()
    page = get_page(StandardPage, EN, f"/{CONTENT['about']['slug']}/")
    page.body = [("image", {"image": image, "alt_text": "Delegates in Tianjin", "caption": ""})] + [
        (block.block_type, block.value) for block in page.body
    ]
    page.save_revision().publish()
    soup = soup_of(client.get(page.url))
    rendition = image.get_rendition("fill-1200x630|format-jpeg")
    assert one_meta(soup, "og:image") == BASE + rendition.url
    assert one_meta(soup, "og:image:alt") == "Delegates in Tianjin"


@pytest.mark.django_db
@pytest.mark.parametrize("model", PAGE_TYPES)
@pytest.mark.parametrize("language", LANGUAGES)
def test_open_graph_url_title_and_locales(client, model, language):
    response = client.get(first_spec(model).url(language))
    soup = soup_of(response)
    canonical = [link["href"] for link in soup.select('link[rel="canonical"]')]
    assert canonical == [one_meta(soup, "og:url")]
    assert one_meta(soup, "og:url") == BASE + first_spec(model).url(language)
    assert one_meta(soup, "og:site_name") == {EN: "IUC Asia", ZH: "IUC亚洲", ZHT: "IUC亞洲"}[language]
    assert one_meta(soup, "og:locale") == OG_LOCALE[language]
    assert meta(soup, "og:locale:alternate") == [OG_LOCALE[code] for code in LANGUAGES if code != language]
    assert one_meta(soup, "og:title") == one_meta(soup, "twitter:title")
    assert text_of(soup.title) == f"{one_meta(soup, 'og:title')} | {one_meta(soup, 'og:site_name')}"


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url",
    [
        "/en/news/category/iuc-asia/",
        "/zh-hans/news/country/china/2018/",
        "/en/news/?page=2",
        "/zh-hans/events/week/2018-07-09/",
        "/en/events/2019/",
        "/en/?date=2018-7-9&t=week",
    ],
)
def test_a_routable_pages_view_has_its_own_og_url_and_title(client, url):
    response = client.get(url)
    assert response.status_code == 200
    soup = soup_of(response)
    canonical = [link["href"] for link in soup.select('link[rel="canonical"]')]
    assert canonical == [one_meta(soup, "og:url")]
    assert one_meta(soup, "og:url") == BASE + url
    # The view's own title (such as "News: IUC Asia"), as in <title>, without the site's name.
    assert f"{one_meta(soup, 'og:title')} | " in text_of(soup.title)
    assert one_meta(soup, "twitter:title") == one_meta(soup, "og:title")


@pytest.mark.django_db
def test_an_untranslated_page_has_no_alternate_locale(client, new_english_news):
    soup = soup_of(client.get(new_english_news.url))
    assert one_meta(soup, "og:locale") == "en_GB"
    assert meta(soup, "og:locale:alternate") == []
    assert one_meta(soup, "og:url") == BASE + new_english_news.url
    assert one_meta(soup, "description") == "Delegates met in Tianjin."


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("url", "status"),
    [("/en/no-such-page/", 404), ("/zh-hans/no-such-page/", 404), ("/en/?date=2018-13-40", 400)],
)
def test_error_pages_render_without_page_tags(client, url, status):
    response = client.get(url)
    assert response.status_code == status
    soup = soup_of(response)
    assert text_of(soup.title).endswith((" | IUC Asia", " | IUC亚洲", " | IUC亞洲"))
    assert not [tag for tag in soup.find_all("meta") if (tag.get("property") or "").startswith("og:")]
    assert meta(soup, "description") == [] and meta(soup, "twitter:card") == []


@pytest.mark.django_db
def test_an_untranslated_pages_chinese_404_has_no_page_tags(client, new_english_news):
    response = client.get(f"/zh-hans/news/{new_english_news.slug}/")
    assert response.status_code == 404
    soup = soup_of(response)
    assert meta(soup, "og:url") == [] and meta(soup, "og:title") == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("query", ["", "?q=Chongqing"])
def test_the_search_page_shares_the_other_image_in_its_language(client, language, query):
    soup = soup_of(client.get(f"/{language}/search/{query}"))
    assert one_meta(soup, "og:image") == one_meta(soup, "twitter:image") == share_image_url("other", language)
    assert (one_meta(soup, "og:image:width"), one_meta(soup, "og:image:height")) == ("1200", "630")
    assert one_meta(soup, "og:locale") == OG_LOCALE[language]
    assert one_meta(soup, "og:title") == text_of(soup.title).rsplit(" | ", 1)[0]
    assert has_cjk(one_meta(soup, "og:image:alt")) == is_chinese(language)
    assert meta(soup, "og:url") == [] and meta(soup, "description") == []
