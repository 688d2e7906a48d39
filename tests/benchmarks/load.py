"""Load test (``make loadtest``): gunicorn with the production settings under 64 connections while an editor publishes.

Prepares its own PostgreSQL database with the seed content and the roles, collects the static files and starts
gunicorn with ``gunicorn.conf.py``'s defaults and the Redis page cache (the pieces of ``tests.benchmarks.http``), then:

1. **Steady phase**: ``--connections`` HTTP/1.1 keep-alive connections (asyncio, one process) request the public
   pages of every language (``tests.benchmarks.load_site discover``) for ``--duration`` seconds, while a member of
   "Editors" publishes the newest news item through the admin every ``--publish-every`` seconds, its date one day
   later each time (``load_site edit``). Every answer is recorded (time sent and answered, URL, status, the version
   it shows, ``<html lang>``) and checked: errors, stale pages, mixed languages (``check_steady``).
2. **Overload phase**: ``--overload-connections`` connections on uncached search pages for ``--overload-duration``
   seconds: every answer must be a page or a 503 with ``Retry-After``, within ``--overload-bound`` seconds, and
   none may time out (``check_overload``).

Prints a report, writes it as JSON (``--output``) and exits with status 1 when a rule is broken. Method and results:
docs/performance.md ("Load test"). The pure parts are tested in ``tests/benchmarks/test_load_check.py``.
"""

import argparse
import asyncio
import datetime
import json
import os
import random
import re
import secrets
import subprocess
import sys
import time
import urllib.parse
import zlib
from pathlib import Path

from portal.edge.language import html_lang, is_chinese
from tests.benchmarks.http import ACCEPT_ENCODING, LANGUAGES, PROXY_HEADERS, Bench, gunicorn_settings, now, say

#: What a stored page may lag behind a confirmed publication: the local tier's trust in scope tokens
#: (``PAGE_CACHE_LOCAL_TRUST``, 2 s), which bounds how long a process may miss an invalidation message.
DEFAULT_TOLERANCE = 2.0
CJK_RE = re.compile(r"[\u3400-\u9fff]")
HTML_LANG_RE = re.compile(rb"<html[^>]*\blang=\"([^\"]+)\"")
TITLE_RE = re.compile(rb"<title>(.*?)</title>", re.S)
TIME_RE = re.compile(rb"<time datetime=\"(\d{4}-\d{2}-\d{2})\"")
#: How far after a link to the news page its date is looked for in a listing (characters).
LISTING_WINDOW = 1500
#: Words of the overload phase's searches (with a number each: every search is new to the server), searched in
#: every language: the Chinese words in both Chinese languages, typed in both scripts (search folds them, ADR 0031).
ENGLISH_WORDS = ("city", "climate", "energy", "urban", "cooperation")
CHINESE_WORDS = ("城市", "气候", "氣候", "能源", "合作")


# ------------------------------------------------------------------------------------------------ the checks


def overload_searches(count):
    """Return ``count`` rounds of the overload phase's searches: each language's words, with the round's number."""
    return [
        {
            "path": f"/{lang}/search/?q={urllib.parse.quote(f'{word} {number}')}",
            "lang": lang,
            "kind": "search",
            "status": 200,
        }
        for number in range(count)
        for lang in LANGUAGES
        for word in (CHINESE_WORDS if is_chinese(lang) else ENGLISH_WORDS)
    ]


def date_version(text, base):
    """Return the version a date shows: days from ``base`` (a date) to ``text`` (``YYYY-MM-DD``); None for None."""
    if text is None:
        return None
    return (datetime.date.fromisoformat(text) - base).days


def shown_date(body, kind, news_path):
    """Return the date (``YYYY-MM-DD``) of the edited news page that ``body`` shows, or None when it shows none.

    ``kind``: ``news-page`` (the news page itself: its first ``<time>``), ``api-detail`` (its JSON ``date``), or
    a listing (the first ``<time>`` after the link to ``news_path``).
    """
    if kind == "api-detail":
        return json.loads(body).get("date")
    if kind == "news-page":
        match = TIME_RE.search(body)
        return match.group(1).decode() if match else None
    link = body.find(f'href="{news_path}"'.encode())
    if link < 0:
        return None
    match = TIME_RE.search(body, link, link + LISTING_WINDOW)
    return match.group(1).decode() if match else None


