"""Realistic bilingual news items and events for measuring the portal at scale (``generate_content``).

The words come from bilingual sentence patterns below and the seed content's own cities, pairings,
countries and categories, so the pages read like the programme's and their Chinese is
Chinese. Item ``number`` of a kind is the same for a given ``seed`` however many items are made and in
which runs (its own random generator, seeded with the seed, the kind and the number); its slug ends in
``-g<number>``, which is how the command finds the items that exist already. The writer:
``portal.content.bulk``; why and how: docs/operations.md, "Content at scale".
"""

import dataclasses
import datetime
import html
import random
import re
import uuid
import zoneinfo

from django.utils.text import slugify
from wagtail.models import Locale
from wagtail_localize.strings import StringValue, extract_strings

from components.choices import Country
from components.models import City, CityPairing, CountryPage
from events.models import EventPage
from news.models import NewsCategory, NewsPage

#: Generated slugs end with ``-g<number>`` (``GENERATED_SLUG_RE`` finds the number).
GENERATED_SLUG_RE = re.compile(r"-g([1-9][0-9]*)$")

#: The programme's years: news and most events are dated in them.
FIRST_DAY = datetime.date(2017, 1, 1)
LAST_DAY = datetime.date(2020, 12, 31)

#: Share of events in the future (counted from the day of the run, up to two years ahead).
FUTURE_EVENT_SHARE = 0.15

#: Countries named as a whole ("cities in Malaysia"): those with several cities in the programme.
COUNTRY_TOPICS = (Country.CHINA, Country.INDONESIA, Country.MALAYSIA, Country.VIETNAM)

TOPICS = (
    ("urban mobility", "城市交通"),
    ("low-carbon buildings", "低碳建筑"),
    ("the circular economy", "循环经济"),
    ("air quality", "空气质量"),
    ("energy efficiency", "能效提升"),
    ("renewable energy", "可再生能源"),
    ("water management", "水资源管理"),
    ("waste recycling", "废物回收利用"),
    ("climate adaptation", "气候适应"),
    ("green finance", "绿色金融"),
    ("smart city services", "智慧城市服务"),
    ("urban regeneration", "城市更新"),
    ("electric public transport", "电动公共交通"),
    ("nature-based solutions", "基于自然的解决方案"),
    ("sustainable tourism", "可持续旅游"),
    ("district heating", "区域供热"),
    ("greenhouse gas inventories", "温室气体清单"),
    ("flood protection", "防洪"),
)

