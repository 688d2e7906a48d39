"""A news page's older/newer links, its related news and its schema.org NewsArticle (JSON-LD), in both languages.

Expected values come from the content data (``portal/content/data/news.yaml``): the order of the news,
what each shares with the others, titles, intros, dates and names.
"""

import datetime
import json

import pytest

from news.models import NewsPage
from portal.edge.language import html_lang
from tests.factories import ImageFactory
from tests.news.factories import NewsPageFactory
from tests.utils import CONTENT, EN, LANGUAGES, ZH, ZHT, pair, soup_of, text_of

NEWS = CONTENT["news"]
BY_DATE = sorted(NEWS, key=lambda item: str(item["date"]))  # oldest first; the content has no two on one day
CATEGORY_NAMES = {item["slug"]: item["name"] for item in CONTENT["categories"]}
COUNTRY_NAMES = {item["slug"]: item["name"] for item in CONTENT["countries"]}
CITY_NAMES = {item["key"]: item["name"] for item in CONTENT["cities"]}


def _pager(soup):
    nav = soup.select_one("main nav.news-pager")
    links = {a["rel"][0]: a for a in nav.find_all("a")} if nav is not None else {}
    return nav, links


# ---------------------------------------------------------------------------- older / newer


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("position", [0, 1, len(BY_DATE) // 2, len(BY_DATE) - 2, len(BY_DATE) - 1])
def test_older_and_newer_links_follow_the_dates(client, language, position):
    assert len({str(item["date"]) for item in NEWS}) == len(NEWS), "two news items share a date"
    item = BY_DATE[position]
    nav, links = _pager(soup_of(client.get(f"/{language}/news/{item['slug']}/")))
    assert nav is not None and nav.get("aria-label")
    expected = {}
    if position > 0:
        expected["prev"] = BY_DATE[position - 1]
    if position < len(BY_DATE) - 1:
        expected["next"] = BY_DATE[position + 1]
    assert set(links) == set(expected)
    for rel, neighbour in expected.items():
        assert links[rel]["href"] == f"/{language}/news/{neighbour['slug']}/"
        assert text_of(links[rel].select_one(".news-pager__title")) == pair(neighbour["title"], language)
        assert text_of(links[rel].select_one(".news-pager__label"))


@pytest.mark.django_db
def test_older_and_newer_are_labelled_in_each_language(client):
    item = BY_DATE[len(BY_DATE) // 2]
    _nav, english = _pager(soup_of(client.get(f"/en/news/{item['slug']}/")))
    _nav, chinese = _pager(soup_of(client.get(f"/zh-hans/news/{item['slug']}/")))
    assert text_of(english["prev"].select_one(".news-pager__label")) == "Older news"
    assert text_of(english["next"].select_one(".news-pager__label")) == "Newer news"
    assert text_of(chinese["prev"].select_one(".news-pager__label")) == "较早的新闻"
    assert text_of(chinese["next"].select_one(".news-pager__label")) == "较新的新闻"


@pytest.mark.django_db
def test_news_of_the_same_day_are_ordered_by_creation(client, get_page, en_locale):

    first = get_page(NewsPage, EN, f"/news/{BY_DATE[0]['slug']}/")
    NewsPageFactory(title="Same day twin", slug="same-day-twin", date=first.date, intro="Twin.")
    _nav, links = _pager(soup_of(client.get(first.url)))
    assert links["next"]["href"] == "/en/news/same-day-twin/"
    _nav, links = _pager(soup_of(client.get("/en/news/same-day-twin/")))
    assert links["prev"]["href"] == first.url
    assert links["next"]["href"] == f"/en/news/{BY_DATE[1]['slug']}/"


# ---------------------------------------------------------------------------- related news


def _shared(item, other):
    """How much two YAML news items share: one point per city, country and the category."""
    cities = set(item.get("cities") or []) & set(other.get("cities") or [])
    countries = set(item.get("countries") or []) & set(other.get("countries") or [])
    return len(cities) + len(countries) + (item["category"] == other["category"])


def _expected_related(item, limit=3):
    candidates = [(other, _shared(item, other)) for other in NEWS if other["slug"] != item["slug"]]
    candidates = [(other, score) for other, score in candidates if score > 0]
    candidates.sort(key=lambda pair_: (-pair_[1], *(-int(part) for part in str(pair_[0]["date"]).split("-"))))
    return [other["slug"] for other, _score in candidates[:limit]]


def _related_slugs(soup, language):
    section = soup.select_one("main section.related-news")
    if section is None:
        return []
    prefix = f"/{language}/news/"
    return [a["href"][len(prefix) : -1] for a in section.select(".news-item__title a")]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("item", NEWS, ids=[item["slug"] for item in NEWS])
def test_related_news_share_the_most_then_are_the_newest(client, language, item):
    soup = soup_of(client.get(f"/{language}/news/{item['slug']}/"))
    related = _related_slugs(soup, language)
    assert related == _expected_related(item)
    assert item["slug"] not in related
    section = soup.select_one("main section.related-news")
    if related:
        heading = section.find("h2")
        assert section["aria-labelledby"] == heading["id"]
        assert text_of(heading) == {EN: "Related news", ZH: "相关新闻", ZHT: "相關新聞"}[language]


@pytest.mark.django_db
def test_related_news_leave_out_drafts_and_shared_nothing(client, get_page, en_locale):
    item = next(item for item in NEWS if _expected_related(item))
    best = _expected_related(item)[0]
    get_page(NewsPage, EN, f"/news/{best}/").unpublish()
    related = _related_slugs(soup_of(client.get(f"/en/news/{item['slug']}/")), EN)
    assert best not in related
    assert len(related) == min(3, len(_expected_related(item, limit=len(NEWS))) - 1)


@pytest.mark.django_db
@pytest.mark.parametrize("window", [3, None])
def test_related_news_come_from_the_news_nearest_in_date(client, en_locale, monkeypatch, window):
    """Only the ``RELATED_NEWS_WINDOW`` news nearest in date (counting from the page's date) are ranked."""
    import news.models

    if window is not None:
        monkeypatch.setattr(news.models, "RELATED_NEWS_WINDOW", window)
    page = NewsPageFactory(date=datetime.date(2031, 1, 10), countries=["malaysia"])
    near = NewsPageFactory(date=datetime.date(2031, 1, 9), countries=["malaysia"])
    NewsPageFactory(date=datetime.date(2031, 1, 8))
    far = NewsPageFactory(date=datetime.date(2031, 1, 1), countries=["malaysia"])
    related = _related_slugs(soup_of(client.get(page.url)), EN)
    if window:
        assert related == [near.slug]
    else:
        assert related[:2] == [near.slug, far.slug]  # then older news about Malaysia


@pytest.mark.django_db
def test_a_page_sharing_nothing_has_no_related_news(client, new_english_news):
    soup = soup_of(client.get(new_english_news.url))
    assert soup.select_one("main section.related-news") is None


# ---------------------------------------------------------------------------- JSON-LD


def _json_ld(response):
    scripts = soup_of(response).select('script[type="application/ld+json"]')
    assert len(scripts) == 1
    return json.loads(scripts[0].string)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("item", [NEWS[0], NEWS[-1]], ids=lambda item: item["slug"])
def test_news_page_describes_itself_as_a_schema_org_news_article(client, get_page, language, item):
    response = client.get(f"/{language}/news/{item['slug']}/")
    data = _json_ld(response)
    page = get_page(NewsPage, language, f"/news/{item['slug']}/")
    url = response.wsgi_request.build_absolute_uri(f"/{language}/news/{item['slug']}/")
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "NewsArticle"
    assert data["headline"] == pair(item["title"], language)
    assert data["description"] == pair(item["intro"], language)
    assert data["datePublished"] == str(item["date"])
    # ISO 8601 to the millisecond (Django's JSON encoder), in UTC.
    modified = datetime.datetime.fromisoformat(data["dateModified"])
    assert datetime.timedelta(0) <= page.last_published_at - modified < datetime.timedelta(milliseconds=1)
    assert data["url"] == url
    assert data["mainEntityOfPage"] == {"@type": "WebPage", "@id": url}
    assert data["inLanguage"] == html_lang(language)
    assert data["articleSection"] == pair(CATEGORY_NAMES[item["category"]], language)
    assert data["publisher"] == {
        "@type": "Organization",
        "name": {EN: "IUC Asia", ZH: "IUC亚洲", ZHT: "IUC亞洲"}[language],
    }
    places = {(place["@type"], place["name"]) for place in data.get("about", [])}
    assert places == {("City", pair(CITY_NAMES[key], language)) for key in item.get("cities") or []} | {
        ("Country", pair(COUNTRY_NAMES[key], language)) for key in item.get("countries") or []
    }
    assert "image" not in data  # the programme's news have no pictures (docs/content-model.md, "Images")


@pytest.mark.django_db
def test_json_ld_names_the_largest_jpeg_of_the_hero_image(client):
    page = NewsPageFactory(hero_image=ImageFactory(), hero_image_alt="Delegates in Tianjin")
    response = client.get(page.url)
    data = _json_ld(response)
    assert data["image"].startswith(response.wsgi_request.build_absolute_uri("/media/"))
    assert data["image"].endswith(".jpg")
    rendition = page.hero_image.renditions.get(file__endswith=data["image"].rsplit("/", 1)[1])
    assert rendition.width == 1200


@pytest.mark.django_db
def test_json_ld_of_a_page_without_image_or_category_leaves_them_out(client, new_english_news):
    data = _json_ld(client.get(new_english_news.url))
    assert data["headline"] == "A brand new mission"
    assert data["datePublished"] == "2020-05-04"
    assert "image" not in data
    assert "articleSection" not in data
    assert "about" not in data


@pytest.mark.django_db
def test_json_ld_text_cannot_close_its_script_element(client, new_english_news):
    new_english_news.title = "Mission </script><script>alert(1)</script> & more"
    new_english_news.save_revision().publish()
    response = client.get(new_english_news.url)
    assert response.content.decode().count("alert(1)</script>") == 0
    assert _json_ld(response)["headline"] == "Mission </script><script>alert(1)</script> & more"


# ---------------------------------------------------------------------------- editors' previews


def _preview_form(**fields):
    from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

    return nested_form_data(
        {
            "title": "Previewed mission",
            "slug": "previewed-mission",
            "date": str(BY_DATE[-1]["date"]),
            "intro": "Previewed intro.",
            "hero_image_alt": "",
            "body": streamfield([]),
            "related_cities": inline_formset([]),
            "related_countries": inline_formset([{"country": "china"}]),
            **fields,
        }
    )


@pytest.mark.django_db
def test_previews_of_a_new_and_an_edited_news_page_render(admin_client_user, get_page):
    from news.models import NewsIndexPage

    client = admin_client_user
    index = get_page(NewsIndexPage, EN, "/news/")
    url = f"/admin/pages/add/news/newspage/{index.pk}/preview/"
    assert client.post(url, _preview_form()).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    soup = soup_of(response)
    assert text_of(soup.h1) == "Previewed mission"
    _nav, links = _pager(soup)
    assert links["prev"]["href"] == f"/en/news/{BY_DATE[-1]['slug']}/"  # the newest, same day: older than a new page
    assert "next" not in links
    assert _json_ld(response)["headline"] == "Previewed mission"

    page = get_page(NewsPage, EN, f"/news/{BY_DATE[0]['slug']}/")
    url = f"/admin/pages/{page.pk}/edit/preview/"
    form = _preview_form(title="Edited title", slug=page.slug, date=str(BY_DATE[0]["date"]))
    assert client.post(url, form).json()["is_valid"]
    response = client.get(url)
    assert response.status_code == 200
    assert _json_ld(response)["headline"] == "Edited title"
    _nav, links = _pager(soup_of(response))
    assert links["next"]["href"] == f"/en/news/{BY_DATE[1]['slug']}/"