def language_problem(target, headers, body):
    """Return why the answer to ``target`` (a URL of ``discover``) is in the wrong language (a str), or None.

    HTML pages under a language prefix (``target["lang"]``: ``discover`` found the URL in that language):
    ``<html lang>`` is the language's tag (``html_lang``: ``zh-Hant-HK``...), ``Content-Language`` its code, and the
    ``<title>`` has Chinese characters on Chinese pages (``is_chinese``: either script) only. The API: the ``locale``
    of every item (``meta.locale``) is the one asked for (listing). Other answers are not checked.
    """
    path, lang, kind = target["path"], target["lang"], target["kind"]
    content_type = headers.get("content-type", "")
    if path.startswith(f"/{lang}/") and content_type.startswith("text/html"):
        match = HTML_LANG_RE.search(body)
        shown = match.group(1).decode() if match else None
        if shown != html_lang(lang):
            return f"<html lang> {shown} on a {lang} URL"
        if headers.get("content-language") != lang:
            return f"Content-Language {headers.get('content-language')} on a {lang} URL"
        title = TITLE_RE.search(body)
        chinese = bool(title and CJK_RE.search(title.group(1).decode(errors="replace")))
        if chinese != is_chinese(lang):
            return f"a {'Chinese' if chinese else 'non-Chinese'} title on a {lang} URL"
        return None
    if kind in ("api", "api-detail"):
        data = json.loads(body)
        wanted = re.search(r"locale=([\w-]+)", path)
        items = data.get("items", [data])
        locales = {item.get("meta", {}).get("locale") for item in items}
        if wanted and locales - {wanted.group(1)}:
            return f"items of {sorted(locales)} in a locale={wanted.group(1)} listing"
        return None
    return None


def required_version(publishes, moment, tolerance):
    """Return the newest version confirmed at least ``tolerance`` seconds before ``moment`` (0: the original)."""
    versions = [p["version"] for p in publishes if p["ok"] and p["confirmed"] + tolerance <= moment]
    return max(versions, default=0)


def percentile(values, share):
    """Return the ``share`` (0 to 1) percentile of ``values`` (nearest rank), or None when there are none."""
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def latency_summary(records):
    """Return ``{"count", "p50_ms", "p90_ms", "p99_ms", "max_ms"}`` of ``records``' latencies (answered - sent)."""
    latencies = [(r["answered"] - r["sent"]) * 1000 for r in records]
    summary = {"count": len(latencies)}
    for name, share in (("p50", 0.5), ("p90", 0.9), ("p99", 0.99), ("max", 1.0)):
        value = percentile(latencies, share)
        summary[f"{name}_ms"] = None if value is None else round(value, 1)
    return summary


def check_steady(records, publishes, tolerance, duration):
    """Return the steady phase's report: its rule breaches (lists of examples) and figures.

    ``records``: one dict per answer (``sent``, ``answered``, ``path``, ``kind``, ``status``, ``expected``,
    ``version`` or None, ``language`` problem or None, ``error`` or None); ``publishes``: the editor's lines.
    An **error** is a failed request or a status other than the expected one (200 or, for the deliberate 404 URL,
    404) and any failed publication; a **stale** page shows a version older than ``required_version`` at the time it
    was answered; a **mixed-language** page has a ``language`` problem.
    """
    errors = [r for r in records if r["error"] or r["status"] != r["expected"]]
    failed_publishes = [p for p in publishes if not p["ok"]]
    stale, newer = [], []
    last = max((p["version"] for p in publishes), default=0)
    for record in records:
        if record["version"] is None:
            continue
        if record["version"] < required_version(publishes, record["answered"], tolerance):
            stale.append(record)
        elif record["version"] > last:
            newer.append(record)
    mixed = [r for r in records if r["language"]]
    versioned = [r for r in records if r["version"] is not None]
    lags = [lag for lag in (staleness_lag(r, publishes) for r in versioned) if lag is not None]
    kinds = sorted({r["kind"] for r in records})
    return {
        "requests": len(records),
        "throughput_rps": round(len(records) / duration, 1) if duration else None,
        "latency": latency_summary([r for r in records if not r["error"]]),
        "by_kind": {kind: latency_summary([r for r in records if r["kind"] == kind]) for kind in kinds},
        "statuses": count_by(records, "status"),
        "publishes": len(publishes),
        "versioned_answers": len(versioned),
        "errors": len(errors) + len(failed_publishes),
        "stale": len(stale),
        "unknown_versions": len(newer),
        "mixed_language": len(mixed),
        "max_old_version_lag_s": round(max(lags), 3) if lags else None,
        "examples": {
            "errors": [brief(r) for r in errors[:5]] + failed_publishes[:5],
            "stale": [brief(r) for r in stale[:5]],
            "mixed_language": [brief(r) for r in mixed[:5]],
        },
        "tolerance_s": tolerance,
    }


