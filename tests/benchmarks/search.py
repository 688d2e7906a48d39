"""Search benchmark: p50/p95 of the search page and of the search itself, for common words in every language.

Run it against a database that holds content at scale (not part of ``make test``; pytest does not collect it)::

    .venv/bin/python -m tests.benchmarks.search --db /path/to/db.sqlite3
    .venv/bin/python -m tests.benchmarks.search --db postgres://postgres@127.0.0.1:5432/portal_scale --json out.json

``--db`` is a database URL or the path of a SQLite file (default: ``DATABASE_URL``, else the project's
``db.sqlite3``). For each word (``--words``, default ``WORDS``: three English, three Chinese), in each language
of its script (a Chinese word in Simplified and in Traditional Chinese: the search folds both scripts), it
measures ``--repeat`` times, after one warm-up run:

- ``search``: what the search costs, as the search page runs it: the first page of ``results.search_pages``
  read (the specific pages), then its matches counted (``views.results_page``), milliseconds; ``cpu``, the
  median processor time of this process in it (on SQLite the database's work too, so other work on the
  machine does not count; on PostgreSQL the server's is not in it);
- ``page``: the whole search page, ``GET /<locale>/search/?q=<word>`` through Django's test client (every
  middleware, the template), milliseconds, with its SQL query count. Each request carries a unique extra
  parameter, which the view ignores, so that no page cache answers it.

First, the search page without a query in each language (the empty form: what the page costs without a
search). Prints one line per word with p50 and p95 of each, the number of matches and the size of the data (live news
pages per locale, search index entries); ``--json`` also writes them to a file. Method and figures:
docs/search.md. Timings are wall-clock on whatever else runs on the machine: run it on a quiet machine.
"""

import argparse
import json
import math
import os
import statistics
import sys
import time
import unicodedata
from collections.abc import Callable
from pathlib import Path

#: Common words of the programme's news, in English and Chinese (the issue's examples).
WORDS = ("city", "cooperation", "climate", "城市", "合作", "气候")


def parse_args(argv: list[str]) -> argparse.Namespace:
    """Return the command line's options (see the module's docstring)."""
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.search", description=__doc__.split("\n")[0])
    parser.add_argument("--db", help="database URL, or the path of a SQLite file (default: DATABASE_URL)")
    parser.add_argument("--words", nargs="+", default=list(WORDS), help="the words to search for")
    parser.add_argument("--repeat", type=int, default=20, help="measured runs per word (default 20)")
    parser.add_argument("--json", type=Path, help="also write the figures to this JSON file")
    return parser.parse_args(argv)


def database_url(db: str | None) -> str | None:
    """Return ``db`` as a database URL: a URL as it is, a file path as ``sqlite:///<absolute path>``."""
    if not db or "://" in db:
        return db
    return f"sqlite:///{Path(db).resolve()}"


def percentile(samples: list[float], fraction: float) -> float:
    """Return the ``fraction`` (0 to 1) percentile of ``samples`` (nearest rank), in their unit."""
    ordered = sorted(samples)
    return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]


def padded(text: str, width: int) -> str:
    """Return ``text`` padded with spaces to ``width`` terminal columns (CJK characters take two)."""
    columns = sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)
    return text + " " * max(0, width - columns)


def load_average() -> str:
    """Return the machine's 1, 5 and 15 minute load averages, as text (other work skews the timings)."""
    return " ".join(f"{value:.1f}" for value in os.getloadavg())


def setup_django(db: str | None) -> None:
    """Configure Django with the development settings, debug off, on the database ``db``."""
    url = database_url(db)
    if url:
        os.environ["DATABASE_URL"] = url
    os.environ["DEBUG"] = "0"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.dev")
    import django

    django.setup()


def languages_of(word: str) -> list[str]:
    """Return the language codes whose search a ``word`` belongs to: the Chinese ones for CJK text, else English."""
    from django.conf import settings

    from portal.edge.language import is_chinese
    from portal.search.analysis import tokens

    chinese = any(token.is_cjk for token in tokens(word))
    return [code for code, _name in settings.LANGUAGES if is_chinese(code) == chinese]


