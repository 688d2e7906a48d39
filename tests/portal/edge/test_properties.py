"""Never a 500 (issue 16): generated requests to every public route family, on the seeded content.

Hypothesis draws a method, a path, a query string, headers and a body for each family (the site files
outside the language prefixes, the health endpoints, the API, documents, pages, the news archive and
feeds, the events calendar and ``.ics`` files, the search page, random paths), starting from real URLs
read from the database and mutating them. Every answer must be a 2xx, 3xx, 400, 404, 405, 413 or 414;
pages answer in the language of their prefix, their ``<html lang>`` its tag (else in the one ``/`` would
redirect the visitor to); the API and the health endpoints answer JSON whatever the status.

Requests are what a front server lets through: the path and query percent-encoded ASCII (raw bytes such
as ``%FF`` or ``%00`` included), header values without control characters but the NUL in cookies. Each
example runs in a savepoint that is rolled back, with the caches emptied, so examples never see each
other's writes (search hits, sessions). A failure is raised as its own AssertionError subclass per kind
(a server error is chained to the exception the view raised), so Hypothesis reports each distinct
failure with its own minimal request. Profiles (``HYPOTHESIS_PROFILE``): docs/testing.md.
"""

import dataclasses
import datetime
import logging
import os
import re
from urllib.parse import quote, unquote_to_bytes

import pytest
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.db import transaction
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Page

from components.choices import Country
from components.models import City
from events.models import EventIndexPage, EventPage
from news.models import NewsCategory, NewsIndexPage, NewsPage
from portal.edge.language import html_lang
from tests.utils import EN, LANGUAGES, ZH, ZHT

# ------------------------------------------------------------------------------------------- profiles

_SHARED = {
    "deadline": None,
    "database": None,  # no example database written into the working tree
    "print_blob": True,  # a failure prints the @reproduce_failure blob that replays it
    "suppress_health_check": [HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large],
}
#: ``make test`` and CI: the same examples every run, few enough for under a minute per database.
settings.register_profile("ci", derandomize=True, max_examples=40, report_multiple_bugs=False, **_SHARED)
#: Local bug hunting: ``HYPOTHESIS_PROFILE=explore``, new random examples every run, many more of them.
settings.register_profile("explore", derandomize=False, max_examples=2000, **_SHARED)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# ------------------------------------------------------------------------------------------- answers

#: The statuses a public URL may answer (issue 16): anything else, 5xx above all, fails.
ALLOWED_STATUSES = frozenset([*range(200, 400), 400, 404, 405, 413, 414])
#: Methods that may answer 2xx (POST too: forms post); any other must be refused wherever it is sent.
READING_METHODS = ("GET", "HEAD", "OPTIONS", "POST")
HEALTH_PATHS = ("/healthz", "/readyz")
HTML_LANG_RE = re.compile(rb"<html\b[^>]*\blang=\"([^\"]*)\"")
_failure_types = {}


class EdgeFailure(AssertionError):
    """A generated request answered as it must not; subclasses name the kind of failure."""


def fail(kind, request, response, cause=None):
    """Raise an EdgeFailure subclass named after ``kind`` (a str), chained to ``cause`` (the view's exception)."""
    error_type = _failure_types.setdefault(kind, type(re.sub(r"\W+", "_", kind), (EdgeFailure,), {}))
    error = error_type(f"{kind}: {request!r} answered {response.status_code} {response.get('Content-Type')}")
    if cause is None:
        raise error
    try:
        raise cause  # re-raised so that Hypothesis tells server errors apart by where they were raised
    except BaseException as server_error:
        raise error from server_error


@dataclasses.dataclass(frozen=True)
class Request:
    """One generated request: ``path`` and ``query`` as sent (percent-encoded), ``headers`` a tuple of pairs."""

    method: str
    path: str
    query: str = ""
    headers: tuple = ()
    body: bytes = b""

    @property
    def url(self):
        return f"{self.path}?{self.query}" if self.query else self.path

    def __repr__(self):
        headers = "".join(f" -H {name}: {value[:300]!r}" for name, value in self.headers)
        body = f" --data {self.body[:300]!r}" if self.body else ""
        return f"{self.method} {self.url[:600]!r}{headers}{body}"

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


