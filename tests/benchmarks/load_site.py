"""The Django side of ``make loadtest`` (``tests.benchmarks.load``), run with the server's settings and environment.

``discover``: writes the URLs the visitors request (every public page type in every language) and the news page the
editor changes, as JSON. ``editor``: signs in to the running server's admin as a member of "Editors" and, every few
seconds, publishes the news page with its date one day later (``date``, a synchronised field: the Simplified page is
republished with it at once, docs/editors-and-translators.md, and the Traditional page converted from it), through
the admin's edit form as a browser posts it (``tests.admin_forms``); one JSON line per publication (``version``,
``sent``, ``confirmed``: ``time.monotonic()``, which every process of the machine shares).
"""

import argparse
import datetime
import http.client
import json
import os
import sys
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

#: The Editors member the run creates (its password comes from the environment of the run, never stored).
EDITOR_USERNAME = "load-editor"


def discover():
    """Return ``{"urls": [{"path", "lang", "kind", "status"}], "news": {...}}`` for the run's database.

    ``kind``: the page type; ``lang``: the language the URL was found in, whose prefix (``prefix_language``) it has,
    "-" for the sitemap; ``news`` names the edited news page: its ids and paths in each language that has it, and its
    date. The search pages look for ``tests.benchmarks.http.SEARCH_WORDS``.
    """
    from wagtail.models import Locale

    from events import calendar
    from events.models import EventPage
    from news.models import NewsPage
    from portal.edge.language import prefix_language
    from tests.benchmarks.http import LANGUAGES, NO_LANGUAGE, SEARCH_WORDS
    from tests.benchmarks.probe import discover as facts_of

    urls = [{"path": "/sitemap.xml", "lang": NO_LANGUAGE, "kind": "sitemap", "status": 200}]
    news = {}
    for lang in LANGUAGES:
        facts = facts_of(lang)

        def add(kind, path, status=200, lang=lang):
            if not path.startswith("/api/") and prefix_language(path) != lang:
                raise RuntimeError(f"{path} was found in {lang} but is not below its prefix")
            urls.append({"path": path, "lang": lang, "kind": kind, "status": status})

        for kind in ("home", "component", "country", "cities"):
            add(kind, facts[kind])
        index = facts["news_index"]
        add("news-index", index)
        add("news-index", f"{index}?page=2")
        add("news-archive", f"{index}{facts['news_year']}/")
        add("rss", f"{index}feed/")
        newest = NewsPage.objects.live().public().filter(locale__language_code=lang).order_by("-date", "-pk")
        for page in newest[:4]:
            add("news-page", page.url)
        events = facts["events_index"]
        add("events-index", events)
        add("events-calendar", facts["calendar"])
        latest = EventPage.objects.live().public().filter(locale__language_code=lang).order_by("-start", "-pk")
        first_day = latest[0].first_day
        add("events-calendar", events + latest[0].get_parent().specific.calendar_suffix(calendar.WEEK, first_day))
        add("events-calendar", events + latest[0].get_parent().specific.calendar_suffix(calendar.LIST, first_day))
        add("ics", f"{events}calendar.ics")
        for page in latest[:3]:
            add("event-page", page.url)
        add("search", f"/{lang}/search/?q={urllib.parse.quote(SEARCH_WORDS[lang])}")
        add("api", f"/api/v2/pages/?type=news.NewsPage&locale={lang}")
        add("404", f"/{lang}/load-no-such-page/", 404)
        if lang == "en":
            english = newest[0]
    # The edited page: the newest English news item, and its translations (the Traditional one derived).
    for lang in LANGUAGES:
        page = english.get_translation_or_none(Locale.objects.get(language_code=lang))
        if page is not None:
            news[lang] = {"id": page.pk, "path": page.url}
            urls.append({"path": f"/api/v2/pages/{page.pk}/", "lang": lang, "kind": "api-detail", "status": 200})
    news["date"] = english.date.isoformat()
    return {"urls": urls, "news": news}


