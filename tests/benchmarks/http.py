"""HTTP benchmark of every public page type (``make bench``): gunicorn on the production settings, wrk as the client.

Prepares a database (its own PostgreSQL or SQLite database loaded with the seed content, or ``--db-url``), collects
the static files, probes each page in-process (``tests.benchmarks.probe``: SQL queries, body), writes a static file
of each page's size beside the collected ones, then starts gunicorn on a loopback port once per mode (``PAGE_CACHE=0``
uncached, ``PAGE_CACHE=1`` cached), warms it up and runs wrk against each page and its static file in turn. Prints a
table per mode and writes the figures as JSON. Method and how to read the results: docs/performance.md.

Usage: ``.venv/bin/python -m tests.benchmarks.http --help``. Nothing here imports Django; the pure parts (page list,
wrk output, static files, tables) are tested in ``tests/benchmarks/test_http_bench.py``.
"""

import argparse
import dataclasses
import datetime
import json
import math
import os
import platform
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

BASE_DIR = Path(__file__).resolve().parents[2]
WRK_SCRIPT = Path(__file__).with_name("wrk.lua")

#: The page types measured, in table order. ``sitemap`` is outside the language prefixes (one row, language "-").
PAGE_TYPES = (
    "home",
    "component",
    "country",
    "cities",
    "news-index",
    "news-archive",
    "news-deep",
    "news-page",
    "events-index",
    "events-calendar",
    "event-page",
    "search",
    "rss",
    "ics",
    "api",
    "404",
    "sitemap",
)
#: The content languages, as ``settings.LANGUAGES`` has them (``test_http_bench`` checks that they agree).
LANGUAGES = ("en", "zh-hans", "zh-hant")
NO_LANGUAGE = "-"
#: A common word of each language for the search page (the issue's slow case at scale). The Traditional page is
#: asked for a Simplified-typed word (its pages say 氣候): the cross-script case, both scripts folded (ADR 0031).
SEARCH_WORDS = {"en": "city", "zh-hans": "城市", "zh-hant": "气候"}
#: What Chrome and Firefox send; the pages and the static files are asked for with it alike.
ACCEPT_ENCODING = "gzip, deflate, br, zstd"
#: The HTTPS-terminating proxy's header: without it the production settings redirect every request to HTTPS.
PROXY_HEADERS = {"X-Forwarded-Proto": "https"}
MODES = ("uncached", "cached")
#: ``PAGE_CACHE`` of the server in each mode (the page cache honours ``PAGE_CACHE=0``).
PAGE_CACHE = {"uncached": "0", "cached": "1"}
#: The file extension of a page's static twin, by the media type of the page (WhiteNoise serves it with that type).
STATIC_EXTENSIONS = {
    "text/html": "html",
    "application/rss+xml": "xml",
    "application/atom+xml": "xml",
    "application/xml": "xml",
    "text/xml": "xml",
    "text/calendar": "ics",
    "application/json": "json",
}
STATIC_FOLDER = "bench"


@dataclasses.dataclass(frozen=True)
class Page:
    """One measured URL: its page type ``name``, language code (or ``NO_LANGUAGE``), path and expected status."""

    name: str
    lang: str
    path: str
    expected_status: int = 200

    @property
    def slug(self):
        """A file-name-safe identifier: ``news-page-zh-hans``, ``sitemap``."""
        return self.name if self.lang == NO_LANGUAGE else f"{self.name}-{self.lang}"


def deep_page_number(count, per_page):
    """Return the number of the last page of ``count`` items shown ``per_page`` a page (at least 1)."""
    return max(1, math.ceil(count / per_page))


def build_pages(facts, names=None, langs=None):
    """Return the Pages to measure, in ``PAGE_TYPES`` order and then by language.

    ``facts`` maps a language code to what ``tests.benchmarks.probe.discover`` found in that language: paths
    (``home``, ``component``, ``country``, ``cities``, ``news_index``, ``news_page``, ``events_index``,
    ``calendar``, ``event_page``) and ``news_count``, ``news_per_page``, ``news_year``. A page type whose facts
    are missing is left out. ``names`` and ``langs`` keep a subset (None: all); an unknown name raises ValueError.
    """
    names = tuple(names or PAGE_TYPES)
    unknown = sorted(set(names) - set(PAGE_TYPES))
    if unknown:
        raise ValueError(f"unknown page types: {', '.join(unknown)} (known: {', '.join(PAGE_TYPES)})")
    langs = tuple(langs or LANGUAGES)
    pages = []
    for name in PAGE_TYPES:
        if name not in names:
            continue
        if name == "sitemap":
            pages.append(Page(name, NO_LANGUAGE, "/sitemap.xml"))
            continue
        for lang in langs:
            path = page_path(name, lang, facts.get(lang, {}))
            if path is not None:
                pages.append(Page(name, lang, path, 404 if name == "404" else 200))
    return pages