# Patterns: {eu} and {cn} are the two cities of a pairing, {city} any city, {country} a country,
# {topic} a topic, {n} and {days} numbers. Each is a pair (English, Chinese).
PAIRING_TITLES = (
    ("{eu} and {cn} agree next steps on {topic}", "{eu}与{cn}就{topic}商定下一步工作"),
    ("{cn} delegation studies {topic} in {eu}", "{cn}代表团赴{eu}考察{topic}"),
    ("Experts from {eu} visit {cn} to advise on {topic}", "{eu}专家赴{cn}就{topic}提供咨询"),
    ("{eu} and {cn} sign a memorandum on {topic}", "{eu}与{cn}签署{topic}合作备忘录"),
)
CITY_TITLES = (
    ("{city} hosts a workshop on {topic}", "{city}举办{topic}研讨会"),
    ("{city} presents its local action plan for {topic}", "{city}发布{topic}地方行动计划"),
    ("Pilot project on {topic} starts in {city}", "{city}启动{topic}试点项目"),
    ("{city} joins a regional network on {topic}", "{city}加入{topic}区域网络"),
    ("New training for city officials on {topic} in {city}", "{city}为城市官员举办{topic}新培训"),
    ("Mayors discuss {topic} at a forum in {city}", "各位市长在{city}论坛上探讨{topic}"),
    ("{city} reports progress on {topic}", "{city}通报{topic}工作进展"),
    ("Business roundtable on {topic} held in {city}", "{city}举行{topic}企业圆桌会"),
)
COUNTRY_TITLES = (
    ("Cities in {country} compare notes on {topic}", "{country}各城市交流{topic}经验"),
    ("Report on {topic} in {country} published", "{country}{topic}报告发布"),
)
PAIRING_INTROS = (
    (
        "Officials and experts from {eu} and {cn} met to discuss {topic} and the next steps of their cooperation.",
        "{eu}和{cn}的官员与专家举行会谈，讨论{topic}以及双方合作的下一步安排。",
    ),
    (
        "A delegation from {cn} spent {days} days in {eu} to learn how the city approaches {topic}.",
        "{cn}代表团在{eu}进行了为期{days}天的访问，了解该市在{topic}方面的做法。",
    ),
    (
        "The partners agreed on a timetable for a joint pilot project on {topic}.",
        "合作伙伴就{topic}联合试点项目的时间表达成一致。",
    ),
)
CITY_INTROS = (
    (
        "The event in {city} brought together city staff, researchers and companies working on {topic}.",
        "在{city}举行的活动汇聚了从事{topic}工作的城市工作人员、研究人员和企业。",
    ),
    (
        "{city} shared the first results of its work on {topic} with its partners in the programme.",
        "{city}与项目伙伴分享了其在{topic}方面工作的初步成果。",
    ),
)
COUNTRY_INTROS = (
    (
        "Cities in {country} are stepping up their work on {topic} with support from the programme.",
        "在项目支持下，{country}各城市正在加强{topic}方面的工作。",
    ),
    (
        "A new overview shows what cities in {country} have achieved on {topic} so far.",
        "一份新的综述介绍了{country}各城市迄今在{topic}方面取得的成果。",
    ),
)
SENTENCES = (
    ("Participants visited sites in {city} where {topic} projects are already under way.",
     "与会者参观了{city}已在开展{topic}项目的现场。"),
    ("The partners reviewed the local action plan and agreed on {n} priority measures.",
     "合作伙伴审议了地方行动计划，并商定了{n}项优先措施。"),
    ("Experts from {eu} presented how the city has cut its emissions over the past decade.",
     "来自{eu}的专家介绍了该市过去十年减少排放的做法。"),
    ("{cn} outlined its plans to extend the work to other districts of the city.",
     "{cn}介绍了将相关工作推广到市内其他城区的计划。"),
    ("The discussion covered financing, public procurement and the role of local businesses.",
     "讨论涉及融资、公共采购以及本地企业的作用。"),
    ("The programme's experts will help both cities prepare a joint proposal.",
     "项目专家将协助两市准备一份联合提案。"),
    ("More than {n} people took part in the sessions, in person and online.",
     "超过{n}人现场或在线参加了会议。"),
    ("The results will be shared with other cities in {country} through the programme's network.",
     "相关成果将通过项目网络与{country}的其他城市分享。"),
    ("Representatives of {n} companies presented solutions for {topic}.",
     "{n}家企业的代表介绍了{topic}解决方案。"),
    ("The city council of {city} has approved a budget for the first phase.",
     "{city}市议会已批准第一阶段的预算。"),
    ("Both sides stressed that exchanges between city staff are at the heart of the cooperation.",
     "双方强调，城市工作人员之间的交流是合作的核心。"),
    ("Data collected during the pilot will help measure the benefits for residents.",
     "试点期间收集的数据将有助于衡量居民获得的益处。"),
    ("The visit also included meetings with universities and research centres in {city}.",
     "访问期间还与{city}的高校和研究中心进行了会面。"),
    ("Students and residents were invited to give their views on the proposals.",
     "学生和居民受邀对相关提案发表意见。"),
    ("The workshop ended with a session on monitoring and reporting.",
     "研讨会最后举行了关于监测与报告的专题会议。"),
    ("A second meeting is planned within {n} months.", "第二次会议计划在{n}个月内举行。"),
)  # fmt: skip
HEADINGS = (
    ("Next steps", "下一步工作"),
    ("What was agreed", "达成的共识"),
    ("Background", "背景"),
    ("Results so far", "现有成果"),
    ("About the pilot project", "关于试点项目"),
    ("Who took part", "参与方"),
)
QUOTES = (
    (("Working with {eu} has given us new ideas for {topic}.", "与{eu}的合作为我们在{topic}方面带来了新的思路。"),
     ("A representative of {cn}", "{cn}代表")),
    (("Cities learn fastest from other cities.", "城市向其他城市学习最快。"),
     ("A programme expert", "项目专家")),
    (("Our residents will see the difference within a few years.", "几年之内，我们的居民就会感受到变化。"),
     ("Deputy mayor of {city}", "{city}副市长")),
)  # fmt: skip
KEY_FIGURES = (
    ("participants in the sessions", "名与会者"),
    ("priority measures agreed", "项已商定的优先措施"),
    ("companies presented their solutions", "家企业介绍了解决方案"),
    ("city officials trained", "名城市官员接受培训"),
)