class AdminClient:
    """A browser's side of the admin over HTTP/1.1: cookies, the CSRF token, the HTTPS proxy's header."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.cookies = {}
        self.connection = None

    def request(self, method, path, form=None):
        """Send ``method`` for ``path`` (``form``: a dict of lists, urlencoded); return ``(status, headers, body)``."""
        body = urllib.parse.urlencode(form, doseq=True) if form is not None else None
        origin = f"https://{self.host}:{self.port}"
        headers = {"Host": f"{self.host}:{self.port}", "X-Forwarded-Proto": "https", "Referer": origin + path}
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded", "Origin": origin})
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        for attempt in range(2):
            if self.connection is None:
                self.connection = http.client.HTTPConnection(self.host, self.port, timeout=60)
            try:
                self.connection.request(method, path, body=body, headers=headers)
                response = self.connection.getresponse()
                data = response.read()
                break
            except (ConnectionError, http.client.HTTPException):
                self.connection.close()
                self.connection = None
                if attempt:
                    raise
        for value in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(value).items():
                self.cookies[name] = morsel.value
        if response.headers.get("Connection", "").lower() == "close":
            self.connection.close()
            self.connection = None
        return response.status, response.headers, data

    def log_in(self, username, password):
        """Sign in through ``/admin/login/``; raise RuntimeError when the admin does not accept it."""
        from bs4 import BeautifulSoup

        _status, _headers, body = self.request("GET", "/admin/login/")
        token = BeautifulSoup(body, "html.parser").select_one("input[name=csrfmiddlewaretoken]")["value"]
        form = {"csrfmiddlewaretoken": token, "username": username, "password": password, "next": "/admin/"}
        status, _headers, _body = self.request("POST", "/admin/login/", form)
        if status != 302 or "sessionid" not in self.cookies:
            raise RuntimeError(f"the admin refused {username}'s sign-in ({status})")


class Page:
    """What ``tests.admin_forms.edit_form_data`` reads of a response."""

    def __init__(self, content):
        self.content = content


def publish(client, page_id, day):
    """Publish news page ``page_id`` with its date set to ``day`` through its edit form; raise when refused."""
    from news.models import NewsPage
    from tests.admin_forms import edit_form_data

    url = f"/admin/pages/{page_id}/edit/"
    status, _headers, body = client.request("GET", url)
    if status != 200:
        raise RuntimeError(f"the edit form answered {status}")
    data = edit_form_data(Page(body), NewsPage)
    data["date"] = day.isoformat()
    data["action-publish"] = "action-publish"
    status, headers, _body = client.request("POST", url, data)
    if status != 302:
        raise RuntimeError(f"publishing answered {status}, not a redirect (a form error?)")
    return headers["Location"]


def edit(args):
    """Publish every ``args.every`` seconds until ``args.until`` (monotonic); one JSON line per publication."""
    host, port = args.server.split(":")
    client = AdminClient(host, int(port))
    client.log_in(EDITOR_USERNAME, os.environ["LOAD_EDITOR_PASSWORD"])
    base = datetime.date.fromisoformat(args.date)
    version = 0
    with Path(args.output).open("w") as output:
        while time.monotonic() + args.every < args.until:
            time.sleep(args.every)
            version += 1
            sent = time.monotonic()
            try:
                publish(client, args.page, base + datetime.timedelta(days=version))
                record = {"version": version, "sent": sent, "confirmed": time.monotonic(), "ok": True}
            except Exception as error:  # recorded, and the checker counts it as an error
                record = {"version": version, "sent": sent, "confirmed": time.monotonic(), "ok": False}
                record["error"] = f"{type(error).__name__}: {error}"
            output.write(json.dumps(record) + "\n")
            output.flush()


def create_editor(password):
    """Create (or reset) ``EDITOR_USERNAME``, a member of "Editors" only, with ``password``."""
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group

    user, _created = get_user_model().objects.update_or_create(
        username=EDITOR_USERNAME, defaults={"email": "load-editor@example.org", "is_staff": False}
    )
    user.set_password(password)
    user.save()
    user.groups.set([Group.objects.get(name="Editors")])


def main(argv=None):
    parser = argparse.ArgumentParser(prog="python -m tests.benchmarks.load_site", description=__doc__.split("\n")[0])
    commands = parser.add_subparsers(dest="command", required=True)
    found = commands.add_parser("discover", help="write the URLs and the edited news page as JSON")
    found.add_argument("--output", required=True)
    commands.add_parser("editor-user", help="create the Editors member (password: LOAD_EDITOR_PASSWORD)")
    editor = commands.add_parser("edit", help="publish the news page every few seconds")
    editor.add_argument("--server", required=True, help="host:port of the running server")
    editor.add_argument("--page", type=int, required=True, help="the English news page's id")
    editor.add_argument("--date", required=True, help="its date at the start (YYYY-MM-DD)")
    editor.add_argument("--every", type=float, required=True, help="seconds between publications")
    editor.add_argument("--until", type=float, required=True, help="time.monotonic() to stop by")
    editor.add_argument("--output", required=True, help="the JSON lines to write")
    args = parser.parse_args(sys.argv[1:] if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.production")
    import django

    django.setup()
    if args.command == "discover":
        Path(args.output).write_text(json.dumps(discover(), ensure_ascii=False, indent=2))
    elif args.command == "editor-user":
        create_editor(os.environ["LOAD_EDITOR_PASSWORD"])
    else:
        edit(args)


if __name__ == "__main__":
    main()