def send(request):
    """Return the response to ``request`` from the whole stack, CSRF checks on, in a savepoint rolled back afterwards.

    A view's database error (PostgreSQL aborts the transaction) and its writes (search hits, sessions) end with it.
    """
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    with transaction.atomic():
        response = client.generic(
            request.method,
            request.url,
            data=request.body,
            content_type="application/x-www-form-urlencoded",
            headers=dict(request.headers),
        )
        transaction.set_rollback(True)
    return response


def run(request, times=1):
    """Send ``request`` ``times`` times from empty caches (the page cache may answer later GETs); check each answer."""
    for cache in caches.all():
        cache.clear()
    for _time in range(times):
        check(request, send(request))


def prefix_language(path):
    """Return the language of the prefix of ``path`` (as sent: ``/zh-hans/...``), or None outside the prefixes."""
    raw = unquote_to_bytes(path)
    for language in LANGUAGES:
        prefix = f"/{language}".encode()
        if raw == prefix or raw.startswith(prefix + b"/"):
            return language
    return None


def visitor_language(request):
    """Return the language ``/`` redirects the sender of ``request`` to (its Accept-Language), e.g. "zh-hant"."""
    headers = {name: value for name, value in request.headers if name == "Accept-Language"}
    response = send(Request("GET", "/", headers=tuple(headers.items())))
    assert response.status_code == 302, response.status_code
    return response["Location"].strip("/")


def check(request, response):
    """Fail unless ``response`` (to ``request``) has an allowed status, JSON where due and the right language."""
    status = response.status_code
    content_type = response.get("Content-Type", "")
    if status >= 500:
        fail(f"server error {status}", request, response, cause=response.exc_info and response.exc_info[1])
    method = request.method if request.method in METHODS else "another method"
    if status not in ALLOWED_STATUSES:
        fail(f"status {status} to {method}", request, response)
    if 200 <= status < 300 and request.method not in READING_METHODS:
        fail(f"status {status} to {method}", request, response)
    raw_path = unquote_to_bytes(request.path).decode("latin-1")  # as a WSGI server gives it
    if raw_path in HEALTH_PATHS or raw_path.startswith("/api/"):
        if not 300 <= status < 400 and not content_type.startswith("application/json"):
            fail(f"{status} not JSON", request, response)
        return
    if status == 304:
        return  # no body, and only the headers RFC 9110 lists (Content-Language is not one)
    expected = prefix_language(request.path) or visitor_language(request)
    if response.get("Content-Language") != expected:
        fail(f"Content-Language not {expected}", request, response)
    if content_type.startswith("text/html") and response.content:
        match = HTML_LANG_RE.search(response.content)
        if not match or match.group(1).decode() != html_lang(expected):
            fail(f"page not in {expected}", request, response)


# ------------------------------------------------------------------------------------------- strategies

#: Methods: mostly GET, then every other one and made-up tokens.
METHODS = ("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE")
methods = st.one_of(
    st.just("GET"), st.sampled_from(METHODS), st.from_regex(r"[A-Z][A-Z_-]{0,11}", fullmatch=True)
).filter(lambda method: method != "CONNECT")