def page_path(name, lang, facts):  # noqa: C901 - one branch per page type, flat
    """Return the path of page type ``name`` in ``lang`` from that language's ``facts``, or None when unknown."""
    news_index, events_index = facts.get("news_index"), facts.get("events_index")
    if name in ("home", "component", "country", "cities", "news-page", "event-page"):
        return facts.get(name.replace("-", "_"))
    if name == "news-index":
        return news_index
    if name == "news-archive":
        return f"{news_index}{facts['news_year']}/" if news_index and facts.get("news_year") else None
    if name == "news-deep":
        if not news_index or "news_count" not in facts:
            return None
        return f"{news_index}?page={deep_page_number(facts['news_count'], facts['news_per_page'])}"
    if name == "rss":
        return f"{news_index}feed/" if news_index else None
    if name == "events-index":
        return events_index
    if name == "events-calendar":
        return facts.get("calendar")
    if name == "ics":
        return f"{events_index}calendar.ics" if events_index else None
    if name == "search":
        return f"/{lang}/search/?q={urllib.parse.quote(SEARCH_WORDS[lang])}"
    if name == "api":
        return f"/api/v2/pages/?type=news.NewsPage&locale={lang}"
    if name == "404":
        return f"/{lang}/bench-no-such-page/"
    raise ValueError(f"unknown page type {name!r}")


# ------------------------------------------------------------------------------------------------ static files


def static_file_name(page, content_type):
    """Return the path, below STATIC_ROOT, of ``page``'s static twin: ``bench/<slug>.<ext>`` (ext by media type)."""
    media_type = content_type.split(";")[0].strip().lower()
    return f"{STATIC_FOLDER}/{page.slug}.{STATIC_EXTENSIONS.get(media_type, 'html')}"


def write_static_file(static_root, page, body, content_type):
    """Write ``body`` (bytes: the page's uncompressed body) as ``page``'s static twin below ``static_root``.

    The file has the page's size and content, so it compresses as the page does; its Brotli and gzip variants are
    written as ``collectstatic`` writes them for the real static files (WhiteNoise's Compressor; none when
    compression saves under 5%). Returns the name below ``static_root`` (``static_file_name``).
    """
    from whitenoise.compress import Compressor

    name = static_file_name(page, content_type)
    path = Path(static_root) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(body)
    Compressor(quiet=True).compress(str(path))
    return name


# ------------------------------------------------------------------------------------------------------- wrk

WRK_MARKER = "BENCH_JSON "


#: Fewer completed requests than this per connection mark a throughput figure as uncertain (see ``parse_wrk_output``).
FEW_REQUESTS_PER_CONNECTION = 10


def parse_wrk_output(text, connections):
    """Return the figures of one wrk run with ``connections`` from its output (ending with ``wrk.lua``'s JSON line).

    Returns a dict: ``connections``, ``requests``, ``duration_s``, ``rps`` (completed requests a second),
    ``p50_ms``, ``p90_ms``, ``p99_ms``, ``mean_ms``, ``max_ms``, ``bytes_per_request`` (on the wire, headers
    included), ``errors`` (wrk's counts: connect, read, write, timeout, and ``status``: answers with a status of
    400 or more) and ``few_requests``: True when fewer than ``FEW_REQUESTS_PER_CONNECTION`` requests a connection
    completed, so that the requests still under way when wrk stopped (one a connection, not counted) make ``rps``
    low by a noticeable share. Raises ValueError when the line is missing (wrk failed) or malformed.
    """
    for line in text.splitlines():
        if line.startswith(WRK_MARKER):
            data = json.loads(line[len(WRK_MARKER) :])
            break
    else:
        raise ValueError(f"no {WRK_MARKER.strip()} line in wrk's output:\n{text}")
    requests, duration_s = data["requests"], data["duration_us"] / 1e6
    latency = data["latency_us"]
    return {
        "connections": connections,
        "requests": requests,
        "duration_s": round(duration_s, 3),
        "rps": round(requests / duration_s, 1) if duration_s else 0.0,
        **{f"{key}_ms": round(latency[key] / 1000, 2) for key in ("p50", "p90", "p99", "mean", "max")},
        "bytes_per_request": round(data["bytes"] / requests) if requests else 0,
        "errors": data["errors"],
        "few_requests": requests < FEW_REQUESTS_PER_CONNECTION * connections,
    }