PAIRING_EVENT_TITLES = (
    ("Study visit of {cn} to {eu}", "{cn}赴{eu}考察访问"),
    ("{eu}–{cn} pairing meeting on {topic}", "{eu}—{cn}结对城市{topic}会议"),
)
CITY_EVENT_TITLES = (
    ("Workshop on {topic} in {city}", "{city}{topic}研讨会"),
    ("City-to-city exchange on {topic} in {city}", "{city}{topic}城市间交流活动"),
    ("Covenant of Mayors signing ceremony in {city}", "{city}市长盟约签署仪式"),
    ("Expert mission on {topic} to {city}", "{topic}专家团赴{city}考察"),
    ("Training for city officials: {topic}", "城市官员培训：{topic}"),
)
COUNTRY_EVENT_TITLES = (
    ("Regional forum on {topic}, {country}", "{country}{topic}区域论坛"),
    ("Webinar: {topic} in practice", "网络研讨会：{topic}实践"),
)
VENUES = (
    ("City Hall, {city}", "{city}市政厅"),
    ("{city} Convention Centre", "{city}会议中心"),
    ("Municipal Planning Bureau, {city}", "{city}市规划局"),
    ("University campus, {city}", "{city}大学校园"),
)
ONLINE_VENUE = ("Online", "线上")
ORGANISERS = (
    ("IUC Asia", "IUC亚洲"),
    ("EU Delegation to China", "欧盟驻华代表团"),
    ("Global Covenant of Mayors", "全球市长气候与能源盟约"),
)
EVENT_SENTENCES = (
    ("The programme includes site visits, presentations and working sessions on {topic}.",
     "活动安排包括现场参观、专题报告和{topic}工作会议。"),
    ("Participation is by invitation.", "本活动仅限受邀人员参加。"),
    ("Interpretation between English and Chinese will be provided.", "活动将提供中英文传译。"),
    ("Registration closes two weeks before the event.", "报名于活动开始前两周截止。"),
    ("Speakers from {n} cities will present their experience.", "来自{n}个城市的发言人将分享各自经验。"),
)  # fmt: skip
EVENT_INTROS = (
    ("An event of the IUC Asia programme on {topic}.", "IUC亚洲项目关于{topic}的活动。"),
    ("City staff and experts meet to work on {topic}.", "城市工作人员与专家共同开展{topic}工作。"),
)


class GeneratorError(Exception):
    """The seed content the generator builds on is missing (run ``load_iuc_content`` first)."""


@dataclasses.dataclass
class Place:
    """A seed City in both languages (``english`` and ``chinese`` City snippets) with its names."""

    english: City
    chinese: City

    @property
    def names(self):
        return {"en": self.english.name, "zh": self.chinese.name}


