"""Build the portal's content from the bilingual YAML files in ``portal/content/data/``, through wagtail-localize.

Idempotent, checked in full on every run, in one transaction: docs/content-model.md, "Seed content".
"""

import colorsys
import datetime
import hashlib
import html
import io
import re
import uuid
import zoneinfo
from collections import Counter
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlsplit

import yaml
from django.conf import settings
from django.core.files.images import ImageFile
from django.db import transaction
from PIL import Image as PILImage
from PIL import ImageDraw
from wagtail.actions.copy_for_translation import ParentNotTranslatedError
from wagtail.images import get_image_model
from wagtail.models import Collection, Locale, Page, Site
from wagtail_localize.models import Translation, TranslationSource
from wagtail_localize.strings import StringValue, extract_strings

from components.models import (
    City,
    CityPairing,
    ComponentCountry,
    ComponentPage,
    ComponentPairing,
    CountryIndexPage,
    CountryPage,
)
from events.models import EventIndexPage, EventPage
from home.models import HomePage, StandardPage
from news.models import NewsCategory, NewsIndexPage, NewsPage, NewsPageRelatedCity, NewsPageRelatedCountry
from portal.core.models import FooterText, SiteSettings
from portal.core.time_zones import is_time_zone
from portal.edge.language import SIMPLIFIED_CHINESE, TRADITIONAL_CHINESE
from portal.translations import traditional

CONTENT_DIR = Path(__file__).resolve().parent / "data"
CONTENT_FILES = ("programme.yaml", "cities.yaml", "news.yaml", "events.yaml")
COLLECTION_NAME = "IUC Asia content"
TOOL_NAME = "load_iuc_content"
LINK_RE = re.compile(r"\[([^\]]+)\]\(page:([^)\s]+)\)")
BOLD_RE = re.compile(r"\*\*(.+?)\*\*")


class ContentError(Exception):
    """The content data is inconsistent (a missing key, a missing Chinese string, a bad link...)."""


def load_data(content_dir=CONTENT_DIR):
    """Read and merge the YAML content files in ``content_dir`` (a Path); return one dict.

    Raises ContentError when a file is missing or is not valid YAML.
    """
    data = {}
    for name in CONTENT_FILES:
        path = Path(content_dir) / name
        try:
            loaded = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as error:
            raise ContentError(f"Cannot read {path}: {error}") from error
        data.update(loaded)
    return data


def generate_image(key, width=1200, height=675):
    """Return JPEG bytes of an abstract picture drawn for ``key`` (a str): same key, same picture.

    Colours and shapes come from a hash of the key, so images need no network and no binary files.
    """
    digest = hashlib.sha256(key.encode("utf-8")).digest()
    hue = digest[0] / 255

    def colour(shift, lightness, saturation=0.55):
        r, g, b = colorsys.hls_to_rgb((hue + shift) % 1, lightness, saturation)
        return int(r * 255), int(g * 255), int(b * 255)

    image = PILImage.new("RGB", (width, height), colour(0, 0.28))
    draw = ImageDraw.Draw(image)
    for row in range(height):
        blend = row / height
        base, top = colour(0, 0.22), colour(0.08, 0.42)
        fill = tuple(int(a + (b - a) * blend) for a, b in zip(base, top, strict=True))
        draw.line([(0, row), (width, row)], fill=fill)
    for index in range(7):
        x = digest[1 + index] / 255 * width
        y = digest[9 + index] / 255 * height
        radius = 60 + digest[17 + index] / 255 * 260
        fill = colour(0.1 * index, 0.45 + index * 0.05, 0.65)
        draw.ellipse([x - radius, y - radius, x + radius, y + radius], outline=fill, width=6 + index)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=82)
    return buffer.getvalue()


class TranslationMemory:
    """English → Chinese strings, in wagtail-localize's ``StringValue.data`` form (HTML-escaped)."""

    def __init__(self):
        self.strings = {}

    def add(self, english, chinese):
        """Record a pair of StringValues; raise ContentError on a conflicting second translation.

        Like a PO catalog, the content gives each English string one Chinese translation.
        """
        if not english.data.strip():
            return
        known = self.strings.get(english.data)
        if known is not None and known != chinese.data:
            raise ContentError(
                f"{english.render_text()!r} has two Chinese translations, {known!r} and {chinese.data!r}: use one."
            )
        self.strings[english.data] = chinese.data

    def get(self, english_data):
        return self.strings.get(english_data)


