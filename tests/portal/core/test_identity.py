"""The portal's identity: the EU emblem and acknowledgement in the footer, the logo mark, the favicon and
"Return to top of page" (docs/public-site.md, "Identity").

The emblem is checked against the published construction by measuring the committed SVG file, so a
hand edit that breaks the geometry fails here as well as a change to ``portal.core.identity``.
"""

import math
from xml.etree import ElementTree

import pytest
from django.contrib.staticfiles import finders

from portal.core import identity
from portal.edge.language import is_chinese
from tests.utils import EN, LANGUAGES, ZH, ZHT, has_cjk, soup_of, text_of

SVG = "{http://www.w3.org/2000/svg}"
FUNDED = {EN: "Funded by the European Union", ZH: "由欧洲联盟资助", ZHT: "由歐洲聯盟資助"}
PAGES = ("/{language}/", "/{language}/news/", "/{language}/events/", "/{language}/search/?q=city")


def _svg(name):
    path = finders.find(f"img/{name}")
    assert path, f"portal/static/img/{name} is missing"
    return ElementTree.parse(path).getroot()


def _corners(polygon):
    return [tuple(float(number) for number in pair.split(",")) for pair in polygon.get("points").split()]


def test_the_eu_emblem_follows_the_published_construction():
    root = _svg("eu-emblem.svg")
    _x, _y, width, height = (float(number) for number in root.get("viewBox").split())
    assert width / height == 1.5
    rect = root.find(f"{SVG}rect")
    assert (float(rect.get("width")), float(rect.get("height"))) == (width, height)
    assert rect.get("fill").upper() == "#003399"  # Reflex Blue on screen
    group = root.find(f"{SVG}g")
    assert group.get("fill").upper() == "#FFCC00"  # Yellow on screen
    stars = group.findall(f"{SVG}polygon")
    assert len(stars) == 12
    centre = (width / 2, height / 2)  # where the diagonals cross
    angles = []
    for polygon in stars:
        corners = _corners(polygon)
        assert len(corners) == 10  # five points, five inner corners
        cx = sum(x for x, _y in corners) / 10
        cy = sum(y for _x, y in corners) / 10
        points = corners[::2]
        for x, y in points:  # each point on a circle of one eighteenth of the height
            assert math.hypot(x - cx, y - cy) == pytest.approx(height / 18, abs=0.02)
        top = min(points, key=lambda point: point[1])
        assert top[0] == pytest.approx(cx, abs=0.02)  # upright: one point straight up
        assert math.hypot(cx - centre[0], cy - centre[1]) == pytest.approx(height / 3, abs=0.02)
        angles.append(math.degrees(math.atan2(cx - centre[0], centre[1] - cy)) % 360)
    assert sorted(round(angle) % 360 for angle in angles) == list(range(0, 360, 30))  # the hours of a clock


def test_the_logo_mark_and_favicon_are_the_drawn_mark():
    for name in ("logo-mark.svg", "favicon.svg"):
        path = finders.find(f"img/{name}")
        with open(path, encoding="utf-8") as file:
            assert file.read() == identity.mark_svg(), f"{name}: run manage.py make_identity_images"
    with open(finders.find("img/eu-emblem.svg"), encoding="utf-8") as file:
        assert file.read() == identity.emblem_svg()
    root = _svg("logo-mark.svg")
    assert root.get("viewBox") == "0 0 48 48"
    assert not root.findall(f".//{SVG}text"), "the mark is shapes, not letters that depend on a font"


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_footer_acknowledges_eu_funding_in_the_pages_language(client, language):
    for url in [page.format(language=language) for page in PAGES] + [f"/{language}/no-such-page/"]:
        soup = soup_of(client.get(url))
        footer = soup.find("footer")
        funding = footer.select_one(".site-footer__funding")
        emblem = funding.find("img")
        assert emblem["src"].endswith("/img/eu-emblem.svg"), url
        assert emblem["alt"] == "", "the emblem is decorative: the words beside it say it"
        assert int(emblem["height"]) >= 38  # at least 1 cm (37.8 CSS px)
        assert int(emblem["width"]) * 2 == int(emblem["height"]) * 3
        assert text_of(funding) == FUNDED[language], url
        # Said once: nothing else in the footer (an image's alt, a label) repeats it for screen readers.
        assert text_of(footer).count(FUNDED[language]) == 1, url
        assert not soup.select(f'[aria-label*="{FUNDED[language]}"], [title*="{FUNDED[language]}"]')
        if is_chinese(language):
            assert FUNDED[EN] not in text_of(footer) and has_cjk(text_of(funding))


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_the_brand_link_is_named_by_the_site_name_and_shows_the_logo_mark(client, language):
    name = {EN: "International Urban Cooperation Asia", ZH: "国际城市合作亚洲项目", ZHT: "國際城市合作亞洲項目"}[
        language
    ]
    for url in (f"/{language}/", f"/{language}/news/", f"/{language}/no-such-page/"):
        brand = soup_of(client.get(url)).select_one(".site-header__brand")
        logo = brand.select_one("img.site-header__logo")
        assert logo["src"].endswith("/img/logo-mark.svg") and logo["alt"] == ""
        assert (logo["width"], logo["height"]) == ("48", "48")
        assert text_of(brand) == name, url
        assert "IUC" not in text_of(brand).replace(name, "")


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_return_to_top_leads_to_the_top_of_the_page(client, language):
    soup = soup_of(client.get(f"/{language}/news/"))
    label = {EN: "Return to top of page", ZH: "返回页首", ZHT: "返回頁首"}[language]
    link = soup.find("footer").find("a", string=label)
    target = link["href"].removeprefix("#")
    element = soup.find(id=target)
    assert element is soup.body, "the target is the top of the page, above the header, not #main below it"
    assert element.find(class_="skip-link") is not None