def wrk_command(wrk, url, connections, duration, timeout=30):
    """Return the wrk command line measuring ``url`` with ``connections`` for ``duration`` seconds (one thread)."""
    headers = {"Accept-Encoding": ACCEPT_ENCODING, **PROXY_HEADERS}
    command = [wrk, "-t1", f"-c{connections}", f"-d{duration}s", f"--timeout={timeout}s", "-s", str(WRK_SCRIPT)]
    for name, value in headers.items():
        command += ["-H", f"{name}: {value}"]
    return [*command, url]


def wrk_version(wrk):
    """Return the first line of ``wrk -v`` (its version), or "" when it prints none."""
    result = subprocess.run([wrk, "-v"], capture_output=True, text=True, check=False)
    return (result.stdout or result.stderr).strip().split("\n")[0]


def run_wrk(wrk, url, connections, duration):
    """Run wrk against ``url``; return ``parse_wrk_output``'s figures. Raises RuntimeError when wrk fails."""
    command = wrk_command(wrk, url, connections, duration)
    result = subprocess.run(command, capture_output=True, text=True, timeout=duration + 90, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"wrk failed ({result.returncode}): {' '.join(command)}\n{result.stdout}{result.stderr}")
    return parse_wrk_output(result.stdout, connections)


# ---------------------------------------------------------------------------------------------------- tables


def ratio(page_figures, static_figures):
    """Return the page's throughput as a fraction of its static file's (None when the static figure is 0)."""
    if not static_figures or not static_figures["rps"]:
        return None
    return page_figures["rps"] / static_figures["rps"]


def failed_requests(figures, expected_status=200):
    """Return the number of requests of a wrk run that went wrong (an error status only counts when not expected)."""
    errors = dict(figures["errors"])
    if expected_status >= 400:
        errors.pop("status")
    return sum(errors.values())


def rps_cell(figures, expected_status, notes):
    """Return a requests-a-second table cell, marked ``*`` (few requests) or ``!`` (failed requests); note why."""
    cell = f"{figures['rps']:.1f}"
    if failed_requests(figures, expected_status):
        notes.add("! some requests failed (wrk's errors in the JSON)")
        return cell + "!"
    if figures["few_requests"]:
        notes.add(f"* fewer than {FEW_REQUESTS_PER_CONNECTION} requests a connection: low by up to 1/that; --duration")
        return cell + "*"
    return cell


def format_table(rows, mode, connections):
    """Return the text table of ``mode`` (``uncached``/``cached``) for the result ``rows`` (the JSON's ``pages``).

    One line per page: its size (uncompressed KB), SQL queries, and for each number of ``connections`` its
    requests a second and p50/p99 latency (ms); then the static file's requests a second at the most connections
    and the page's share of it (``ratio``). Rows without figures for ``mode`` are left out. Notes for marked cells
    follow the table.
    """
    most = max(connections)
    header = ["page", "lang", "KB", "SQL"]
    for count in connections:
        header += [f"req/s@{count}", "p50", "p99"]
    header += [f"static@{most}", "ratio"]
    lines, notes = [header], set()
    for row in rows:
        figures = row.get(mode)
        if not figures:
            continue
        queries = row["queries"].get(mode)
        line = [row["name"], row["lang"], f"{row['bytes'] / 1024:.1f}", "?" if queries is None else str(queries)]
        for count in connections:
            measured = figures["page"][str(count)]
            line += [rps_cell(measured, row["status"], notes), f"{measured['p50_ms']:.1f}", f"{measured['p99_ms']:.1f}"]
        static = figures["static"][str(most)]
        share = ratio(figures["page"][str(most)], static)
        line += [rps_cell(static, 200, notes), "-" if share is None else f"{share:.1%}"]
        lines.append(line)
    title = f"{mode}: latency in ms; ratio = the page's req/s as a share of its static file's, at {most} connections"
    return render_table(title, lines, notes)


def render_table(title, lines, notes):
    """Return ``title``, the ``lines`` (lists of cells; the first two left-aligned, the rest right) and ``notes``."""
    widths = [max(len(line[column]) for line in lines) for column in range(len(lines[0]))]
    text = [title]
    for line in lines:
        cells = [
            cell.ljust(width) if column < 2 else cell.rjust(width)
            for column, (cell, width) in enumerate(zip(line, widths, strict=True))
        ]
        text.append("  ".join(cells).rstrip())
    return "\n".join(text + sorted(notes))


# ---------------------------------------------------------------------------------------------------- the run


def parse_compare(value):
    """Return ``(page type, URL)`` from ``--compare``'s ``PAGE=URL``; raise ValueError when it is not that."""
    name, sep, url = value.partition("=")
    if not sep or name not in PAGE_TYPES or not url.startswith(("http://", "https://")):
        raise ValueError(f"--compare takes PAGE=URL with a known page type and an http(s) URL, not {value!r}")
    return name, url