def staleness_lag(record, publishes):
    """Return how long after the publication of the next version ``record`` still showed its own (seconds), or None
    when that version had not been confirmed by the time it was answered (not an old version)."""
    following = [p for p in publishes if p["ok"] and p["version"] == record["version"] + 1]
    if not following or following[0]["confirmed"] > record["answered"]:
        return None
    return record["answered"] - following[0]["confirmed"]


def check_overload(records, bound):
    """Return the overload phase's report: every answer a 2xx or a 503 with ``Retry-After``, within ``bound`` s, no
    failed request (connection error or timeout)."""
    failed = [r for r in records if r["error"]]
    shed = [r for r in records if r["status"] == 503]
    without_retry = [r for r in shed if not r["retry_after"]]
    other = [r for r in records if not r["error"] and r["status"] != 503 and not 200 <= r["status"] < 300]
    late = [r for r in records if r["answered"] - r["sent"] > bound]
    return {
        "requests": len(records),
        "statuses": count_by(records, "status"),
        "shed": len(shed),
        "served": len([r for r in records if 200 <= (r["status"] or 0) < 300]),
        "latency_served": latency_summary([r for r in records if 200 <= (r["status"] or 0) < 300]),
        "latency_shed": latency_summary(shed),
        "errors": len(failed) + len(other),
        "shed_without_retry_after": len(without_retry),
        "later_than_bound": len(late),
        "bound_s": bound,
        "examples": {"errors": [brief(r) for r in (failed + other)[:5]], "late": [brief(r) for r in late[:5]]},
    }


def breaches(steady, overload):
    """Return the rules the run broke, as sentences (empty when it passed)."""
    found = []
    for key, what in (("errors", "errors"), ("stale", "stale pages"), ("mixed_language", "mixed-language pages")):
        if steady[key]:
            found.append(f"steady phase: {steady[key]} {what}")
    if steady["unknown_versions"]:
        found.append(f"steady phase: {steady['unknown_versions']} answers showed a version never published")
    if not steady["versioned_answers"]:
        found.append("steady phase: no answer showed the edited news page's version")
    if overload is not None:
        for key, what in (
            ("errors", "failed requests or unexpected statuses"),
            ("shed_without_retry_after", "503s without Retry-After"),
            ("later_than_bound", f"answers later than {overload['bound_s']} s"),
        ):
            if overload[key]:
                found.append(f"overload phase: {overload[key]} {what}")
    return found


def count_by(records, key):
    counts = {}
    for record in records:
        counts[str(record[key])] = counts.get(str(record[key]), 0) + 1
    return dict(sorted(counts.items()))


def brief(record):
    """Return ``record`` without what makes it long, for the report's examples."""
    return {key: value for key, value in record.items() if key != "kind"}


# ------------------------------------------------------------------------------------------------ the client


class Answer:
    """One HTTP/1.1 answer: ``status``, ``headers`` (lower-case names), ``body`` (decoded from gzip)."""

    def __init__(self, status, headers, body):
        self.status, self.headers, self.body = status, headers, body