class ContentLoader:
    """Creates the portal's pages and snippets from the content data and translates them.

    ``stdout`` is a writable text stream for progress lines. After ``run()``, ``counts`` holds
    how many objects were created, kept (already present) and translated, by kind. Objects are found by
    their ASCII keys (page slugs, snippet slugs, image file names); an existing one is left as it is. With
    ``reset`` the portal's pages, snippets, translations and generated images are deleted first (the Sites,
    their settings and redirects are kept).
    """

    def __init__(self, stdout=None, content_dir=CONTENT_DIR, reset=False, verbosity=1):
        self.stdout = stdout
        self.verbosity = verbosity
        self.content_dir = content_dir
        self.reset = reset
        self.counts = Counter()
        self.memory = TranslationMemory()
        self.pages_by_path = {}
        self.to_translate = []
        self.missing_translations = []
        self.created_files = []
        self.validating = False
        self.sources = []

    # ------------------------------------------------------------------ helpers

    def log(self, message, level=1):
        """Write a progress line to ``stdout`` when ``verbosity`` is at least ``level``."""
        if self.stdout is not None and self.verbosity >= level:
            self.stdout.write(message)

    def text(self, pair, field="text"):
        """Return the English text of a ``{en, zh}`` pair and remember its Chinese translation."""
        if pair is None:
            return ""
        if not isinstance(pair, dict) or not pair.get("en") or not pair.get("zh"):
            raise ContentError(f"Expected a {{en, zh}} pair for {field}, got {pair!r}")
        english, chinese = str(pair["en"]).strip(), str(pair["zh"]).strip()
        self.memory.add(StringValue.from_plaintext(english), StringValue.from_plaintext(chinese))
        return english

    def _paragraph_html(self, text):
        escaped = html.escape(text.strip(), quote=False)

        def link(match):
            path = match.group(2)
            page = self.pages_by_path.get(path)
            if page is None:
                raise ContentError(f"Link to unknown page {path!r}")
            return f'<a linktype="page" id="{page.pk}">{match.group(1)}</a>'

        escaped = LINK_RE.sub(link, escaped)
        escaped = BOLD_RE.sub(r"<b>\1</b>", escaped)
        return f"<p>{escaped}</p>"

    def rich_text(self, pair):
        """Return English rich text HTML for a paragraph pair; remember each Chinese segment."""
        if not isinstance(pair, dict) or not pair.get("en") or not pair.get("zh"):
            raise ContentError(f"Expected a {{en, zh}} pair for a paragraph, got {pair!r}")
        return self._remember_html(self._paragraph_html(pair["en"]), self._paragraph_html(pair["zh"]))

    def _remember_html(self, english_html, chinese_html):
        """Remember the Chinese of each text segment of ``english_html``; return ``english_html``."""
        _template, english_strings = extract_strings(english_html)
        _template, chinese_strings = extract_strings(chinese_html)
        if len(english_strings) != len(chinese_strings):
            raise ContentError(f"English and Chinese rich text differ in structure: {english_html[:60]!r}")
        for (english, _attrs), (chinese, _zh_attrs) in zip(english_strings, chinese_strings, strict=True):
            self.memory.add(english, chinese)
        return english_html

    def sources_html(self, intro):
        """Return rich text: the ``intro`` pair's paragraph, then the list of the content's ``sources``.

        Each source is its title linked to its URL, then its publisher.
        """

        def items(language):
            return "".join(
                f'<li><a href="{html.escape(source["url"])}">{html.escape(source["title"][language])}</a>'
                f"{'，' if language == 'zh' else ', '}{html.escape(source['publisher'][language])}</li>"
                for source in self.sources
            )

        if not self.sources:
            raise ContentError("A sources block needs a top-level `sources` list")
        return self._remember_html(
            f"{self._paragraph_html(intro['en'])}<ul>{items('en')}</ul>",
            f"{self._paragraph_html(intro['zh'])}<ul>{items('zh')}</ul>",
        )

    def stream(self, blocks):
        """Convert a list of content blocks into raw StreamField data (a list of dicts with ids)."""
        result = []
        for item in blocks or []:
            ((kind, value),) = item.items()
            if kind == "sources":  # a heading, then the intro and the list of the content's sources
                result.append(
                    {"type": "heading", "value": self.block_value("heading", value["heading"]), "id": str(uuid.uuid4())}
                )
                result.append(
                    {"type": "paragraph", "value": self.sources_html(value["intro"]), "id": str(uuid.uuid4())}
                )
                continue
            result.append({"type": kind, "value": self.block_value(kind, value), "id": str(uuid.uuid4())})
        return result

    def block_value(self, kind, value):
        if kind == "heading":
            return {"text": self.text(value), "level": "h2"}
        if kind == "paragraph":
            return self.rich_text(value)
        if kind == "quote":
            return {"text": self.text(value["text"]), "attribution": self.text(value.get("attribution"))}
        if kind == "key_figure":
            figure = StringValue.from_plaintext(str(value["value"]))
            self.memory.add(figure, figure)  # a number reads the same in both languages
            return {"value": str(value["value"]), "label": self.text(value["label"])}
        if kind == "call_to_action":
            page = self.pages_by_path.get(value["page"])
            if page is None:
                raise ContentError(f"Call to action to unknown page {value['page']!r}")
            return {"text": self.text(value["text"]), "page": page.pk, "link_text": self.text(value["link_text"])}
        if kind == "pairing_list":
            items = [self.pairings[key].pk for key in value["pairings"] if self._known("pairing", key, self.pairings)]
            return {"heading": self.text(value.get("heading")), "pairings": self._list(items)}
        if kind == "city_list":
            items = [self.cities[key].pk for key in value["cities"] if self._known("city", key, self.cities)]
            return {"heading": self.text(value.get("heading")), "cities": self._list(items)}
        if kind == "table":
            header = [self.text(cell) for cell in value.get("header") or []]
            rows = [[self.text(cell) for cell in row] for row in value.get("rows") or []]
            return {
                "data": ([header] if header else []) + rows,
                "first_row_is_table_header": bool(header),
                "first_col_is_header": False,
                "table_caption": self.text(value.get("caption")),
            }
        if kind == "image":
            image = self.image(value["image"], value["alt"]["en"])  # None while only validating
            return {
                "image": image.pk if image else None,
                "alt_text": self.text(value["alt"]),
                "caption": self.text(value.get("caption")),
            }
        raise ContentError(f"Unknown block type {kind!r}")

    @staticmethod
    def _list(pks):
        return [{"type": "item", "value": pk, "id": str(uuid.uuid4())} for pk in pks]

    @staticmethod
    def time_zone(value, owner):
        """Return ``value`` (an IANA time zone name, or empty: "") for ``owner``; ContentError if unknown."""
        if value and not is_time_zone(value):
            raise ContentError(f"Unknown time zone {value!r} of {owner}")
        return value or ""

    @staticmethod
    def location(value, owner):
        """Return ``value`` (``{latitude, longitude}`` in degrees, or null) of ``owner`` as a pair of Decimals or
        Nones; ContentError if malformed or out of range."""
        if value is None:
            return None, None
        try:
            latitude, longitude = Decimal(str(value["latitude"])), Decimal(str(value["longitude"]))
        except (TypeError, KeyError, ArithmeticError) as error:
            raise ContentError(f"Malformed location {value!r} of {owner}") from error
        if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
            raise ContentError(f"Location {value!r} of {owner} is out of range")
        return latitude, longitude

    @staticmethod
    def _known(kind, key, mapping):
        if key not in mapping:
            raise ContentError(f"Unknown {kind} {key!r}")
        return True

    def image(self, key, title):
        """Return the generated Image for ``key``, creating it in the content collection if missing.

        Images are found by the file name made from ``key`` (storage may add a suffix), so renaming
        an image in the admin does not create a new one. While only validating, nothing is created.
        """
        if self.validating:
            return None
        image_model = get_image_model()
        pattern = rf"^original_images/{re.escape(key)}(_[A-Za-z0-9]+)?\.jpg$"
        existing = image_model.objects.filter(collection=self.collection, file__regex=pattern).first()
        if existing:
            return existing
        image = image_model(title=title, collection=self.collection)
        image.file = ImageFile(io.BytesIO(generate_image(key)), name=f"{key}.jpg")
        image.save()
        self.created_files.append(image.file.name)
        self.counts["image created"] += 1
        return image

    # ------------------------------------------------------------------ main

    def run(self):
        """Load everything in one transaction; return ``counts``.

        Raises ContentError on bad or malformed data; the database is then unchanged and the image
        files written during the attempt are deleted again.
        """
        data = load_data(self.content_dir)
        try:
            with transaction.atomic():
                self.en = Locale.get_default()
                self.zh, _ = Locale.objects.get_or_create(language_code=SIMPLIFIED_CHINESE)
                Locale.objects.get_or_create(language_code=TRADITIONAL_CHINESE)
                self.collection = self._collection()
                if self.reset:
                    self._reset()
                self.load_snippets(data)
                self.load_pages(data)
                self.load_site_wide(data.get("footer") or {})
                with traditional.deferred():
                    self.translate_all()
                self.convert_to_traditional()
        except (KeyError, TypeError, ValueError, AttributeError, zoneinfo.ZoneInfoNotFoundError) as error:
            self._delete_created_files()
            raise ContentError(f"Malformed content data ({type(error).__name__}: {error})") from error
        except BaseException:
            self._delete_created_files()
            raise
        return self.counts

    def _delete_created_files(self):
        storage = get_image_model()._meta.get_field("file").storage
        for name in self.created_files:
            storage.delete(name)

    def _collection(self):
        collection = Collection.objects.filter(name=COLLECTION_NAME).first()
        if collection is None:
            collection = Collection.get_first_root_node().add_child(name=COLLECTION_NAME)
        return collection

    def _reset(self):
        self.log("Reset: deleting the portal's pages, snippets and generated images…")
        # Keep the Sites (and their settings and redirects): deleting a Site's root page would
        # delete the Site with it, so point it at the tree root until the new home page exists.
        root = Page.get_first_root_node()
        Site.objects.filter(root_page__in=HomePage.objects.all()).update(root_page=root)
        # One at a time, fetched afresh: deleting an English page also deletes its translations.
        while (home := HomePage.objects.order_by("pk").first()) is not None:
            home.delete()
        for model in (FooterText, CityPairing, City, NewsCategory):
            model.objects.all().delete()
        TranslationSource.objects.all().delete()
        get_image_model().objects.filter(collection=self.collection).delete()

    def _created(self, kind, obj):
        self.counts[f"{kind} created"] += 1
        self.to_translate.append(obj)
        self.log(f"  created {kind}: {obj}", level=2)

    def _kept(self, kind):
        self.counts[f"{kind} kept"] += 1

    # ------------------------------------------------------------------ snippets

    def load_snippets(self, data):
        self.log("Snippets…")
        self.categories = {}
        for item in data.get("categories", []):
            category = NewsCategory.objects.filter(locale=self.en, slug=item["slug"]).first()
            name = self.text(item["name"])
            if category:
                self._kept("news category")
                self._translate_if_missing(category)
            else:
                category = NewsCategory.objects.create(locale=self.en, slug=item["slug"], name=name)
                self._created("news category", category)
            self.categories[item["slug"]] = category

        self.cities = {}
        for item in data.get("cities", []):
            city = City.objects.filter(locale=self.en, slug=item["key"]).first()
            latitude, longitude = self.location(item.get("location"), f"city {item['key']!r}")
            fields = {
                "name": self.text(item["name"]),
                "country": item["country"],
                "member_state": self.text(item.get("member_state")),
                "time_zone": self.time_zone(item.get("time_zone"), f"city {item['key']!r}"),
                "population": item.get("population"),
                "area_km2": Decimal(str(item["area_km2"])) if item.get("area_km2") is not None else None,
                "mayor": self.text(item.get("mayor")),
                "generation": item.get("generation"),
                "profile": self.text(item["profile"]),
                "latitude": latitude,
                "longitude": longitude,
            }
            if city:
                self._kept("city")
                self._translate_if_missing(city)
                self._locate_if_unlocated(city, latitude, longitude)
            else:
                # No picture: the city card shows the city on a map (docs/maps.md).
                city = City.objects.create(locale=self.en, slug=item["key"], **fields)
                self._created("city", city)
            self.cities[item["key"]] = city

        self.pairings = {}
        for item in data.get("pairings", []):
            self._known("city", item["eu_city"], self.cities)
            self._known("city", item["cn_city"], self.cities)
            eu_city, cn_city = self.cities[item["eu_city"]], self.cities[item["cn_city"]]
            pairing = CityPairing.objects.filter(locale=self.en, eu_city=eu_city, cn_city=cn_city).first()
            fields = {
                "generation": item["generation"],
                "verified": bool(item.get("verified")),
                "summary": self.text(item["summary"]),
                "themes": [("theme", self.text(theme)) for theme in item.get("themes") or []],
            }
            if pairing:
                self._kept("city pairing")
                self._translate_if_missing(pairing)
            else:
                pairing = CityPairing.objects.create(locale=self.en, eu_city=eu_city, cn_city=cn_city, **fields)
                self._created("city pairing", pairing)
            self.pairings[item["key"]] = pairing

    # ------------------------------------------------------------------ pages

    def _child(self, parent, model, slug, path, build):
        """Return the English child page of ``parent`` with ``slug``, creating it with ``build()`` if missing.

        ``build`` returns a dict of field values; fields whose values are callables are filled in
        the second pass (once every page exists, so rich text can link to any page).
        """
        page = parent.get_children().filter(slug=slug).specific().first()
        # Build the fields of an existing page too, only to check them: bad data is reported even
        # where nothing changes. Nothing is created while validating.
        self.validating = page is not None
        try:
            fields = build()
        finally:
            self.validating = False
        deferred = {name: value for name, value in fields.items() if callable(value)}
        if page is not None:
            self.pages_by_path[path] = page
            self._kept(model._meta.verbose_name)
            self.validate_only.extend(deferred.values())
            self._translate_if_missing(page)
            return page, None
        page = model(slug=slug, locale=self.en, **{k: v for k, v in fields.items() if k not in deferred})
        parent.add_child(instance=page)
        self.pages_by_path[path] = page
        self._created(str(model._meta.verbose_name), page)
        return page, deferred

    def load_pages(self, data):
        self.log("Pages…")
        self.deferred = []
        self.validate_only = []
        self.sources = data.get("sources") or []
        home = self.load_home(data["home"])
        self.pages_by_path["/"] = home

        about = data["about"]
        self._page(
            home,
            StandardPage,
            about["slug"],
            lambda: {
                "title": self.text(about["title"]),
                "intro": self.text(about.get("intro")),
                "search_description": self.text(about.get("search_description")),
                "show_in_menus": True,
                "body": lambda: self.stream(about.get("body")),
            },
        )
        for item in data["components"]:
            self._component(home, item)
        self._countries(home, data)
        self._cities_pages(home, data["cities_pages"])
        self._news(home, data)
        self._events(home, data)

        # Second pass: fill rich content now that every page exists, then publish. The content of
        # pages that already exist is built too, only to check it, and then thrown away.
        self.validating = True
        try:
            for build in self.validate_only:
                build()
        finally:
            self.validating = False
        for page, deferred in self.deferred:
            for name, value in deferred.items():
                setattr(page, name, value())
            page.save_revision().publish()

    def _page(self, parent, model, slug, build):
        """Find or create a child page (see ``_child``); return ``(page, created)``."""
        path = f"{self._path_of(parent)}{slug}/"
        page, deferred = self._child(parent, model, slug, path, build)
        if deferred is not None:
            self.deferred.append((page, deferred))
        return page, deferred is not None

    def _path_of(self, page):
        for path, known in self.pages_by_path.items():
            if known.pk == page.pk:
                return path
        raise ContentError(f"Unknown parent {page}")

    def load_home(self, item):
        fields = {
            "title": self.text(item["title"]),
            "intro": self.text(item["intro"]),
            "key_figure_value": str(item["key_figure"]["value"]),
            "key_figure_label": self.text(item["key_figure"]["label"]),
            "search_description": self.text(item.get("search_description")),
        }
        home = HomePage.objects.filter(locale=self.en).first()
        if home is not None:
            self._kept("home page")
            self._translate_if_missing(home)
            return home
        root = Page.get_first_root_node()
        # Wagtail's initial migration creates a placeholder "Welcome" page at the site root.
        for placeholder in root.get_children().filter(slug="home", content_type__model="page"):
            placeholder.delete()
        home = HomePage(slug="home", locale=self.en, **fields)
        root.add_child(instance=home)
        home.save_revision().publish()
        base_url = urlsplit(settings.WAGTAILADMIN_BASE_URL)
        site = Site.objects.filter(is_default_site=True).first() or Site()
        site.hostname = base_url.hostname or "localhost"
        site.port = base_url.port or (443 if base_url.scheme == "https" else 80)
        site.root_page = home
        site.site_name = "IUC Asia"
        site.is_default_site = True
        site.save()
        self._created("home page", home)
        return home

    def _component(self, home, item):
        page, created = self._page(
            home,
            ComponentPage,
            item["slug"],
            lambda: {
                "title": self.text(item["title"]),
                "number": item["number"],
                "summary": self.text(item["summary"]),
                "search_description": self.text(item.get("search_description")),
                "menu_title": self.text(item.get("menu_title")),
                "show_in_menus": True,
                "body": lambda: self.stream(item.get("body")),
            },
        )
        pairings = [
            self.pairings[key] for key in item.get("related_pairings", []) if self._known("pairing", key, self.pairings)
        ]
        if created:
            for order, country in enumerate(item.get("countries", [])):
                page.countries.add(ComponentCountry(country=country, sort_order=order))
            for order, pairing in enumerate(pairings):
                page.related_pairings.add(ComponentPairing(pairing=pairing, locale=self.en, sort_order=order))
            page.save()

    def _countries(self, home, data):
        index, _created = self._page(
            home,
            CountryIndexPage,
            "countries",
            lambda: {
                "title": self.text({"en": "Countries", "zh": "国家和地区"}),
                "intro": self.text(
                    {
                        "en": "The programme worked with cities in the EU Member States and in seven Asian countries "
                        "and territories.",
                        "zh": "本项目与欧盟成员国以及亚洲七个国家和地区的城市开展合作。",
                    }
                ),
                "show_in_menus": True,
            },
        )
        for item in data["countries"]:
            self._page(
                index,
                CountryPage,
                item["slug"],
                lambda item=item: {
                    "title": self.text(item["name"]),
                    "country": item["slug"],
                    "covered_by_component_i": "I" in item.get("components", []),
                    "covered_by_component_ii": "II" in item.get("components", []),
                    "intro": self.text(item["intro"]),
                    "search_description": self.text(item.get("search_description")),
                    "body": lambda: self.stream(item.get("body")),
                },
            )

    def _cities_pages(self, home, item):
        parent, _created = self._page(
            home,
            StandardPage,
            item["slug"],
            lambda: {
                "title": self.text(item["title"]),
                "intro": self.text(item.get("intro")),
                "show_in_menus": True,
                "body": lambda: self.stream(item.get("body")),
            },
        )
        for child in item.get("children", []):
            self._page(
                parent,
                StandardPage,
                child["slug"],
                lambda child=child: {
                    "title": self.text(child["title"]),
                    "intro": self.text(child.get("intro")),
                    "body": lambda: self.stream(child.get("body")),
                },
            )

    def _news(self, home, data):
        index, _created = self._page(
            home,
            NewsIndexPage,
            "news",
            lambda: {
                "title": self.text({"en": "News", "zh": "新闻"}),
                "intro": self.text(
                    {
                        "en": "News from IUC Asia's city pairings and climate action work, newest first.",
                        "zh": "IUC亚洲城市结对与气候行动工作的最新消息，按时间倒序排列。",
                    }
                ),
                "show_in_menus": True,
            },
        )
        for item in data["news"]:
            page, created = self._page(
                index,
                NewsPage,
                item["slug"],
                lambda item=item: {
                    "title": self.text(item["title"]),
                    "date": datetime.date.fromisoformat(str(item["date"])),
                    "category": self.categories[item["category"]],
                    "intro": self.text(item["intro"]),
                    "body": lambda: self.stream(item.get("body")),
                },
            )
            cities = [self.cities[key] for key in item.get("cities", []) if self._known("city", key, self.cities)]
            if created:
                for order, city in enumerate(cities):
                    page.related_cities.add(NewsPageRelatedCity(city=city, locale=self.en, sort_order=order))
                for order, country in enumerate(item.get("countries", [])):
                    page.related_countries.add(NewsPageRelatedCountry(country=country, sort_order=order))
                page.save()

    def _events(self, home, data):
        index, _created = self._page(
            home,
            EventIndexPage,
            "events",
            lambda: {
                "title": self.text({"en": "Events", "zh": "活动"}),
                "intro": self.text(
                    {
                        "en": "Missions, workshops, trainings and summits of the IUC Asia programme.",
                        "zh": "IUC亚洲项目的考察访问、研讨会、培训和峰会。",
                    }
                ),
                "show_in_menus": True,
            },
        )
        news_pages = {page.slug: page for page in NewsPage.objects.filter(locale=self.en)}
        for item in data["events"]:
            self._page(index, EventPage, item["slug"], lambda item=item: self._event_fields(item, news_pages))

    def _event_fields(self, item, news_pages):
        city = item.get("city")
        if city:
            self._known("city", city, self.cities)
        # Without a ``timezone``, the event form's "Automatic": the city's, else the country's, else the site's.
        tz = zoneinfo.ZoneInfo(
            item.get("timezone")
            or EventPage.derive_time_zone(self.cities[city] if city else None, item.get("country") or "")
        )

        def moment(value, end=False):
            """A YAML date or datetime (local to the venue unless it has an offset) → aware datetime."""
            if isinstance(value, datetime.datetime):
                moment = value
            elif isinstance(value, datetime.date):
                moment = datetime.datetime.combine(value, datetime.time(23, 59, 59) if end else datetime.time.min)
            elif len(str(value)) > 10:
                moment = datetime.datetime.fromisoformat(str(value))
            else:
                day = datetime.date.fromisoformat(str(value))
                moment = datetime.datetime.combine(day, datetime.time(23, 59, 59) if end else datetime.time.min)
            return moment.astimezone(tz) if moment.tzinfo else moment.replace(tzinfo=tz)

        if item.get("news"):
            self._known("news page", item["news"], news_pages)
        return {
            "title": self.text(item["title"]),
            "start": moment(item["start"]),
            "end": moment(item["end"], end=True),
            "all_day": bool(item.get("all_day", True)),
            "time_zone": str(tz),
            "time_zone_automatic": not item.get("timezone"),
            "venue": self.text(item.get("venue")),
            "city": self.cities[city] if city else None,
            "country": item.get("country") or "",
            "organiser": self.text(item.get("organiser")),
            "registration_url": item.get("registration_url") or "",
            "related_news": news_pages.get(item.get("news")),
            "description": lambda: self.stream(item.get("description")),
        }

    # ------------------------------------------------------------------ site-wide

    def load_site_wide(self, item):
        """Create the FooterText snippet and fill empty SiteSettings of the default Site."""
        self.log("Site-wide settings and footer…")
        paragraphs = "".join(self.rich_text(block["paragraph"]) for block in item.get("text") or [])
        footer = FooterText.objects.filter(locale=self.en).first()
        if footer:
            self._kept("footer text")
            self._translate_if_missing(footer)
        elif paragraphs:
            footer = FooterText.objects.create(locale=self.en, body=paragraphs)
            self._created("footer text", footer)
        site = Site.objects.filter(is_default_site=True).first()
        if site is not None and item.get("programme_website"):
            site_settings = SiteSettings.for_site(site)
            if not site_settings.programme_website:
                site_settings.programme_website = item["programme_website"]
                site_settings.save()

    # ------------------------------------------------------------------ translation

    def _locate_if_unlocated(self, city, latitude, longitude):
        """Give an existing city that has no coordinates yet those of the content data, in every language.

        Coordinates an editor has set are kept. The coordinates are synchronised fields, the same in every
        copy, so the Chinese city gets them too. While only validating, nothing is changed.
        """
        if self.validating or latitude is None or city.latitude is not None:
            return
        type(city).objects.filter(translation_key=city.translation_key, latitude__isnull=True).update(
            latitude=latitude, longitude=longitude
        )
        self.counts["city located"] += 1

    def _translate_if_missing(self, obj):
        """Queue an existing English object whose Chinese translation is gone (e.g. deleted)."""
        if obj.get_translation_or_none(self.zh) is None:
            self.missing_translations.append(obj)

    def translate_all(self):
        """Translate into Chinese, through wagtail-localize, every object created in this run, and
        existing English objects that have no Chinese translation.

        An existing object whose English an editor has changed since may have strings the content
        data does not translate; it is skipped with a warning and left to the translators.
        """
        self.log("Translating into Simplified Chinese through wagtail-localize…")
        created = {(type(obj), obj.pk) for obj in self.to_translate}
        queue = self.to_translate + [obj for obj in self.missing_translations if (type(obj), obj.pk) not in created]
        # Snippets before pages (pages point at translated snippets); parents before children.
        snippets = [obj for obj in queue if not isinstance(obj, Page)]
        pages = sorted((obj for obj in queue if isinstance(obj, Page)), key=lambda page: page.path)
        for obj in snippets + pages:
            if (type(obj), obj.pk) in created:
                self.translate(obj)
                continue
            try:
                with transaction.atomic():
                    self.translate(obj)
            except (ContentError, ParentNotTranslatedError) as error:
                self.counts["left for translators"] += 1
                self.log(f"  not translated, left for translators: {obj} ({error})")

    def convert_to_traditional(self):
        """Convert the Traditional Chinese translations from the Simplified ones (``traditional.convert_site``).

        Counts ``converted into zh-hant`` (published), ``zh-hant unchanged`` and ``zh-hant not published``.
        """
        self.log("Converting Simplified into Traditional Chinese (OpenCC)…")
        stdout = self.stdout if self.verbosity >= 2 else None
        counts = traditional.convert_site(stdout=stdout)
        self.counts["converted into zh-hant"] += counts[traditional.PUBLISHED]
        self.counts["zh-hant unchanged"] += counts[traditional.UNCHANGED]
        self.counts["zh-hant not published"] += counts[traditional.NOT_PUBLISHED]

    def translate(self, obj):
        """Create or update the ``zh-hans`` translation of ``obj`` from the translation memory.

        Raises ContentError if any of its strings has no Chinese translation, and wagtail-localize's
        ParentNotTranslatedError for a page whose parent has no Chinese translation.
        """
        if isinstance(obj, Page):
            obj = obj.specific_class.objects.get(pk=obj.pk)
        source, _created = TranslationSource.get_or_create_from_instance(obj)
        translation, _created = Translation.objects.get_or_create(source=source, target_locale=self.zh)
        po = translation.export_po()
        missing = []
        for entry in po:
            chinese = self.memory.get(entry.msgid)
            if chinese is None:
                missing.append(entry.msgid)
            else:
                entry.msgstr = chinese
        if missing:
            raise ContentError(f"No Chinese translation for {obj!r}: {missing[:3]}")
        translation.import_po(po, tool_name=TOOL_NAME)
        # wagtail-localize publishes with transaction.on_commit; inside this load's transaction
        # that would publish stale copies of the tree at the end, so save a draft and publish now.
        translated, _created = source.create_or_update_translation(self.zh, publish=False, fallback=False)
        translated.get_latest_revision().publish()
        self.counts["translated into zh-hans"] += 1
        self.log(f"  translated into zh-hans: {obj}", level=2)
