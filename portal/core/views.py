"""Views that are not Wagtail pages."""

import errno
import functools
import sys

from django.conf import settings
from django.core.exceptions import BadRequest
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.log import log_response
from django.views import defaults, static
from django.views.decorators.http import require_safe

from portal.core.furniture import furniture
from portal.edge.language import preferred_language, request_language
from portal.edge.text import UnstorableText
from portal.operations import unavailable


class BadQuery(BadRequest):
    """A query string the portal cannot answer, such as ``?date=2018-13-40``: a 400 page.

    Raise it with a message for the visitor, already translated into the active language (e.g.
    ``BadQuery(_("“%(value)s” is not a date.") % {...})``); ``bad_request`` shows it on the 400 page.
    """


def language_redirect(request):
    """Redirect ``/`` to the home page in the visitor's language (302, varies on Accept-Language)."""
    language = preferred_language(request.headers.get("Accept-Language", ""))
    response = redirect(f"/{language}/")
    patch_vary_headers(response, ["Accept-Language"])
    return response


def api_not_found(request):
    """Answer any other URL under ``/api/`` with a JSON 404, as the API's own endpoints do."""
    return JsonResponse({"message": "not found"}, status=404)


def error_page(view):
    """Wrap the error page ``view(request, exception)`` so that an error while it renders answers the 500 or 503
    page instead (``server_error``), logged once with that error's own traceback.

    Django would log the first exception (the 404's or 400's) as the cause of the 500, and lose the real one.
    """

    @functools.wraps(view)
    def wrapper(request, exception=None):
        try:
            response = view(request, exception)
            if hasattr(response, "render"):
                response.render()
        except Exception as error:
            response = unavailable.error_response(request, error, request_language(request))
            log_response(
                "%s: %s", response.reason_phrase, request.path, response=response, request=request, exception=error
            )
        return response

    return wrapper


@error_page
def page_not_found(request, exception):
    """The 404 page (``handler404``): Django's, rendering ``404.html`` (see ``error_page`` for its failures)."""
    return defaults.page_not_found(request, exception)


@error_page
def permission_denied(request, exception):
    """The 403 page (``handler403``): Django's, rendering ``403.html`` (see ``error_page`` for its failures)."""
    return defaults.permission_denied(request, exception)


@error_page
def bad_request(request, exception):
    """The 400 page (``handler400``), in the visitor's language with the site's header and footer.

    Django's own handler renders ``400.html`` without the request, so the page furniture could not
    find the visitor's language or menu. The message of a ``BadQuery`` or of the edge's ``UnstorableText`` is
    shown; that of any other exception (e.g. Django's SuspiciousOperation) is technical and is not. Only after a
    ``BadQuery`` (raised by a view, so the path is a page's) does the language switcher look for the page at the
    same path in the other language; otherwise the path may be what was refused, and it links to the home pages.
    """
    context = {"message": str(exception) if isinstance(exception, (BadQuery, UnstorableText)) else ""}
    if not isinstance(exception, BadQuery):
        context["language_urls"] = furniture(request).home_urls
    return TemplateResponse(request, "400.html", context, status=400)


def serve_media(request, path):
    """Development only (``SERVE_MEDIA``): Django's ``django.views.static.serve`` of ``path`` below MEDIA_ROOT.

    A name longer than the file system allows (``ENAMETOOLONG``) is a 404, as a missing file is; Django's view
    lets that OSError through (a 500).
    """
    try:
        return static.serve(request, path, document_root=settings.MEDIA_ROOT)
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        raise Http404("no such file") from error


def server_error(request):
    """The page for an uncaught error (``handler500``), in the visitor's language, read from no database or cache.

    A 503 with ``Retry-After`` when the error comes from an unreachable database, cache or object storage, else a
    500 (``portal.operations.unavailable.error_response``). Django logs the error once, with its traceback.
    """
    return unavailable.error_response(request, sys.exc_info()[1], request_language(request))


#: What crawlers may not fetch. The two admin sites are for staff only. The read-only API is
#: disallowed too: it is for programs (its JSON repeats what the public pages already show, and
#: search results should lead to those pages, not to JSON), and its ``?search=`` and filter URLs
#: are endless. Everything else, both languages, documents and media, may be crawled.
ROBOTS_DISALLOW = ["/admin/", "/django-admin/", "/api/"]


@require_safe
def robots_txt(request):
    """Answer ``/robots.txt``: a plain-text (UTF-8) robots exclusion file for every crawler.

    Allows the public site, disallows ``ROBOTS_DISALLOW`` and names the sitemap with an absolute URL
    on the host of the request (``Sitemap: https://host/sitemap.xml``, from the ``sitemap`` route).
    Takes no input but the request; GET and HEAD only (anything else is a 405).
    """
    lines = ["User-agent: *"]
    lines += [f"Disallow: {path}" for path in ROBOTS_DISALLOW]
    lines += ["Allow: /", "", f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