def format_comparison(rows, comparisons, connections, lang="en"):
    """Return the text table of ``comparisons`` (the JSON's ``compare``) beside this portal's uncached pages.

    One line per compared URL: the other site's requests a second and p99 at each number of ``connections``, and
    the portal's uncached page of the same type in ``lang`` (``x`` = the portal's req/s over the other's).
    """
    ours = {row["name"]: row for row in rows if row["lang"] in (lang, NO_LANGUAGE) and row.get("uncached")}
    header = ["page", "other site's URL"]
    for count in connections:
        header += [f"other@{count}", "p99", f"portal@{count}", "p99", "x"]
    lines, notes = [header], set()
    for item in comparisons:
        line = [item["name"], item["url"]]
        row = ours.get(item["name"])
        for count in connections:
            other = item["figures"][str(count)]
            line += [rps_cell(other, item["status"], notes), f"{other['p99_ms']:.1f}"]
            if row is None:
                line += ["-", "-", "-"]
                continue
            portal = row["uncached"]["page"][str(count)]
            times = portal["rps"] / other["rps"] if other["rps"] else None
            line += [
                rps_cell(portal, row["status"], notes),
                f"{portal['p99_ms']:.1f}",
                "-" if times is None else f"{times:.2f}",
            ]
        lines.append(line)
    title = f"compare: the portal's uncached {lang} pages beside another site's (x = portal req/s / other req/s)"
    return render_table(title, lines, notes)


def free_port():
    """Return a TCP port free on the loopback interface now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redact(url):
    """Return the database URL ``url`` without its password."""
    parts = urllib.parse.urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
    return urllib.parse.urlunsplit(parts._replace(netloc=netloc))


def gunicorn_settings(env, arguments=(), names=("workers", "worker_class", "threads", "max_requests")):
    """Return ``{name: value}`` (strings) of gunicorn's settings ``names`` as ``gunicorn.conf.py`` and the command-line
    ``arguments`` resolve them in the environment ``env`` (``gunicorn --print-config``): what actually ran."""
    gunicorn = Path(sys.executable).with_name("gunicorn")
    command = [str(gunicorn), "--config", str(BASE_DIR / "gunicorn.conf.py"), *arguments, "--print-config"]
    output = subprocess.run(command, cwd=BASE_DIR, env=env, capture_output=True, text=True, check=True).stdout
    values = {}
    for line in output.splitlines():
        name, _, value = line.partition("=")
        values[name.strip()] = value.strip()
    return {name: values.get(name) for name in names}


def settings_module(database_url):
    """Return the settings module for ``database_url``: production's, or its SQLite variant for comparison."""
    if database_url.startswith("sqlite"):
        return "tests.benchmarks.settings"
    return "portal.settings.production"