async def read_answer(reader):
    """Read one answer from ``reader`` (Content-Length or chunked); return an Answer. Raises EOFError on a closed
    connection before any byte of it."""
    line = await reader.readline()
    if not line:
        raise EOFError("connection closed")
    status = int(line.split()[1])
    headers = {}
    while (line := await reader.readline()) not in (b"\r\n", b"\n", b""):
        name, _, value = line.decode("latin-1").partition(":")
        headers[name.strip().lower()] = value.strip()
    if "content-length" in headers:
        body = await reader.readexactly(int(headers["content-length"]))
    elif headers.get("transfer-encoding", "").lower() == "chunked":
        parts = []
        while size := int((await reader.readline()).split(b";")[0], 16):
            parts.append(await reader.readexactly(size))
            await reader.readline()
        await reader.readline()
        body = b"".join(parts)
    else:
        body = await reader.read()
    if headers.get("content-encoding") == "gzip":
        body = zlib.decompress(body, 16 + zlib.MAX_WBITS)
    return Answer(status, headers, body)


class Connection:
    """One keep-alive connection to the server; reopened when the server closes it."""

    def __init__(self, host, port, timeout):
        self.host, self.port, self.timeout = host, port, timeout
        self.reader = self.writer = None
        self.reconnects = 0

    async def get(self, path):
        """GET ``path`` as a browser behind the HTTPS proxy; return an Answer. A request on a reused connection that
        the server closed before answering is sent once more on a new one (as browsers do for a GET)."""
        request = (
            f"GET {path} HTTP/1.1\r\nHost: {self.host}:{self.port}\r\nAccept-Encoding: {ACCEPT_ENCODING}\r\n"
            + "".join(f"{name}: {value}\r\n" for name, value in PROXY_HEADERS.items())
            + "\r\n"
        ).encode()
        for attempt in range(2):
            reused = self.writer is not None
            if not reused:
                self.reader, self.writer = await asyncio.wait_for(
                    asyncio.open_connection(self.host, self.port), self.timeout
                )
            try:
                self.writer.write(request)
                answer = await asyncio.wait_for(read_answer(self.reader), self.timeout)
            except (EOFError, ConnectionError, asyncio.IncompleteReadError):
                self.close()
                if not reused or attempt:
                    raise
                self.reconnects += 1
                continue
            if answer.headers.get("connection", "").lower() == "close":
                self.close()
            return answer
        raise AssertionError("unreachable")

    def close(self):
        if self.writer is not None:
            self.writer.close()
        self.reader = self.writer = None


def record_answer(target, news, base_date, sent, answer, error):
    """Return the record of one answer to ``target`` (a URL of ``discover``) with the checks done on it."""
    record = {
        "sent": sent,
        "answered": time.monotonic(),
        "path": target["path"],
        "kind": target["kind"],
        "expected": target["status"],
        "status": None if answer is None else answer.status,
        "error": error,
        "version": None,
        "language": None,
        "retry_after": None if answer is None else answer.headers.get("retry-after"),
    }
    if answer is None or answer.status != 200:
        return record
    lang = target["lang"]
    if target.get("versioned") and lang in news:
        record["version"] = date_version(shown_date(answer.body, target["kind"], news[lang]["path"]), base_date)
    try:
        record["language"] = language_problem(target, answer.headers, answer.body)
    except ValueError as problem:
        record["language"] = f"unreadable: {problem}"
    return record


async def visitor(connection, targets, deadline, news, base_date, records):
    """Request ``targets`` in a random order, again and again, until ``deadline`` (monotonic); record each answer."""
    order = list(targets)
    while time.monotonic() < deadline:
        random.shuffle(order)
        for target in order:
            if time.monotonic() >= deadline:
                break
            sent = time.monotonic()
            try:
                answer, error = await connection.get(target["path"]), None
            except (TimeoutError, OSError, EOFError, asyncio.IncompleteReadError) as failure:
                answer, error = None, f"{type(failure).__name__}: {failure}"
                connection.close()
            records.append(record_answer(target, news, base_date, sent, answer, error))


async def run_visitors(host, port, connections, targets, seconds, news, base_date, timeout):
    """Run ``connections`` visitors for ``seconds``; return ``(records, reconnects)``."""
    records, deadline = [], time.monotonic() + seconds
    pool = [Connection(host, port, timeout) for _ in range(connections)]
    await asyncio.gather(*(visitor(c, targets, deadline, news, base_date, records) for c in pool))
    for connection in pool:
        connection.close()
    return records, sum(connection.reconnects for connection in pool)