def data_size() -> dict[str, int]:
    """Return the number of live news pages per language code and of search index entries."""
    from django.db.models import Count
    from modelsearch.conf import get_app_config

    from news.models import NewsPage

    sizes = {
        f"news_{row['locale__language_code']}": row["n"]
        for row in NewsPage.objects.live().order_by().values("locale__language_code").annotate(n=Count("pk"))
    }
    sizes["index_entries"] = get_app_config().get_model("IndexEntry").objects.count()
    return sizes


def measure_word(word: str, repeat: int, serial: list[int], language: str) -> dict[str, object]:
    """Return the figures of one word: matches, search and page p50/p95 (ms, None without a word), page queries.

    An empty ``word`` measures the search page without a query (the empty form) in ``language``: what the
    page costs without any search.
    """
    from django.core.paginator import Paginator
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext
    from django.urls import reverse
    from django.utils import translation
    from wagtail.models import Locale

    from portal.search import results, views

    with translation.override(language):
        url = reverse("search")
        locale = Locale.get_active()
    client = Client()

    def search_once() -> int:
        paginator = Paginator(results.search_pages(word, locale), views.RESULTS_PER_PAGE)
        return views.results_page(paginator, 1).paginator.count

    def page_once() -> int:
        serial[0] += 1
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url, {"q": word, "bench": serial[0]}, HTTP_HOST="localhost")
        if response.status_code != 200:
            raise SystemExit(f"{url}?q={word} answered {response.status_code}")
        return len(queries)

    def timed(function: Callable[[], int], cpu: list[float] | None = None) -> float:
        started, started_cpu = time.perf_counter(), time.process_time()
        function()
        if cpu is not None:
            cpu.append((time.process_time() - started_cpu) * 1000)
        return (time.perf_counter() - started) * 1000

    matches = search_once() if word else 0  # warm-up
    page_queries = page_once()
    search_ms, search_cpu_ms, page_ms = [], [], []
    for _ in range(repeat):
        if word:
            search_ms.append(timed(search_once, search_cpu_ms))
        page_ms.append(timed(page_once))
    return {
        "word": word,
        "language": language,
        "matches": matches,
        "search_p50_ms": round(statistics.median(search_ms), 1) if word else None,
        "search_p95_ms": round(percentile(search_ms, 0.95), 1) if word else None,
        "search_cpu_p50_ms": round(statistics.median(search_cpu_ms), 1) if word else None,
        "page_p50_ms": round(statistics.median(page_ms), 1),
        "page_p95_ms": round(percentile(page_ms, 0.95), 1),
        "page_queries": page_queries,
    }


def row_text(row: dict[str, object]) -> str:
    """Return one line of the table for a row of ``measure_word``."""
    search = "".join(
        f"{row[key]:>{width}.1f}" if row[key] is not None else f"{'-':>{width}}"
        for key, width in (("search_p50_ms", 11), ("search_p95_ms", 9), ("search_cpu_p50_ms", 9))
    )
    return (
        f"{padded(row['word'] or '(no query)', 12)} {row['language']:<8} {row['matches']:>8,}{search} "
        f"{row['page_p50_ms']:>9.1f} {row['page_p95_ms']:>8.1f} {row['page_queries']:>8}"
    )


def main(argv: list[str]) -> int:
    """Run the benchmark; print the table (and write the JSON). Returns the exit status."""
    options = parse_args(argv)
    setup_django(options.db)
    from django.db import connection

    size = data_size()
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    print("data: " + ", ".join(f"{key} {value:,}" for key, value in size.items()))
    print(f"{options.repeat} runs per word after one warm-up; milliseconds; load average {load_average()}")
    print(
        f"{'word':<12} {'lang':<8} {'matches':>8} {'search p50':>11} {'p95':>8} {'cpu p50':>8} {'page p50':>9} "
        f"{'p95':>8}  queries"
    )
    from django.conf import settings

    rows, serial = [], [0]
    searches = [("", code) for code, _name in settings.LANGUAGES]  # the empty form first
    searches += [(word, code) for word in options.words for code in languages_of(word)]
    for word, language in searches:
        rows.append(measure_word(word, options.repeat, serial, language))
        print(row_text(rows[-1]), flush=True)
    print(f"load average {load_average()}")
    if options.json:
        report = {"database": connection.vendor, "data": size, "repeat": options.repeat, "words": rows}
        options.json.write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