class Bench:
    """One benchmark run: its temporary folder, database, environment, server and results."""

    def __init__(self, args):
        self.args = args
        self.started, self.loadavg_start = now(), os.getloadavg()
        self.work = Path(tempfile.mkdtemp(prefix="portal-bench-"))
        self.port = free_port()
        self.host = f"127.0.0.1:{self.port}"
        self.base_url = f"http://{self.host}"
        self.run_id = f"{os.getpid()}"
        self.cache_prefix = f"portal-bench-{self.run_id}"
        self.created_database = None  # (server URL, name) of a PostgreSQL database made here, dropped at the end
        self.server = None
        self.database_url = args.db_url
        self.secret_key = secrets.token_urlsafe(50)

    # -------------------------------------------------------------------------------------- environment

    def environment(self, **extra):
        """Return the environment of manage.py, the probe and gunicorn: production settings on this run's services."""
        env = {key: value for key, value in os.environ.items() if not key.startswith("AWS_")}
        env.update(
            DJANGO_SETTINGS_MODULE=settings_module(self.database_url),
            SECRET_KEY=self.secret_key,
            ALLOWED_HOSTS="127.0.0.1,localhost",
            DATABASE_URL=self.database_url,
            REDIS_URL=self.args.redis_url,
            CACHE_KEY_PREFIX=self.cache_prefix,
            STATIC_ROOT=str(self.work / "static"),
            MEDIA_ROOT=str(self.media_root),
            GUNICORN_BIND=self.host,
            WEB_CONCURRENCY=str(self.args.workers),
            GUNICORN_THREADS="1",
        )
        if self.database_url.startswith("sqlite"):
            # Production settings refuse any database but PostgreSQL; tests.benchmarks.settings swaps this one in.
            env.update(BENCH_SQLITE_URL=self.database_url, DATABASE_URL="postgres://unused@127.0.0.1/unused")
        env.update(extra)
        return env

    @property
    def media_root(self):
        """Media of a database made here live in the run's folder; an existing one's where ``--media-root`` says."""
        if self.args.db_url:
            return Path(self.args.media_root or os.environ.get("MEDIA_ROOT") or BASE_DIR / "media")
        return self.work / "media"

    def manage(self, *arguments, **extra):
        """Run ``manage.py`` with ``arguments`` in this run's environment; raise with its output when it fails."""
        self.run([sys.executable, "manage.py", *arguments], **extra)

    def run(self, command, **extra):
        """Run ``command`` in the repository with this run's environment (plus ``extra``); raise when it fails."""
        result = subprocess.run(
            command, cwd=BASE_DIR, env=self.environment(**extra), capture_output=True, text=True, check=False
        )
        if result.returncode != 0:
            raise RuntimeError(f"{' '.join(command)} failed:\n{result.stdout[-3000:]}{result.stderr[-6000:]}")
        return result

    # ----------------------------------------------------------------------------------------- database

    def prepare_database_url(self):
        """Create this run's empty database (PostgreSQL or SQLite, ``--db``); return its URL."""
        if self.args.db == "sqlite":
            return f"sqlite:///{self.work / 'db.sqlite3'}"
        import psycopg
        from psycopg import sql

        name = f"portal_bench_{self.run_id}"
        with psycopg.connect(self.args.postgres, autocommit=True) as connection:
            connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        self.created_database = (self.args.postgres, name)
        server = urllib.parse.urlsplit(self.args.postgres)
        return urllib.parse.urlunsplit(server._replace(path=f"/{name}"))

    def load_content(self):
        """Migrate the run's own database and load the seed content into it, then build the search index."""
        say("Preparing the database: migrate, load_iuc_content, update_index (one to two minutes)")
        self.manage("migrate", "--noinput", "-v0")
        self.manage("load_iuc_content")
        self.manage("update_index", "--verbosity", "0")

    def drop_database(self):
        if not self.created_database:
            return
        import psycopg
        from psycopg import sql

        server, name = self.created_database
        with psycopg.connect(server, autocommit=True) as connection:
            connection.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        self.created_database = None

    def delete_cache_keys(self):
        """Delete this run's keys (``CACHE_KEY_PREFIX``...) from Redis."""
        import redis

        connection = redis.Redis.from_url(self.args.redis_url)
        try:
            for key in connection.scan_iter(match=f"*{self.cache_prefix}*"):
                connection.delete(key)
        finally:
            connection.close()

    # ------------------------------------------------------------------------------------------- probes

    def probe(self, mode):
        """Run ``tests.benchmarks.probe`` with the server's settings in ``mode``; return its JSON answer."""
        output = self.work / f"probe-{mode}.json"
        command = [sys.executable, "-m", "tests.benchmarks.probe", "--output", str(output), "--host", self.host]
        command += ["--bodies", str(self.work / "bodies")] if mode == "uncached" else []
        command += ["--pages", ",".join(self.args.pages), "--langs", ",".join(self.args.langs)]
        self.run(command, PAGE_CACHE=PAGE_CACHE[mode])
        return json.loads(output.read_text())

    # ------------------------------------------------------------------------------------------- server

    def start_server(self, mode):
        """Start gunicorn (gunicorn.conf.py, sync workers) with the page cache of ``mode``; return once it answers."""
        command = [str(Path(sys.executable).with_name("gunicorn")), "--config", str(BASE_DIR / "gunicorn.conf.py")]
        # No recycling by default: gunicorn.conf.py's max_requests restarts a worker every ~10,000 requests, and the
        # arbiter takes up to a second to boot its successor, which a short run would measure instead of the page.
        # None (make loadtest): gunicorn.conf.py's own.
        if self.args.max_requests is not None:
            command += ["--max-requests", str(self.args.max_requests)]
        self.server_log = (self.work / f"gunicorn-{mode}.log").open("w+b")
        # Request log lines (JSON on stdout, as in production) are written and thrown away; errors are kept.
        self.server = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=self.environment(PAGE_CACHE=PAGE_CACHE[mode]),
            stdout=self.server_stdout(mode),
            stderr=self.server_log,
        )
        deadline = time.monotonic() + 90
        while True:
            if self.server.poll() is not None:
                raise RuntimeError(f"gunicorn stopped:\n{self.server_log_tail()}")
            try:
                if fetch(self.base_url + "/healthz")[0] == 200:
                    return
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer /healthz within 90 s:\n{self.server_log_tail()}")
            time.sleep(0.3)

    def server_stdout(self, mode):
        """Where gunicorn's stdout (the JSON log: a line per request, and the errors) goes: nowhere, by default."""
        return subprocess.DEVNULL

    def stop_server(self):
        if self.server is None:
            return
        self.server.terminate()
        try:
            self.server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.server.kill()
            self.server.wait()
        self.server = None
        self.server_log.close()

    def server_log_tail(self):
        self.server_log.flush()
        return Path(self.server_log.name).read_text(errors="replace")[-4000:]

    def wait_until_idle(self, timeout=900):
        """Return once the server has worked off what a wrk run left behind; raise RuntimeError after ``timeout`` s.

        When wrk stops, the connections still in the listen queue are closed on its side only: the sync workers
        accept them later and render each page for nobody. A /healthz request queues behind them; after it, the
        workers count as idle when their CPU time (``/proc``) has not grown for ``IDLE_POLLS`` polls in a row.
        """
        deadline = time.monotonic() + timeout
        fetch(self.base_url + "/healthz")
        last, still = cpu_ticks(child_pids(self.server.pid)), 0
        while still < IDLE_POLLS:
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn was still busy {timeout} s after a measurement")
            time.sleep(IDLE_POLL_SECONDS)
            ticks = cpu_ticks(child_pids(self.server.pid))
            still = still + 1 if ticks == last else 0
            last = ticks

    def warm_up(self, urls):
        """Request each of ``urls`` (path, expected status) ``--warmup`` times; raise when a status is unexpected.

        Returns ``{path: the last answer's recorded_headers}``.
        """
        last_headers = {}
        for path, expected in urls:
            for _ in range(self.args.warmup):
                status, headers, _body = fetch(self.base_url + path)
                if status != expected:
                    raise RuntimeError(f"{path} answered {status}, not {expected}:\n{self.server_log_tail()}")
            last_headers[path] = recorded_headers(headers)
        return last_headers

    # ---------------------------------------------------------------------------------------------- main

    def execute(self):
        """Run the whole benchmark; return the results (``meta`` and ``pages``, as written to JSON)."""
        args = self.args
        if not args.db_url:
            self.database_url = self.prepare_database_url()
        say(f"Work folder {self.work}; database {redact(self.database_url)}; server {self.base_url}")
        if not args.db_url:
            self.load_content()
        say("Collecting static files")
        self.manage("collectstatic", "--noinput", "-v0")
        say("Probing the pages in-process (SQL queries, sizes)")
        probes = {mode: self.probe(mode) for mode in ("uncached", *[m for m in args.modes if m != "uncached"])}
        rows = self.rows(probes)
        meta = self.meta(probes["uncached"])
        for mode in args.modes:
            self.measure(mode, rows)
        comparisons = [self.measure_other(name, url) for name, url in args.compare]
        meta["loadavg_end"] = os.getloadavg()
        meta["finished"] = now()
        results = {"meta": meta, "pages": rows}
        if comparisons:
            results["compare"] = comparisons
        return results

    def measure_other(self, name, url):
        """Warm up and measure another site's ``url`` (served by its own server) as the pages are measured.

        Returns ``{"name", "url", "status", "bytes", "headers", "figures": {connections: wrk figures}}``; this
        portal's server is stopped by then. The other server's workers are not watched: a pause of one second
        stands in for the idle check between measurements.
        """
        args = self.args
        say(f"compare: {name} against {url}")
        for _ in range(args.warmup):
            status, headers, body = fetch(url)
        if status >= 500:
            raise RuntimeError(f"{url} answered {status}")
        figures = {}
        for count in args.connections:
            time.sleep(1)
            figures[str(count)] = run_wrk(args.wrk, url, count, args.duration)
        return {
            "name": name,
            "url": url,
            "status": status,
            "bytes": len(body),
            "headers": recorded_headers(headers),
            "figures": figures,
        }

    def rows(self, probes):
        """Return one result row per probed page (with its static twin written); raise on an unexpected status."""
        rows = []
        cached = {(page["name"], page["lang"]): page for page in probes.get("cached", {}).get("pages", [])}
        for probed in probes["uncached"]["pages"]:
            page = Page(probed["name"], probed["lang"], probed["path"], probed["expected_status"])
            if probed["status"] != page.expected_status:
                raise RuntimeError(f"{page.path} answered {probed['status']} in-process, not {page.expected_status}")
            body = Path(probed["body_file"]).read_bytes()
            static = write_static_file(self.work / "static", page, body, probed["content_type"])
            queries = {"uncached": probed["queries"]}
            if (page.name, page.lang) in cached:
                queries["cached"] = cached[page.name, page.lang]["queries"]
            rows.append(
                {
                    "name": page.name,
                    "lang": page.lang,
                    "path": page.path,
                    "status": probed["status"],
                    "content_type": probed["content_type"],
                    "bytes": len(body),
                    "static_path": f"/static/{static}",
                    "queries": queries,
                }
            )
        return rows

    def measure(self, mode, rows):
        """Start the server in ``mode``, warm it up, then run wrk on each page and its static file in turn."""
        args = self.args
        say(f"{mode}: gunicorn with {args.workers} sync workers (PAGE_CACHE={PAGE_CACHE[mode]}) on {self.base_url}")
        self.start_server(mode)
        try:
            urls = [(row["path"], row["status"]) for row in rows] + [(row["static_path"], 200) for row in rows]
            headers = self.warm_up(urls)
            for row in rows:
                figures = {"page": {}, "static": {}}
                figures["headers"] = {"page": headers[row["path"]], "static": headers[row["static_path"]]}
                for count in args.connections:
                    for kind, path in (("page", row["path"]), ("static", row["static_path"])):
                        self.wait_until_idle()
                        figures[kind][str(count)] = run_wrk(args.wrk, self.base_url + path, count, args.duration)
                row[mode] = figures
                say(progress_line(mode, row, args.connections))
        finally:
            self.stop_server()

    def meta(self, probe):
        """Return what the results depend on: machine, code, stack, options and the size of the content."""
        args = self.args
        commit = subprocess.run(
            ["git", "rev-parse", "--short", "HEAD"], cwd=BASE_DIR, capture_output=True, text=True, check=False
        ).stdout.strip()
        dirty = subprocess.run(
            ["git", "status", "--porcelain"], cwd=BASE_DIR, capture_output=True, text=True, check=False
        ).stdout.strip()
        return {
            "started": self.started,
            "commit": commit + ("-dirty" if dirty else ""),
            "machine": {"cpus": os.cpu_count(), "python": platform.python_version(), "system": platform.platform()},
            "loadavg_start": self.loadavg_start,
            "settings": settings_module(self.database_url),
            "database": redact(self.database_url),
            "database_engine": "sqlite" if self.database_url.startswith("sqlite") else "postgresql",
            "news_count": {lang: facts.get("news_count") for lang, facts in probe["facts"].items()},
            "gunicorn": gunicorn_settings(self.environment(), ["--max-requests", str(args.max_requests)]),
            "wrk": {
                "version": wrk_version(args.wrk),
                "threads": 1,
                "duration_s": args.duration,
                "connections": args.connections,
            },
            "accept_encoding": ACCEPT_ENCODING,
            "modes": {mode: f"PAGE_CACHE={PAGE_CACHE[mode]}" for mode in args.modes},
            "queries": "in-process, CaptureQueriesContext around the second of two test-client requests",
            "missing_page_types": probe["missing"],
        }

    def cleanup(self):
        self.stop_server()
        for step in (self.delete_cache_keys, self.drop_database):
            try:
                step()
            except Exception as error:  # clean up what can be, say what could not
                say(f"Cleanup: {step.__name__} failed: {error}")
        shutil.rmtree(self.work, ignore_errors=True)


