"""Visitor text reads as published text: no note about the portal's own sources (issue 17, item 3).

The sources of the facts stay in the content data (the top-level ``sources`` list) and are shown on the
About page only, as its "Sources" list. A pairing card says nothing about sources: a pairing that is not
one to one (``verified`` unticked) says the two cities are partners within a city cluster.
"""

import re

import pytest
from bs4 import BeautifulSoup
from django.template.loader import render_to_string
from django.utils import translation

from portal.edge.language import is_chinese
from tests.components.factories import CityPairingFactory
from tests.utils import CONTENT, EN, LANGUAGES, ZH, inline_text, pair, soup_of, text_of

#: Wording that talks about the portal's sources rather than the programme.
SOURCE_NOTES = re.compile(
    r"\bsources?\b|this portal|\bour\b|\bnot recorded\b|来源|资料|本网站|本门户|未见记载|有名可查",
    re.IGNORECASE,
)

#: Top-level content that is not page text: the footer (the identity helpers' concern, a note about the site).
#: Any ``sources`` key (the list, and the About page's Sources section) is left out too.
NOT_VISITOR_TEXT = {"footer"}


def _visitor_strings(value, path=""):
    """Yield ``(path, text)`` for every English and Chinese string of the content data meant for visitors."""
    if isinstance(value, dict):
        if set(value) >= {"en", "zh"}:
            yield path, str(value["en"])
            yield path, str(value["zh"])
            return
        for key, item in value.items():
            if key == "sources" or (not path and key in NOT_VISITOR_TEXT):
                continue
            yield from _visitor_strings(item, f"{path}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _visitor_strings(item, f"{path}[{index}]")


def test_the_content_data_has_no_note_about_its_sources():
    strings = list(_visitor_strings(CONTENT))
    assert len(strings) > 500
    notes = [(path, text) for path, text in strings if SOURCE_NOTES.search(text)]
    assert notes == []


def test_the_sources_list_is_complete():
    sources = CONTENT["sources"]
    assert len(sources) >= 5
    for source in sources:
        assert source["url"].startswith("https://")
        assert {"en", "zh"} <= set(source["title"]) and {"en", "zh"} <= set(source["publisher"])
        assert source["covers"]
    assert len({source["url"] for source in sources}) == len(sources)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_about_page_lists_the_sources_in_its_language(client, language):
    soup = soup_of(client.get(f"/{language}/about/"))
    section = CONTENT["about"]["body"][-1]["sources"]
    heading = next(h for h in soup.select(".stream > h2") if text_of(h) == pair(section["heading"], language))
    assert inline_text(heading.find_next("p")) == pair(section["intro"], language)
    listing = heading.find_next("ul")
    items = listing.find_all("li", recursive=False)
    assert [(a.get("href"), text_of(a)) for a in listing.find_all("a")] == [
        (source["url"], pair(source["title"], language)) for source in CONTENT["sources"]
    ]
    separator = "，" if is_chinese(language) else ", "
    assert [inline_text(item) for item in items] == [
        f"{pair(source['title'], language)}{separator}{pair(source['publisher'], language)}"
        for source in CONTENT["sources"]
    ]


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize(
    "path",
    [
        "/countries/china/",
        "/countries/hong-kong/",
        "/countries/singapore/",
        "/countries/republic-of-korea/",
        "/global-covenant-of-mayors/",
        "/city-to-city-cooperation/",
        "/cities/chinese-cities/",
        "/events/gcom-stakeholders-meeting-during-wuf9/",
    ],
)
def test_pages_that_had_notes_about_sources_read_without_them(client, path, language):
    soup = soup_of(client.get(f"/{language}{path}"))
    main = inline_text(soup.main)
    assert SOURCE_NOTES.search(main) is None, SOURCE_NOTES.search(main)
    description = soup.find("meta", attrs={"name": "description"})["content"]
    assert SOURCE_NOTES.search(description) is None


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_programme_pairings_carry_no_badge(client, language):
    soup = soup_of(client.get(f"/{language}/city-to-city-cooperation/"))
    cards = soup.select("li.pairing")
    assert len(cards) == 7
    assert [card.select(".badge") for card in cards] == [[]] * 7


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "badge"), [(EN, "Partners within a city cluster"), (ZH, "同一城市集群内的合作伙伴")]
)
def test_a_cluster_link_says_so_and_a_one_to_one_pairing_says_nothing(language, badge):
    cluster, pairing = CityPairingFactory(verified=False), CityPairingFactory(verified=True)
    with translation.override(language):
        html = render_to_string("components/includes/pairing_list.html", {"pairings": [cluster, pairing]})
    first, second = BeautifulSoup(html, "html.parser").select("li.pairing")
    assert [text_of(b) for b in first.select(".badge")] == [badge]
    assert second.select(".badge") == []
