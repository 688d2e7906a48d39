"""The in-process probe of ``make bench``, run by ``tests.benchmarks.http`` with the server's settings and environment.

Finds the URL that stands for each page type in each language (``discover``), then requests each one twice with
Django's test client as an anonymous visitor behind the HTTPS proxy, on the server's host name, and counts the SQL
queries of the second request (``CaptureQueriesContext``): the first one warms the process's own caches, as a
long-running gunicorn worker has them, and with the page cache on (``PAGE_CACHE=1``) fills it, so the second
counts what a cached answer costs. Writes JSON to ``--output``: ``facts`` (per language), ``missing`` (page types
without a page) and ``pages`` (name, lang, path, expected_status, status, content_type, queries, body_file); with
``--bodies``, each page's body (uncompressed) goes to a file there.
"""

import argparse
import json
import os
import sys
from pathlib import Path

from tests.benchmarks.http import LANGUAGES, NO_LANGUAGE, PAGE_TYPES, build_pages, comma_list


def discover(language_code):
    """Return the facts of ``build_pages`` for ``language_code``: live, public pages and the news archive's size.

    The first page of each type in tree order (component, country, the first standard page with a list of
    cities); the newest news item (and its year, for the archive's year view); the latest event (and its month,
    for the calendar's month grid).
    """
    from components.models import ComponentPage, CountryPage
    from events import calendar
    from events.models import EventIndexPage
    from home.models import HomePage, StandardPage
    from news.models import NewsIndexPage

    def first(model):
        return model.objects.live().public().filter(locale__language_code=language_code).order_by("path").first()

    facts = {}
    for key, model in (("home", HomePage), ("component", ComponentPage), ("country", CountryPage)):
        page = first(model)
        if page is not None:
            facts[key] = page.get_url()
    standard_pages = StandardPage.objects.live().public().filter(locale__language_code=language_code)
    for page in standard_pages.order_by("path"):
        if any(block.block_type == "city_list" for block in page.body):
            facts["cities"] = page.get_url()
            break
    news_index = first(NewsIndexPage)
    if news_index is not None:
        news = news_index.get_news()
        facts.update(news_index=news_index.get_url(), news_count=news.count(), news_per_page=news_index.per_page)
        newest = news.first()
        if newest is not None:
            facts.update(news_page=newest.get_url(), news_year=newest.date.year)
    events_index = first(EventIndexPage)
    if events_index is not None:
        facts["events_index"] = events_index.get_url()
        latest = events_index.get_events().order_by("-start", "-pk").first()
        if latest is not None:
            facts["event_page"] = latest.get_url()
            facts["calendar"] = events_index.get_view_url(calendar.FULL, latest.first_day)
    return facts


def probe(page, host, bodies):
    """Request ``page`` twice in-process; return its status, content type and the second request's query count.

    With ``bodies`` (a folder), the body is written to ``<bodies>/<slug>`` and its path returned as ``body_file``.
    """
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    headers = {"HTTP_HOST": host, "HTTP_X_FORWARDED_PROTO": "https"}
    Client().get(page.path, **headers)  # a fresh client each time: no cookie is ever sent back, as with wrk
    with CaptureQueriesContext(connection) as queries:
        response = Client().get(page.path, **headers)
        body = b"".join(response.streaming_content) if response.streaming else response.content
    result = {
        "name": page.name,
        "lang": page.lang,
        "path": page.path,
        "expected_status": page.expected_status,
        "status": response.status_code,
        "content_type": response.get("Content-Type", ""),
        "queries": len(queries),
    }
    if bodies is not None:
        path = Path(bodies) / page.slug
        path.write_bytes(body)
        result["body_file"] = str(path)
    return result


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.probe", description=__doc__.split("\n")[0])
    parser.add_argument("--output", required=True, help="the JSON file to write")
    parser.add_argument("--host", required=True, help="the Host header, as the server will get it (127.0.0.1:PORT)")
    parser.add_argument("--bodies", help="a folder for the pages' bodies")
    parser.add_argument("--pages", type=comma_list, default=list(PAGE_TYPES))
    parser.add_argument("--langs", type=comma_list, default=list(LANGUAGES))
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    facts = {lang: discover(lang) for lang in args.langs}
    pages = build_pages(facts, args.pages, args.langs)
    found = {(page.name, page.lang) for page in pages}
    missing = [
        f"{name}:{lang}"
        for name in args.pages
        for lang in ([NO_LANGUAGE] if name == "sitemap" else args.langs)
        if (name, lang) not in found
    ]
    if args.bodies:
        Path(args.bodies).mkdir(parents=True, exist_ok=True)
    results = [probe(page, args.host, args.bodies) for page in pages]
    Path(args.output).write_text(json.dumps({"facts": facts, "missing": missing, "pages": results}, indent=2))


if __name__ == "__main__":
    main()