# ------------------------------------------------------------------------------------------------ the run


class LoadRun(Bench):
    """The load test's database, server and phases, on the benchmark's pieces."""

    def __init__(self, args):
        super().__init__(args)
        self.editor_password = secrets.token_urlsafe(24)
        #: Where gunicorn's own log (its errors, with the traceback of every 5xx) is kept after the run.
        self.server_log_copy = Path(args.output).with_suffix(".server.log")

    def environment(self, **extra):
        """The benchmark's environment with gunicorn.conf.py's own defaults for workers, threads and worker class."""
        env = super().environment(**extra)
        for name, value in (("WEB_CONCURRENCY", self.args.workers), ("GUNICORN_THREADS", self.args.threads)):
            if value:
                env[name] = str(value)
            else:
                env.pop(name, None)
        env["LOAD_EDITOR_PASSWORD"] = self.editor_password
        if self.args.worker_class:
            env["GUNICORN_WORKER_CLASS"] = self.args.worker_class
        return env

    def server_stdout(self, mode):
        """gunicorn's JSON log, kept in the work folder: ``keep_server_log`` takes its warnings and errors."""
        self.server_json_log = (self.work / f"gunicorn-{mode}.jsonl").open("w+b")
        return self.server_json_log

    def keep_server_log(self):
        """Write gunicorn's own log, then the WARNING and ERROR records of the portal's (tracebacks included; not the
        4xx answers), to ``server_log_copy``."""
        if getattr(self, "server_log", None) is None:
            return
        with open(self.server_log_copy, "w") as kept:
            kept.write(Path(self.server_log.name).read_text(errors="replace"))
            self.server_json_log.close()
            for line in Path(self.server_json_log.name).read_text(errors="replace").splitlines():
                try:
                    record = json.loads(line)
                except ValueError:
                    kept.write(line + "\n")
                    continue
                client_error = 400 <= (record.get("status_code") or 0) < 500  # the deliberate 404s among them
                if record.get("level") in ("WARNING", "ERROR", "CRITICAL") and not client_error:
                    kept.write(json.dumps(record, indent=1, ensure_ascii=False) + "\n")

    def site(self, *arguments):
        """Run ``tests.benchmarks.load_site`` with ``arguments`` in the server's environment."""
        return self.run([sys.executable, "-m", "tests.benchmarks.load_site", *arguments])

    def execute(self):
        args = self.args
        self.database_url = self.prepare_database_url()
        say(f"Work folder {self.work}; server {self.base_url}")
        self.load_content()
        say("Roles and the editor; collecting static files; finding the URLs")
        self.manage("setup_roles")
        self.site("editor-user")
        self.manage("collectstatic", "--noinput", "-v0")
        found = self.work / "site.json"
        self.site("discover", "--output", str(found))
        site = json.loads(found.read_text())
        news, targets = site["news"], site["urls"]
        edited = {news[lang]["path"] for lang in LANGUAGES if lang in news}
        for target in targets:
            target["versioned"] = target["kind"] in ("news-page", "news-index", "home", "api-detail") and (
                target["kind"] != "news-page" or target["path"] in edited
            )
        base_date = datetime.date.fromisoformat(news["date"])
        self.start_server("cached")
        try:
            self.warm_up([(t["path"], t["status"]) for t in targets])
            checked = self.check_targets(targets, news, base_date)
            steady = self.steady(targets, news, base_date)
            steady["versioned_urls"] = checked
            overload = self.overload(targets) if args.overload_duration else None
        finally:
            self.stop_server()
            self.keep_server_log()
        meta = self.describe(len(targets))
        meta["workers_recycled"] = self.server_log_copy.read_text(errors="replace").count("Autorestarting worker")
        return {"meta": meta, "steady": steady, "overload": overload}

    def check_targets(self, targets, news, base_date):
        """Keep ``versioned`` only on the URLs whose answer shows the edited page's date now; return their paths."""

        async def check():
            connection = Connection("127.0.0.1", self.port, self.args.timeout)
            for target in [t for t in targets if t["versioned"]]:
                answer = await connection.get(target["path"])
                if record_answer(target, news, base_date, time.monotonic(), answer, None)["version"] != 0:
                    say(f"Note: {target['path']} does not show the news page's date; its version is not checked")
                    target["versioned"] = False
            connection.close()

        asyncio.run(check())
        return [t["path"] for t in targets if t["versioned"]]

    def steady(self, targets, news, base_date):
        args = self.args
        say(
            f"Steady phase: {args.connections} connections for {args.duration} s over {len(targets)} URLs, "
            f"a publication every {args.publish_every} s"
        )
        publishes_file = self.work / "publishes.jsonl"
        until = time.monotonic() + args.duration
        editor = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "tests.benchmarks.load_site",
                "edit",
                "--server",
                self.host,
                "--page",
                str(news["en"]["id"]),
                "--date",
                news["date"],
                "--every",
                str(args.publish_every),
                "--until",
                str(until),
                "--output",
                str(publishes_file),
            ],
            cwd=Path(__file__).resolve().parents[2],
            env=self.environment(),
            stderr=subprocess.PIPE,
            text=True,
        )
        memory_before = workers_rss_mb(self.server.pid)
        started = time.monotonic()
        visitors = run_visitors(
            "127.0.0.1", self.port, args.connections, targets, until - started, news, base_date, args.timeout
        )
        records, reconnects = asyncio.run(visitors)
        elapsed = time.monotonic() - started
        _out, err = editor.communicate(timeout=120)
        if editor.returncode:
            raise RuntimeError(f"the editor failed:\n{err[-3000:]}")
        publishes = [json.loads(line) for line in publishes_file.read_text().splitlines()]
        report = check_steady(records, publishes, args.tolerance, elapsed)
        report["reconnects"] = reconnects
        report["worker_rss_mb"] = {"start": memory_before, "end": workers_rss_mb(self.server.pid)}
        if args.records:
            Path(args.records).write_text(json.dumps({"records": records, "publishes": publishes}))
        return report

    def overload(self, targets):
        args = self.args
        say(
            f"Overload phase: {args.overload_connections} connections on uncached search pages for "
            f"{args.overload_duration} s"
        )
        self.wait_until_idle()
        searches = overload_searches(50)
        records, _ = asyncio.run(
            run_visitors(
                "127.0.0.1",
                self.port,
                args.overload_connections,
                searches,
                args.overload_duration,
                {},
                None,
                args.timeout,
            )
        )
        return check_overload(records, args.overload_bound)

    def describe(self, url_count):
        args = self.args
        commit = subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True, check=False)
        return {
            "started": self.started,
            "finished": now(),
            "commit": commit.stdout.strip(),
            "cpus": os.cpu_count(),
            "loadavg_start": self.loadavg_start,
            "loadavg_end": os.getloadavg(),
            "urls": url_count,
            "gunicorn": gunicorn_settings(self.environment()),
            "options": {key: value for key, value in vars(args).items() if key not in ("postgres", "redis_url")},
        }