#: Any text a visitor can type (lone surrogates cannot be encoded, so no request can hold them).
text = st.text(st.characters(exclude_categories=("Cs",)), max_size=24)
HOSTILE_WORDS = [
    "", " ", "\x00", "a\x00b", "\x00" * 3, "\n", "\r\n", "\t", "%", "..", ".", "/", "\\", "'", '"', "<script>",
    "\u202e", "\ufeff", "\u200b", "中文", "新闻", "城市", "２０１８", "٢٠١٨", "𝟚𝟘𝟙𝟠", "ß", "İ", "ǅ", "null",
    "None", "true", "[]", "{}", "*", "-", "--", "_", "+", "1e308", "-0", "NaN", "inf", "0x10", "1_000", " 1",
    "2018-02-30", "9999-99-99", "0000-00-00", "2018-7-9", "99999-1-1", "2018-W01",
]  # fmt: skip
numbers = st.one_of(
    st.integers(min_value=-(2**70), max_value=2**70),
    st.sampled_from([0, -1, 1, 2, 12, 13, 31, 1899, 1900, 2100, 2101, 2**31 - 1, 2**31, 2**63 - 1, 2**63, 10**40]),
).map(str)
#: Long values that still fit the front server's request line (gunicorn: 4094 bytes) once encoded.
long_words = st.sampled_from(["a" * 256, "9" * 1000, "." * 1000, "-" * 3000, "%" * 1000, "中" * 400, "é" * 1000])
hostile = st.one_of(st.sampled_from(HOSTILE_WORDS), numbers, text, long_words)

#: Already-encoded bytes no UTF-8 text gives: invalid, overlong, truncated, surrogate and out-of-range sequences.
RAW_ENCODED = [
    "%00", "%FF", "%FE%FF", "%C0%80", "%C0%AE", "%C0%AF", "%E0%80%AF", "%ED%A0%80", "%F4%90%80%80", "%E4%B8",
    "%80", "%2e%2e", "%2E", "%2F", "%5C", "%25", "%", "%G0", "%0A", "%0D%0A", "+", "%20", "%3F", "%23", "%26",
]  # fmt: skip


def encode(value):
    """``value`` (a str) percent-encoded as UTF-8 with nothing left unencoded."""
    return quote(value.encode("utf-8"), safe="")


#: One encoded path segment or query value: text percent-encoded, or raw encoded bytes with it.
encoded = st.one_of(
    hostile.map(encode),
    st.lists(st.one_of(st.sampled_from(RAW_ENCODED), hostile.map(encode)), min_size=1, max_size=4).map("".join),
)


def values(*choices):
    """A query value: one of ``choices`` (str, encoded here) or something hostile."""
    return st.one_of(st.sampled_from([encode(str(choice)) for choice in choices]), encoded) if choices else encoded


def query_strings(known):
    """Query strings of up to six pairs, keys from ``known`` (``{key: value strategy}``) or anything, repeated too."""
    pair = st.one_of(
        *[st.tuples(st.just(encode(key)), strategy) for key, strategy in known.items()],
        st.tuples(encoded, encoded),
    )
    separator = st.sampled_from(["&", "&", "&", ";", "&&"])
    joined = st.lists(st.tuples(pair, separator, st.booleans()), max_size=6).map(
        lambda items: "".join(
            f"{separator if index else ''}{key}{'' if bare and not value else '='}{value}"
            for index, ((key, value), separator, bare) in enumerate(items)
        )
    )
    odd = st.sampled_from(["", "&", "=", "==", "&=&", "?", "%", "%00", "a=%00", "a=1" + "&a=1" * 500])
    return st.one_of(joined, odd)


#: Header text (no control characters: a front server refuses them); sent as UTF-8 bytes read as Latin-1 (``wire``).
header_text = st.text(st.characters(exclude_categories=("Cs", "Cc")), max_size=40)


def wire(value):
    """``value`` (a str) as a WSGI server hands a header to Django: its UTF-8 bytes, each one Latin-1 character."""
    return value.encode("utf-8").decode("latin-1")