@dataclasses.dataclass
class Vocabulary:
    """What generated items name, read from the seed content: cities, pairings, countries, categories."""

    places: list
    pairings: list
    countries: dict
    categories: list

    @classmethod
    def load(cls):
        """Read the seed's live English cities (with their Chinese translations), pairings, country pages,
        and news categories. Raises GeneratorError when a part is missing."""
        en, zh = Locale.objects.get(language_code="en"), Locale.objects.filter(language_code="zh-hans").first()
        if zh is None:
            raise GeneratorError("There is no Simplified Chinese locale: load the seed content first.")
        chinese_cities = {city.translation_key: city for city in City.objects.filter(locale=zh, live=True)}
        places = {
            city.pk: Place(city, chinese_cities[city.translation_key])
            for city in City.objects.filter(locale=en, live=True).order_by("slug")
            if city.translation_key in chinese_cities
        }
        pairings = [
            (places[pairing.eu_city_id], places[pairing.cn_city_id])
            for pairing in CityPairing.objects.filter(locale=en, live=True).order_by("eu_city__slug", "cn_city__slug")
            if pairing.eu_city_id in places and pairing.cn_city_id in places
        ]
        countries = {}
        for page in CountryPage.objects.live().filter(locale__in=[en, zh]).select_related("locale"):
            countries.setdefault(page.country, {})["en" if page.locale_id == en.pk else "zh"] = page.title
        countries = {key: names for key, names in countries.items() if len(names) == 2}
        categories = list(NewsCategory.objects.filter(locale=en, live=True).order_by("slug"))
        vocabulary = cls(list(places.values()), pairings, countries, categories)
        missing = [field.name for field in dataclasses.fields(vocabulary) if not getattr(vocabulary, field.name)]
        if missing or not all(country in countries for country in COUNTRY_TOPICS):
            raise GeneratorError(
                f"The seed content is incomplete ({', '.join(missing) or 'country pages'} missing): "
                "run `manage.py load_iuc_content` first."
            )
        return vocabulary


@dataclasses.dataclass
class PageSpec:
    """One generated English page and everything needed to translate it.

    ``fields``: keyword arguments of ``model`` for the English page (StreamField values as raw lists of
    blocks with ids); ``children``: ``{relation name: [keyword arguments of a child row]}``;
    ``chinese``: ``{English string: Chinese string}`` as wagtail-localize stores them
    (``StringValue.data``, HTML-escaped), one for each translatable string of the page.
    """

    model: type
    number: int
    fields: dict
    children: dict
    chinese: dict

    @property
    def slug(self):
        return self.fields["slug"]


class Texts:
    """Collects the English → Chinese pairs of one page while its English fields are written."""

    def __init__(self, rng, values):
        self.rng = rng
        self.values = values
        self.chinese = {}

    def fill(self, pattern):
        """Return ``pattern`` (an (English, Chinese) pair) filled in, as a pair of str."""
        english, chinese = pattern
        return english.format(**self.values["en"]), chinese.format(**self.values["zh"])

    def text(self, pattern):
        """Return the English of ``pattern`` filled in; remember its Chinese (plain text)."""
        english, chinese = self.fill(pattern)
        self.chinese[StringValue.from_plaintext(english).data] = StringValue.from_plaintext(chinese).data
        return english

    def paragraph(self, patterns):
        """Return the rich text (``<p>…</p>``) of sentences ``patterns`` filled in; remember the Chinese."""
        english, chinese = zip(*(self.fill(pattern) for pattern in patterns), strict=True)
        english_html = f"<p>{html.escape(' '.join(english), quote=False)}</p>"
        chinese_html = f"<p>{html.escape(''.join(chinese), quote=False)}</p>"
        _template, english_strings = extract_strings(english_html)
        _template, chinese_strings = extract_strings(chinese_html)
        for (english_string, _attrs), (chinese_string, _zh_attrs) in zip(english_strings, chinese_strings, strict=True):
            self.chinese[english_string.data] = chinese_string.data
        return english_html

    def block_id(self):
        return str(_uuid(self.rng))


def item_rng(seed, kind, number):
    """The random generator of item ``number`` (1-based) of ``kind`` ("news" or "event") for ``seed`` (an int)."""
    return random.Random(f"{seed}:{kind}:{number}")  # noqa: S311 - sample text, not secrets


def generated_slug(title, number):
    """Return the slug of generated item ``number``: the English title's (its first 60 characters, whole words),
    then ``-g<number>``."""
    base = slugify(title)
    if len(base) > 60:
        base = base[:61].rsplit("-", 1)[0]
    return f"{base or 'item'}-g{number}"


