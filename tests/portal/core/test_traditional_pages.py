"""Every Traditional Chinese page of the seeded programme content: served, marked as Traditional Chinese, and with no
Simplified character left where OpenCC has a Traditional form (issue 18, "a check over every page")."""

import pytest
from bs4 import NavigableString
from wagtail.models import Page

from portal.chinese.conversion import simplified_left
from tests.utils import clean, soup_of

ZHT = "zh-hant"


def _in_another_language(element):
    """Whether ``element`` is marked as another language than Traditional Chinese (the switcher's 简体中文)."""
    for node in [element, *element.parents]:
        language = (getattr(node, "attrs", None) or {}).get("lang")
        if language:
            return not language.lower().startswith("zh-hant")
    return False


def _visible_text(response):
    """The visible text, alt texts, titles and accessible labels of a page, one string.

    Scripts and styles are left out, and so is text marked as another language (``lang="zh-Hans"``).
    """
    soup = soup_of(response)
    parts = []
    for node in soup.find_all(string=True):
        if type(node) is not NavigableString or node.parent.name in {"script", "style", "template"}:
            continue
        if not _in_another_language(node.parent):
            parts.append(clean(node))
    for attribute in ("alt", "title", "aria-label", "placeholder", "content"):
        parts += [
            clean(element[attribute])
            for element in soup.find_all(attrs={attribute: True})
            if not _in_another_language(element)
        ]
    return "\n".join(part for part in parts if part)


def _traditional_urls():
    """The URL of every live Traditional Chinese page, and the URLs a visitor reaches from them beyond the tree."""
    pages = Page.objects.live().filter(locale__language_code=ZHT).specific()
    urls = sorted(page.get_url() for page in pages)
    return urls


@pytest.mark.django_db
def test_every_page_type_has_a_traditional_version(content):
    english = set(
        Page.objects.live().filter(locale__language_code="en", depth__gt=1).values_list("content_type", flat=True)
    )
    traditional = set(Page.objects.live().filter(locale__language_code=ZHT).values_list("content_type", flat=True))
    assert english and english == traditional


@pytest.mark.django_db
def test_no_simplified_character_is_left_on_any_traditional_page(client, content):
    urls = _traditional_urls() + ["/zh-hant/nope/"]
    assert len(urls) > 20
    left = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == (404 if url.endswith("/nope/") else 200), url
        soup = soup_of(response)
        assert soup.html["lang"] == "zh-Hant-HK", url
        characters = simplified_left(_visible_text(response))
        if characters:
            left[url] = "".join(characters)
    assert not left, f"Simplified characters left on Traditional pages: {left}"