def workers_rss_mb(master_pid):
    """Return the resident memory of gunicorn's workers (children of ``master_pid``), in MB, sorted; [] if unknown."""
    try:
        children = Path(f"/proc/{master_pid}/task/{master_pid}/children").read_text().split()
    except OSError:
        return []
    sizes = []
    for child in children:
        try:
            status = Path(f"/proc/{child}/status").read_text()
        except OSError:
            continue
        kilobytes = next((int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")), None)
        if kilobytes is not None:
            sizes.append(round(kilobytes / 1024, 1))
    return sorted(sizes)


def format_report(report):
    """Return the human-readable report of a run."""
    steady, overload = report["steady"], report["overload"]
    lines = [
        f"Steady phase: {steady['requests']} requests, {steady['throughput_rps']} req/s; latency ms "
        f"p50 {steady['latency']['p50_ms']} p90 {steady['latency']['p90_ms']} p99 {steady['latency']['p99_ms']} "
        f"max {steady['latency']['max_ms']}; statuses {steady['statuses']}; reconnects {steady['reconnects']}",
        f"  workers' memory (RSS, MB) {steady['worker_rss_mb']['start']} at the start, "
        f"{steady['worker_rss_mb']['end']} at the end; workers recycled during the run: "
        f"{report['meta']['workers_recycled']}",
        f"  {steady['publishes']} publications; {steady['versioned_answers']} answers showed a version "
        f"(URLs: {len(steady['versioned_urls'])}); an old version was last seen "
        f"{steady['max_old_version_lag_s']} s after its successor was confirmed (tolerance {steady['tolerance_s']} s)",
        f"  errors {steady['errors']}, stale {steady['stale']}, mixed-language {steady['mixed_language']}",
    ]
    for kind, figures in steady["by_kind"].items():
        lines.append(f"    {kind:16} {figures['count']:7} requests  p50 {figures['p50_ms']} p99 {figures['p99_ms']} ms")
    if overload:
        lines += [
            f"Overload phase: {overload['requests']} requests; statuses {overload['statuses']}",
            f"  served: {overload['served']}, latency ms {overload['latency_served']}",
            f"  shed (503): {overload['shed']}, latency ms {overload['latency_shed']}",
            f"  errors {overload['errors']}, 503s without Retry-After {overload['shed_without_retry_after']}, "
            f"later than {overload['bound_s']} s: {overload['later_than_bound']}",
        ]
    found = breaches(steady, overload)
    lines.append("FAILED: " + "; ".join(found) if found else "PASSED: no error, stale or mixed-language page")
    return "\n".join(lines)


def parse_args(argv):
    default_postgres = "postgres://{}@{}:{}/postgres".format(
        os.environ.get("PGUSER", "postgres"), os.environ.get("PGHOST", "127.0.0.1"), os.environ.get("PGPORT", "5432")
    )
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.load", description=__doc__.split("\n")[0])
    parser.add_argument("--duration", type=float, default=60, help="seconds of the steady phase (default 60)")
    parser.add_argument("--connections", type=int, default=64, help="connections in the steady phase (default 64)")
    parser.add_argument("--publish-every", type=float, default=3, help="seconds between publications (default 3)")
    parser.add_argument("--tolerance", type=float, default=DEFAULT_TOLERANCE, help="seconds a page may lag (2)")
    parser.add_argument("--overload-connections", type=int, default=256, help="connections when overloaded (256)")
    parser.add_argument("--overload-duration", type=float, default=20, help="seconds of overload; 0: none (20)")
    parser.add_argument("--overload-bound", type=float, default=15, help="seconds any answer may take then (15)")
    parser.add_argument("--timeout", type=float, default=30, help="seconds before the client gives up (30)")
    parser.add_argument("--workers", type=int, default=0, help="gunicorn workers (default: gunicorn.conf.py's)")
    parser.add_argument("--threads", type=int, default=0, help="threads per worker (default: gunicorn.conf.py's)")
    parser.add_argument(
        "--worker-class",
        help="gunicorn worker class (default: gunicorn.conf.py's, the portal's threaded worker, which sheds; 'sync': "
        "gunicorn's own default)",
    )
    parser.add_argument("--postgres", default=default_postgres, help="PostgreSQL server to make the database on")
    parser.add_argument("--redis-url", default=os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/0"))
    parser.add_argument("--output", default="load-results.json", help="the JSON report (default load-results.json)")
    parser.add_argument("--records", help="also write every answer and publication to this JSON file")
    args = parser.parse_args(argv)
    # What tests.benchmarks.http.Bench reads: its own database, production's worker recycling (gunicorn.conf.py's).
    args.db, args.db_url, args.media_root, args.warmup = "postgres", None, None, 2
    args.max_requests = None
    return args


def main(argv=None):
    args = parse_args(sys.argv[1:] if argv is None else argv)
    run = LoadRun(args)
    if run.loadavg_start[0] > 1:
        say(f"Note: the machine is busy (load average {run.loadavg_start[0]:.2f}).")
    try:
        report = run.execute()
    finally:
        run.cleanup()
    Path(args.output).write_text(json.dumps(report, indent=2, ensure_ascii=False) + "\n")
    say(format_report(report))
    say(f"Report written to {args.output}; the server's log (errors with tracebacks) to {run.server_log_copy}")
    sys.exit(1 if breaches(report["steady"], report["overload"]) else 0)


if __name__ == "__main__":
    main()