LANGUAGE_TAGS = [
    "en", "en-US", "en-GB", "zh", "zh-CN", "zh-cn", "zh-Hans", "zh-Hans-CN", "zh-hans-sg", "zh-SG", "zh-MY",
    "zh-TW", "zh-HK", "zh-MO", "zh-Hant", "zh-Hant-HK", "zh-hant-tw", "fr", "de-CH", "*", "i-klingon", "x-pig-latin",
    "zh-", "-", "", "q=1", ";",
]  # fmt: skip
accept_language = st.one_of(
    st.lists(
        st.tuples(
            st.sampled_from(LANGUAGE_TAGS),
            st.sampled_from(["", ";q=0", ";q=0.5", ";q=1", ";q=1.5", ";q=-1", ";q=abc", ";q=", ";Q=0.9"]),
        ),
        max_size=4,
    ).map(lambda tags: ", ".join(tag + weight for tag, weight in tags)),
    header_text,
    st.just("zh-CN," * 500),
)
cookie_value = st.one_of(
    st.from_regex(r"[a-z0-9]{32}", fullmatch=True),
    st.sampled_from(["", "\x00", "a" * 32 + "\x00", "\x00" * 40, '"', "=", ";", "a;b=c", "中文", "x" * 4000]),
    header_text,
)
cookies = st.one_of(
    st.builds(lambda session, csrf: f"sessionid={session}; csrftoken={csrf}", cookie_value, cookie_value),
    header_text,
    st.sampled_from(["sessionid=", "csrftoken", "=;=;", "sessionid=a; sessionid=b"]),
)
http_dates = st.one_of(
    st.datetimes(min_value=datetime.datetime(1, 1, 1), max_value=datetime.datetime(9999, 12, 31)).map(
        lambda moment: moment.strftime("%a, %d %b %Y %H:%M:%S GMT")
    ),
    st.sampled_from(["Sat, 01 Jan 99999 00:00:00 GMT", "Thu, 01 Jan 1970 00:00:00 GMT", "-1", "0", "yesterday", ""]),
    header_text,
)
headers = st.fixed_dictionaries(
    {},
    optional={
        "Accept-Language": accept_language,
        "Cookie": cookies,
        "X-Request-ID": st.one_of(header_text, st.just("a" * 5000)),
        "If-None-Match": st.one_of(st.sampled_from(['"x"', "*", 'W/"x"', 'W/""', '"', "W/", ""]), header_text),
        "If-Modified-Since": http_dates,
        "Range": st.one_of(
            st.sampled_from(["bytes=0-10", "bytes=-5", "bytes=5-", "bytes=99999999999999999999-", "bytes=5-1", "x"]),
            header_text,
        ),
        "User-Agent": header_text,
        "Accept": st.sampled_from(["*/*", "application/json", "text/html", "text/calendar", "", ";;", "a/b;q=x"]),
    },
).map(lambda chosen: tuple((name, wire(value)) for name, value in chosen.items()))


@st.composite
def requests(draw, paths, queries=None):
    """A Request to one of ``paths`` (a strategy of encoded paths), a query from ``queries``, any method and headers.

    Unsafe methods sometimes carry a CSRF token that matches their cookie, so that they reach the view.
    """
    method = draw(methods)
    query = draw(queries if queries is not None else query_strings({}))
    chosen = draw(headers)
    body = b""
    if method not in ("GET", "HEAD", "OPTIONS", "TRACE") and draw(st.booleans()):
        token = draw(st.from_regex(r"[A-Za-z0-9]{32}", fullmatch=True))
        chosen = (*[header for header in chosen if header[0] != "Cookie"], ("Cookie", f"csrftoken={token}"))
        fields = draw(st.lists(st.tuples(encoded, encoded), max_size=3))
        body = "&".join([f"csrfmiddlewaretoken={token}", *(f"{key}={value}" for key, value in fields)]).encode()
    return Request(method, draw(paths), query, chosen, body)


#: What ``mutated`` appends to a whole path.
SUFFIXES = [".ics", ".xml", ".json", "/..", "/.", "/%2e%2e/", "%00", "%FF", "."]
#: Long segments that still fit the front server's request line once encoded.
LONG_SEGMENTS = [encode("a" * 255), encode("a" * 256), encode("a" * 1024), encode("a" * 3900), encode("中" * 430)]