#: The server is idle when its workers' CPU time stays the same this many polls in a row, this far apart.
IDLE_POLLS, IDLE_POLL_SECONDS = 3, 0.05


def child_pids(pid):
    """Return the ids of the child processes of ``pid`` (gunicorn's workers), from Linux's /proc."""
    children = Path(f"/proc/{pid}/task/{pid}/children")
    return [int(child) for child in children.read_text().split()] if children.exists() else []


def cpu_ticks(pids):
    """Return the CPU time (user + system, in clock ticks) used so far by the processes ``pids`` (Linux's /proc)."""
    total = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except (FileNotFoundError, ProcessLookupError):
            continue  # a worker that has just exited
        total += int(fields[11]) + int(fields[12])  # utime and stime: fields 14 and 15 of proc(5)
    return total


class NoRedirect(urllib.request.HTTPRedirectHandler):
    """Hand redirects back to the caller (as HTTPError) instead of following them."""

    def redirect_request(self, *args, **kwargs):
        return None


OPENER = urllib.request.build_opener(NoRedirect)


def fetch(url):
    """GET ``url`` as wrk does (proxy and Accept-Encoding headers); return (status, headers, body bytes)."""
    request = urllib.request.Request(url, headers={"Accept-Encoding": ACCEPT_ENCODING, **PROXY_HEADERS})
    try:
        with OPENER.open(request, timeout=60) as response:
            return response.status, response.headers, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read()