def _subject(rng, vocabulary, pairing_weight=0.4, country_weight=0.15):
    """Pick what an item is about: ``("pairing", eu, cn)``, ``("city", place)`` or ``("country", key)``."""
    roll = rng.random()
    if roll < pairing_weight:
        eu, cn = rng.choice(vocabulary.pairings)
        return ("pairing", eu, cn)
    if roll < pairing_weight + country_weight:
        return ("country", rng.choice(COUNTRY_TOPICS))
    return ("city", rng.choice(vocabulary.places))


def _values(rng, vocabulary, subject):
    """The pattern values ``{"en": {...}, "zh": {...}}`` for ``subject``: cities, country, topic, numbers."""
    topic = rng.choice(TOPICS)
    pairing = rng.choice(vocabulary.pairings)
    eu, cn = (subject[1], subject[2]) if subject[0] == "pairing" else pairing
    city = subject[1] if subject[0] == "city" else rng.choice((eu, cn))
    country = subject[1] if subject[0] == "country" else city.english.country
    numbers = {"n": str(rng.randint(3, 180)), "days": str(rng.randint(3, 12))}
    return {
        language: {
            "eu": eu.names[language],
            "cn": cn.names[language],
            "city": city.names[language],
            "country": vocabulary.countries[country][language],
            "topic": topic[0 if language == "en" else 1],
            **numbers,
        }
        for language in ("en", "zh")
    }


def _patterns(subject, pairing_patterns, city_patterns, country_patterns):
    return {"pairing": pairing_patterns, "city": city_patterns, "country": country_patterns}[subject[0]]


def _places_of(subject):
    if subject[0] == "pairing":
        return [subject[1], subject[2]]
    if subject[0] == "city":
        return [subject[1]]
    return []


def _body(rng, texts, paragraphs, sentences=SENTENCES, extras=True):
    """Return a raw StreamField value: ``paragraphs`` paragraphs of 2 or 3 sentences, maybe a heading,
    a key figure and a quote (``extras``)."""
    blocks = []
    for index in range(paragraphs):
        if extras and index == paragraphs - 1 and paragraphs > 1 and rng.random() < 0.4:
            value = {"text": texts.text(rng.choice(HEADINGS)), "level": "h2"}
            blocks.append({"type": "heading", "value": value, "id": texts.block_id()})
        chosen = rng.sample(sentences, rng.randint(2, 3))
        blocks.append({"type": "paragraph", "value": texts.paragraph(chosen), "id": texts.block_id()})
        if extras and index == 0 and rng.random() < 0.3:
            figure = texts.values["en"]["n"]
            texts.chinese[StringValue.from_plaintext(figure).data] = StringValue.from_plaintext(figure).data
            value = {"value": figure, "label": texts.text(rng.choice(KEY_FIGURES))}
            blocks.append({"type": "key_figure", "value": value, "id": texts.block_id()})
    if extras and rng.random() < 0.2:
        text, attribution = rng.choice(QUOTES)
        value = {"text": texts.text(text), "attribution": texts.text(attribution)}
        blocks.insert(1, {"type": "quote", "value": value, "id": texts.block_id()})
    return blocks


def _uuid(rng):
    """A version 4 UUID drawn from ``rng`` (so the same for the same item)."""
    return uuid.UUID(int=rng.getrandbits(128), version=4)


def news_spec(vocabulary, seed, number):
    """Return the PageSpec of generated news item ``number`` (1-based) for ``seed``: a NewsPage."""
    rng = item_rng(seed, "news", number)
    subject = _subject(rng, vocabulary)
    texts = Texts(rng, _values(rng, vocabulary, subject))
    title_pattern = rng.choice(_patterns(subject, PAIRING_TITLES, CITY_TITLES, COUNTRY_TITLES))
    title = texts.text(title_pattern)
    intro = texts.text(rng.choice(_patterns(subject, PAIRING_INTROS, CITY_INTROS, COUNTRY_INTROS)))
    day = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    places = _places_of(subject)
    countries = sorted({place.english.country for place in places} or {subject[1]}, key=list(Country.values).index)
    fields = {
        "title": title,
        "slug": generated_slug(title, number),
        "translation_key": _uuid(rng),
        "date": day,
        "category": rng.choice(vocabulary.categories),
        "intro": intro,
        "body": _body(rng, texts, rng.randint(2, 4)),
    }
    children = {
        "related_cities": [
            {"city": place.english, "sort_order": order, "translation_key": _uuid(rng)}
            for order, place in enumerate(places)
        ],
        "related_countries": [{"country": country, "sort_order": order} for order, country in enumerate(countries)],
    }
    return PageSpec(NewsPage, number, fields, children, texts.chinese)