@st.composite
def mutated(draw, path):
    """``path`` (encoded, ending in a slash) as it is, or with a segment added, replaced or made long, or slashes."""
    segments = [segment for segment in path.split("/") if segment]
    how = draw(st.sampled_from(["same", "same", "append", "insert", "replace", "long", "slashes", "case", "suffix"]))
    if how == "append":
        segments.append(draw(encoded))
    elif how == "insert" and segments:
        segments.insert(draw(st.integers(1, len(segments))), draw(encoded))
    elif how == "replace" and len(segments) > 1:
        segments[draw(st.integers(1, len(segments) - 1))] = draw(encoded)
    elif how == "long":
        segments.append(draw(st.sampled_from(LONG_SEGMENTS)))
    elif how == "case":
        segments = [segment.upper() for segment in segments]
    result = "/" + "".join(f"{segment}/" for segment in segments)
    if how == "slashes":
        result = draw(st.sampled_from([result.rstrip("/") or "/", result + "/", "/" + result[1:].replace("/", "//")]))
    elif how == "suffix":
        result = result.rstrip("/") + draw(st.sampled_from(SUFFIXES))
    return result


def mutations(paths):
    """Real ``paths`` (a list of encoded paths), each possibly mutated."""
    return st.sampled_from(paths).flatmap(mutated)


# ------------------------------------------------------------------------------------------- the seeded routes


@dataclasses.dataclass(repr=False)
class Routes:
    """Real paths and values read from the seeded database (lists of str)."""

    pages: list
    page_ids: list
    news_indexes: list
    news_archive: list
    events_indexes: list
    event_slugs: list
    image_ids: list
    categories: list
    cities: list
    years: list

    def __repr__(self):
        return f"Routes(<{len(self.pages)} pages read from the seeded database>)"

    def _repr_pretty_(self, printer, cycle):
        printer.text(repr(self))


def _urls(queryset):
    return sorted({page.url for page in queryset if page.url})


def _read_routes():
    live = Page.objects.live().filter(depth__gt=1)
    news_indexes = _urls(NewsIndexPage.objects.live())
    categories = sorted(set(NewsCategory.objects.values_list("slug", flat=True)))
    cities = sorted(set(City.objects.values_list("slug", flat=True)))
    countries = [country.value for country in Country]
    years = sorted({str(day.year) for day in NewsPage.objects.live().values_list("date", flat=True)})
    archive = [f"category/{slug}/" for slug in categories] + [f"country/{key}/" for key in countries]
    archive += [f"city/{slug}/" for slug in cities] + [f"{year}/" for year in years]
    archive += [f"city/{cities[0]}/category/{categories[0]}/", f"{years[0]}/country/{countries[0]}/"]
    archive += [f"category/{categories[0]}/country/{countries[0]}/city/{cities[0]}/{years[-1]}/", "feed/", "feed/atom/"]
    return Routes(
        pages=_urls(live),
        page_ids=sorted(live.values_list("pk", flat=True)),
        news_indexes=news_indexes,
        news_archive=[index + route for index in news_indexes for route in archive],
        events_indexes=_urls(EventIndexPage.objects.live()),
        event_slugs=sorted(set(EventPage.objects.live().values_list("slug", flat=True))),
        image_ids=sorted(get_image_model().objects.values_list("pk", flat=True)),
        categories=categories,
        cities=cities,
        years=years,
    )


@pytest.fixture(scope="module")
def routes(django_db_setup, django_db_blocker):
    """The seeded content's real paths and values (a Routes), read once for the module."""
    with django_db_blocker.unblock():
        return _read_routes()


@pytest.fixture(autouse=True)
def quiet_logs():
    """No log lines for the thousands of requests (a failure carries the view's traceback itself)."""
    logging.disable(logging.CRITICAL)
    yield
    logging.disable(logging.NOTSET)


@pytest.fixture
def document(db):
    """A document (the seed content has none) in this test's rolled-back transaction: ``(id, file name)``."""
    made = get_document_model().objects.create(title="Report", file=ContentFile(b"%PDF-1.4\n", name="report.pdf"))
    return made.pk, made.filename


# ------------------------------------------------------------------------------------------- the route families