#: Response headers left out of the results: they change with every request or are long and beside the point.
UNRECORDED_HEADERS = {"date", "x-request-id", "content-security-policy"}


def recorded_headers(headers):
    """Return the response ``headers`` worth keeping with the figures (caching, compression, cookies), as a dict."""
    return {name: value for name, value in headers.items() if name.lower() not in UNRECORDED_HEADERS}


def progress_line(mode, row, connections):
    """Return one line of progress for ``row`` measured in ``mode``."""
    parts = [f"{mode:8} {row['name']:15} {row['lang']:7}"]
    for count in connections:
        page, static = row[mode]["page"][str(count)], row[mode]["static"][str(count)]
        share = ratio(page, static)
        parts.append(
            f"@{count}: {page['rps']:7.1f} req/s p99 {page['p99_ms']:7.1f} ms"
            f" (static {static['rps']:7.1f}{'' if share is None else f', {share:.1%}'})"
        )
    return " | ".join(parts)


def now():
    return datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds")


def say(message):
    print(message, flush=True)


def comma_list(value):
    return [item.strip() for item in value.split(",") if item.strip()]


def parse_args(argv):
    """Return the command-line options (``--help`` lists them)."""
    default_postgres = "postgres://{}@{}:{}/postgres".format(
        os.environ.get("PGUSER", "postgres"), os.environ.get("PGHOST", "127.0.0.1"), os.environ.get("PGPORT", "5432")
    )
    parser = argparse.ArgumentParser(
        prog="python -m tests.benchmarks.http",
        description="Measure every public page type under gunicorn with the production settings (docs/performance.md).",
    )
    parser.add_argument("--duration", type=int, default=2, help="seconds of each wrk measurement (default 2)")
    parser.add_argument("--connections", type=comma_list, default=["1", "32"], help="wrk connections (default 1,32)")
    parser.add_argument("--pages", type=comma_list, default=list(PAGE_TYPES), help="page types (default all)")
    parser.add_argument("--langs", type=comma_list, default=list(LANGUAGES), help="languages (default all)")
    parser.add_argument("--modes", type=comma_list, default=list(MODES), help="uncached,cached (default both)")
    parser.add_argument("--db", choices=("postgres", "sqlite"), default="postgres", help="the database made here")
    parser.add_argument("--db-url", help="an existing, migrated database with content to use instead (left as is)")
    parser.add_argument("--media-root", help="with --db-url: its media folder (default MEDIA_ROOT or ./media)")
    parser.add_argument("--postgres", default=default_postgres, help="PostgreSQL server to make the database on")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--workers", type=int, default=2, help="gunicorn sync workers (default 2, one per core)")
    parser.add_argument(
        "--max-requests", type=int, default=0, help="gunicorn --max-requests (default 0: workers are not recycled)"
    )
    parser.add_argument("--warmup", type=int, default=10, help="requests to each URL before measuring (default 10)")
    parser.add_argument("--output", default="bench-results.json", help="the JSON results (default bench-results.json)")
    parser.add_argument("--wrk", default=shutil.which("wrk"), help="the wrk program (default: wrk on PATH)")
    parser.add_argument(
        "--compare",
        action="append",
        default=[],
        metavar="PAGE=URL",
        help="also measure another site's page of that type, served by its own server (repeatable)",
    )
    args = parser.parse_args(argv)
    try:
        args.compare = [parse_compare(value) for value in args.compare]
    except ValueError as error:
        parser.error(str(error))
    try:
        args.connections = sorted({int(count) for count in args.connections})
    except ValueError:
        parser.error("--connections takes whole numbers, e.g. 1,32")
    if not args.connections or min(args.connections) < 1:
        parser.error("--connections must be at least 1")
    if args.duration < 1 or args.warmup < 1:
        parser.error("--duration and --warmup must be at least 1")
    unknown = sorted(set(args.modes) - set(MODES)) + sorted(set(args.langs) - set(LANGUAGES))
    if unknown:
        parser.error(f"unknown modes or languages: {', '.join(unknown)}")
    try:
        build_pages({}, args.pages, args.langs)
    except ValueError as error:
        parser.error(str(error))
    if not args.wrk:
        parser.error("wrk is not installed: `make bench` installs Debian's wrk as root, or: sudo apt-get install wrk")
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    bench = Bench(args)
    if bench.loadavg_start[0] > 0.5:
        say(f"Note: the machine is busy (load average {bench.loadavg_start[0]:.2f}): the figures are not comparable.")
    try:
        results = bench.execute()
    finally:
        bench.cleanup()
    Path(args.output).write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
    for mode in args.modes:
        say("")
        say(format_table(results["pages"], mode, args.connections))
    if results.get("compare"):
        say("")
        say(format_comparison(results["pages"], results["compare"], args.connections))
    say(f"\nResults written to {args.output}")


if __name__ == "__main__":
    main()