def event_spec(vocabulary, seed, number, today, news_pages=None):
    """Return the PageSpec of generated event ``number`` (1-based) for ``seed``: an EventPage.

    ``today`` (a date) anchors the future events. ``news_pages`` maps generated news numbers to their
    English NewsPages; one event in five names one of them as its related news, when it exists.
    """
    rng = item_rng(seed, "event", number)
    subject = _subject(rng, vocabulary, pairing_weight=0.25, country_weight=0.2)
    texts = Texts(rng, _values(rng, vocabulary, subject))
    title = texts.text(rng.choice(_patterns(subject, PAIRING_EVENT_TITLES, CITY_EVENT_TITLES, COUNTRY_EVENT_TITLES)))
    places = _places_of(subject)
    place = places[-1] if places else None
    if rng.random() < FUTURE_EVENT_SHARE:
        first = today + datetime.timedelta(days=rng.randint(1, 730))
    else:
        first = FIRST_DAY + datetime.timedelta(days=rng.randrange((LAST_DAY - FIRST_DAY).days + 1))
    country = place.english.country if place else subject[1]
    time_zone = EventPage.derive_time_zone(place.english if place else None, country)
    zone = zoneinfo.ZoneInfo(time_zone)
    all_day = rng.random() < 0.7
    if all_day:
        last = first + datetime.timedelta(days=rng.choice((0, 0, 0, 1, 2, 3)))
        start = datetime.datetime.combine(first, datetime.time.min, tzinfo=zone)
        end = datetime.datetime.combine(last, datetime.time(23, 59, 59), tzinfo=zone)
    else:
        start = datetime.datetime.combine(first, datetime.time(rng.randint(8, 15), rng.choice((0, 30))), tzinfo=zone)
        end = start + datetime.timedelta(hours=rng.randint(1, 8))
    venue = texts.text(rng.choice(VENUES)) if place else texts.text(ONLINE_VENUE) if rng.random() < 0.5 else ""
    organiser = texts.text(rng.choice(ORGANISERS)) if rng.random() < 0.7 else ""
    intro = texts.text(rng.choice(EVENT_INTROS)) if rng.random() < 0.5 else ""
    news_pages = news_pages or {}
    related_number = rng.randint(1, max(news_pages, default=1)) if rng.random() < 0.2 else None
    fields = {
        "title": title,
        "slug": generated_slug(title, number),
        "translation_key": _uuid(rng),
        "start": start.astimezone(datetime.UTC),
        "end": end.astimezone(datetime.UTC),
        "all_day": all_day,
        "time_zone": time_zone,
        "time_zone_automatic": True,
        "venue": venue,
        "city": place.english if place else None,
        "country": country,
        "organiser": organiser,
        "registration_url": f"https://events.example.org/iuc-asia/{number}" if rng.random() < 0.3 else "",
        "intro": intro,
        "description": _body(rng, texts, rng.randint(1, 2), sentences=EVENT_SENTENCES + SENTENCES, extras=False),
        "related_news": news_pages.get(related_number),
    }
    return PageSpec(EventPage, number, fields, {}, texts.chinese)


def existing_numbers(index):
    """Return the set of generated item numbers below ``index`` (an index page), from their slugs."""
    slugs = index.get_children().filter(slug__regex=GENERATED_SLUG_RE.pattern).values_list("slug", flat=True)
    return {int(GENERATED_SLUG_RE.search(slug).group(1)) for slug in slugs}


def generated_news(index):
    """Return ``{number: NewsPage}`` of the generated news below ``index`` (only their ids and slugs read)."""
    pages = NewsPage.objects.child_of(index).filter(slug__regex=GENERATED_SLUG_RE.pattern).only("id", "slug")
    return {int(GENERATED_SLUG_RE.search(page.slug).group(1)): page for page in pages}