@pytest.mark.django_db
@given(data=st.data())
def test_site_files_outside_the_prefixes(data):
    """``/`` (the language redirect), robots.txt, the sitemap index and its sections, and what lies beside them."""
    paths = mutations(["/", "/robots.txt", "/sitemap.xml", "/sitemap-pages.xml", "/sitemap-nope.xml", "/favicon.ico"])
    queries = query_strings({"p": values(1, 2, 0, -1, 10**20, "1.0")})
    request = data.draw(requests(paths, queries), label="request")
    run(request)


@pytest.mark.django_db
@given(data=st.data())
def test_health_endpoints(data):
    """``/healthz`` and ``/readyz``: JSON for every method and header; their neighbours are ordinary paths."""
    paths = st.one_of(st.sampled_from(HEALTH_PATHS), mutations([f"{path}/" for path in HEALTH_PATHS]))
    request = data.draw(requests(paths), label="request")
    run(request)


API_KEYS = {
    "offset": values(0, 1, 20, 10**6, 2**31, 2**63, 10**20, -1),
    "limit": values(0, 1, 20, 50, 51, -1, 10**20),
    "fields": values("*", "-title", "intro,body", "title(", "_", "-id", "body(*)", "related_cities(name)", "*,-body"),
    "type": values("news.NewsPage", "events.EventPage", "components.CountryPage", "home.HomePage", "wagtailcore.Page"),
    "locale": values(EN, ZH, ZHT, "zh", "xx"),
    "order": values("id", "-date", "random", "title", "-start", "nope"),
    "search": values("city", "城市", "climate change"),
    "search_operator": values("and", "or"),
    "child_of": values("root", 2, 3, -1),
    "descendant_of": values("root", 2, 3),
    "ancestor_of": values(3, 10),
    "translation_of": values(3, 10),
    "site": values("testserver", "localhost:80", "nope"),
    "html_path": values("/en/news/", "/zh-hans/", "/zh-hans/news/x/", "/zh-hant/news/", "", "/"),
    "id": values(1, 2, 3),
    "date": values("2019-05-20", "2019-02-30"),
    "start": values("2019-05-20T10:00:00+08:00", "2019"),
    "all_day": values("true", "false", "1"),
    "country": values("china", "nope"),
    "category": values(1, "abc"),
    "related_cities": values(1, "abc"),
    "slug": values("news", "x"),
    "format": values("json", "api", "openapi"),
}


@pytest.mark.django_db
@given(data=st.data())
def test_api(data, routes, document):
    """``/api/v2/`` endpoints, listings, details and ``find/``, with the documented parameters: JSON, never a 500."""
    endpoints = ["pages", "images", "documents"]
    ids = [*routes.page_ids[:5], *routes.image_ids[:2], document[0], 0, 2**63]
    paths = ["/api/", "/api/v2/", "/api/v2/nope/"] + [f"/api/v2/{endpoint}/" for endpoint in endpoints]
    paths += [f"/api/v2/{endpoint}/find/" for endpoint in endpoints]
    paths += [f"/api/v2/{endpoint}/{pk}/" for endpoint in endpoints for pk in ids]
    request = data.draw(requests(mutations(paths), query_strings(API_KEYS)), label="request")
    run(request)


@pytest.mark.django_db
@given(data=st.data())
def test_documents(data, document):
    """``/documents/<id>/<file name>`` served, with Range and conditional headers, and everything beside it."""
    pk, filename = document
    paths = [f"/documents/{pk}/{filename}", f"/documents/{pk}/", "/documents/"]
    paths += ["/documents/authenticate_with_password/1/"]
    request = data.draw(requests(mutations(paths)), label="request")
    run(request)


PAGE_KEYS = {
    "page": values(1, 2, 0, -1, 10**20),
    "date": values("2018-7-9", "2019-9", "2019-3-15", "2018-13-40"),
    "t": values("week", "list", "full", "WEEK", "xyz"),
    "q": values("city", "中国"),
}


