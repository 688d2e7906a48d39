"""Text a database cannot store, refused before any view: NUL characters and lone surrogates.

PostgreSQL refuses both in any text it is given (SQLite and the file system refuse some); a request carrying one
would fail wherever its text first reaches a query. ``StorableTextMiddleware`` refuses such a request once, for
every view: a 400 page in the visitor's language, a JSON 400 under ``/api/``. Why and where: docs/operations.md,
"Bad input".
"""

import json
import re

from django.core.exceptions import BadRequest
from django.http import JsonResponse
from django.utils.translation import gettext as _

#: A character no database of the portal stores: NUL, or half of a UTF-16 surrogate pair.
UNSTORABLE_RE = re.compile("[\x00\ud800-\udfff]")
#: The request headers (``request.META`` keys) that carry what the client sent, besides the path and query string.
HEADER_PREFIXES = ("HTTP_", "CONTENT_")
#: Bodies whose text is checked: what ``request.POST`` reads, and JSON.
FORM_CONTENT_TYPES = {"application/x-www-form-urlencoded", "multipart/form-data"}
JSON_CONTENT_TYPE = "application/json"
#: Methods without a body worth reading.
BODILESS_METHODS = {"GET", "HEAD", "OPTIONS", "TRACE"}
#: How deep JSON held in a JSON string is decoded (a form field holding JSON, which holds JSON...).
JSON_DEPTH = 3


class UnstorableText(BadRequest):
    """A request with text a database cannot store: a 400 whose message (in the active language) is shown."""


def is_unstorable(text, depth=JSON_DEPTH):
    """Return True when ``text`` (a str) holds a NUL or a lone surrogate, also as a JSON escape in JSON text.

    A form field may hold JSON (the admin's rich text), where ``\\u0000`` is a NUL once decoded: text that contains
    ``\\u`` and parses as JSON is decoded and its strings and keys checked, down to ``depth`` levels.
    """
    if UNSTORABLE_RE.search(text):
        return True
    if depth <= 0 or "\\u" not in text or text.lstrip()[:1] not in ("{", "[", '"'):
        return False
    try:
        decoded = json.loads(text)
    except ValueError:
        return False
    return any(is_unstorable(string, depth - 1) for string in json_strings(decoded))


def json_strings(value):
    """Yield every str in ``value`` (decoded JSON): strings, and the keys and strings of nested objects and lists."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from json_strings(item)
    elif isinstance(value, list):
        for item in value:
            yield from json_strings(item)


def request_has_unstorable_text(request):
    """Return True when the path, query string, a header or a cookie of ``request`` holds a NUL or lone surrogate.

    Reads the raw query string (``%00`` is the only way to write a NUL there; bytes that are not UTF-8 become
    U+FFFD when decoded, never a surrogate) and the cookies only when their header has an escape (``"\\000"``).
    """
    if UNSTORABLE_RE.search(request.path_info):
        return True
    meta = request.META
    query = meta.get("QUERY_STRING", "")
    if "%00" in query or "\x00" in query:
        return True
    for key, value in meta.items():
        if key.startswith(HEADER_PREFIXES) and isinstance(value, str) and "\x00" in value:
            return True
    if "\\" in meta.get("HTTP_COOKIE", ""):
        return any(UNSTORABLE_RE.search(value) for value in request.COOKIES.values())
    return False


def body_has_unstorable_text(request):
    """Return True when the form fields, uploaded file names or JSON body of ``request`` hold unstorable text.

    Other bodies are not read. A body that cannot be read or parsed is left to the view (False).
    """
    content_type = request.content_type
    try:
        if content_type in FORM_CONTENT_TYPES:
            texts = [text for key, values in request.POST.lists() for text in (key, *values)]
            texts += [upload.name or "" for _key, uploads in request.FILES.lists() for upload in uploads]
            return any(is_unstorable(text) for text in texts)
        if content_type == JSON_CONTENT_TYPE:
            return any(is_unstorable(text) for text in json_strings(json.loads(request.body)))
    except (OSError, ValueError):
        return False
    return False


class StorableTextMiddleware:
    """Refuse a request holding a NUL or a lone surrogate (``is_unstorable``) with a 400, before any view reads it.

    The path, query string, headers and cookies are checked as the request arrives (place this before
    AuthenticationMiddleware, which reads the session named by the cookie, and after the language middleware,
    so the 400 page is in the visitor's language); the body in ``process_view``, once CsrfViewMiddleware has read
    the form (place this after it), and not for views exempt from CSRF, which may want their own upload handlers.
    Under ``/api/`` the answer is JSON (``{"message": ...}``), elsewhere ``handler400``'s page.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request_has_unstorable_text(request):
            return self.refuse(request)
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.method in BODILESS_METHODS or getattr(view_func, "csrf_exempt", False):
            return None
        if body_has_unstorable_text(request):
            return self.refuse(request)
        return None

    @staticmethod
    def refuse(request):
        """Answer ``request`` with a JSON 400 under ``/api/``; elsewhere raise UnstorableText (``handler400``)."""
        if request.path_info.startswith("/api/"):
            return JsonResponse({"message": "null characters and lone surrogates are not allowed"}, status=400)
        raise UnstorableText(_("The request contains a character the site cannot accept, such as a null character."))