@pytest.mark.django_db
@given(data=st.data())
def test_pages_in_every_language(data, routes):
    """Every live page (home, components, countries, cities, news, events...) of every language, mutated."""
    request = data.draw(requests(mutations(routes.pages), query_strings(PAGE_KEYS)), label="request")
    run(request, times=2)  # the second from the page cache when the first was stored


@pytest.mark.django_db
@given(data=st.data())
def test_news_archive_and_feeds(data, routes):
    """The news index, its filter paths (real, reordered, repeated, unknown), the filter form's query and the feeds."""
    keys = {
        "category": values(*routes.categories[:3], "nope"),
        "country": values("china", "india", "nope"),
        "city": values(*routes.cities[:3], "nope"),
        "year": values(*routes.years[:2], 1899, 2101, 10**20),
        "page": values(1, 2, 10**20),
    }
    routes_paths = st.one_of(
        mutations(routes.news_archive),
        st.builds(
            lambda index, segments: index + "".join(f"{segment}/" for segment in segments),
            st.sampled_from(routes.news_indexes),
            st.lists(
                st.one_of(
                    st.sampled_from(["category", "country", "city", *routes.years, "0000", "99999999999999999999"]),
                    st.sampled_from(routes.categories + routes.cities + ["china", "nope"]),
                    encoded,
                ),
                min_size=1,
                max_size=8,
            ),
        ),
    )
    request = data.draw(requests(routes_paths, query_strings(keys)), label="request")
    run(request, times=2)  # the second from the page cache when the first was stored


@pytest.mark.django_db
@given(data=st.data())
def test_events_calendar_and_ics(data, routes):
    """The events index, its year, month, month grid and week routes (any digits), the query form and ``.ics`` files."""
    digits = st.one_of(st.sampled_from(["0", "1", "2", "9", "٣", "２", "𝟘"]), st.sampled_from("0123456789"))

    def number(size):
        return st.one_of(
            st.lists(digits, min_size=size, max_size=size).map("".join),
            st.integers(0, 10**size - 1).map(lambda value: f"{value:0{size}d}"),
        )

    route = st.one_of(
        st.builds("{}/".format, number(4)),
        st.builds("{}/{}/".format, number(4), number(2)),
        st.builds("calendar/{}/{}/".format, number(4), number(2)),
        st.builds("week/{}-{}-{}/".format, number(4), number(2), number(2)),
        st.sampled_from(["calendar.ics", "calendar.ics/", *[f"{slug}.ics" for slug in routes.event_slugs[:5]]]),
        st.builds("{}.ics".format, encoded),
    )
    paths = st.one_of(
        st.builds(lambda index, tail: index + quote(tail, safe="/-."), st.sampled_from(routes.events_indexes), route),
        mutations(routes.events_indexes),
    )
    keys = {key: PAGE_KEYS[key] for key in ("page", "date", "t")}
    request = data.draw(requests(paths, query_strings(keys)), label="request")
    run(request, times=2)  # the second from the page cache when the first was stored


@pytest.mark.django_db
@given(data=st.data())
def test_search(data):
    """``/<language>/search/?q=&page=`` with any query, page number and repeated keys."""
    paths = mutations([f"/{language}/search/" for language in LANGUAGES])
    keys = {"q": values("city", "城市", "气候变化", "a" * 300, "中" * 300), "page": PAGE_KEYS["page"]}
    request = data.draw(requests(paths, query_strings(keys)), label="request")
    run(request)


@pytest.mark.django_db
@given(data=st.data())
def test_random_paths(data):
    """Paths of random segments, under a language prefix, a known folder or none."""
    first = st.one_of(
        st.sampled_from([*LANGUAGES, "zh-Hans", "zh-cn", "zh-tw", "en-us", "EN", "xx", "static", "media", "api"]),
        encoded,
    )
    paths = st.builds(
        lambda head, rest, slash: "/" + "/".join([head, *rest]) + ("/" if slash else ""),
        first,
        st.lists(encoded, max_size=4),
        st.booleans(),
    ).filter(lambda path: not path.startswith("//"))
    request = data.draw(requests(paths), label="request")
    run(request)
