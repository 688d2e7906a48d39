"""The HTTP methods each URL family takes, answered before any view runs (docs/public-site.md, "Methods").

Relies on Wagtail 7.4.4's URL modules ``wagtail.urls`` and ``wagtail.documents.urls``: of their routes, the ones
named in ``VISITOR_FORMS`` are the only public URLs whose views take a visitor's POST. Guarded by
``tests/portal/test_upstream_overrides.py`` (docs/upstream-overrides.md, section 38).
"""

from django.http import HttpResponse, JsonResponse
from django.urls import Resolver404, resolve
from rest_framework.exceptions import MethodNotAllowed

from portal.edge.views import method_not_allowed

#: What every public URL takes. HEAD is GET without the body; OPTIONS is answered here.
READ = ("GET", "HEAD", "OPTIONS")
#: The names of Wagtail's routes (inside the language prefixes, and ``/documents/``) where a visitor posts a
#: form: a restricted page's or document collection's password, the sign-in of pages restricted to logged-in users.
VISITOR_FORMS = frozenset(
    {"wagtailcore_authenticate_with_password", "wagtailcore_login", "wagtaildocs_authenticate_with_password"}
)
READ_AND_FORM = (*READ, "POST")
#: The two admin sites: their views take these (Wagtail's PUT, PATCH and DELETE included); CSRF guards the writes.
ADMIN_PREFIXES = ("/admin/", "/django-admin/")
ADMIN = (*READ, "POST", "PUT", "PATCH", "DELETE")
#: The read-only JSON API (DRF answers its own OPTIONS).
API_PREFIX = "/api/"


def takes_visitor_form(request):
    """Whether the public URL of ``request`` is one of Wagtail's ``VISITOR_FORMS`` (resolved in the active language)."""
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return False
    return match.url_name in VISITOR_FORMS


ADMIN_FAMILY, API_FAMILY, PUBLIC_FAMILY = "admin", "api", "public"


def route_family(request):
    """Return ``(family, allowed)`` for the URL of ``request``: ``ADMIN_FAMILY``, ``API_FAMILY`` or ``PUBLIC_FAMILY``,
    and the methods it takes (``ADMIN``, ``READ`` or ``READ_AND_FORM``, upper-case names). Health endpoints never get
    here (``portal.operations.health`` answers them first)."""
    path = request.path_info
    if path.startswith(ADMIN_PREFIXES):
        return ADMIN_FAMILY, ADMIN
    if path.startswith(API_PREFIX):
        return API_FAMILY, READ
    return PUBLIC_FAMILY, READ_AND_FORM if takes_visitor_form(request) else READ


def options_response(allowed):
    """The answer to OPTIONS on a public URL: 200, ``Allow``, no body."""
    response = HttpResponse()
    response["Allow"] = ", ".join(allowed)
    response["Content-Length"] = "0"
    del response["Content-Type"]
    return response


def api_method_not_allowed(request, allowed):
    """A JSON 405 with ``Allow``, the body DRF's own views give (``{"detail": ...}``, in the active language)."""
    response = JsonResponse({"detail": str(MethodNotAllowed(request.method).detail)}, status=405)
    response["Allow"] = ", ".join(allowed)
    return response


class MethodsMiddleware:
    """Answer a method the URL does not take with a 405 and ``Allow``, and OPTIONS on public URLs, before any view.

    Input: any request. GET and HEAD go on at once (every URL takes them). Otherwise, by ``route_family``: OPTIONS
    on a public URL is ``options_response``; a method the URL takes goes on (CSRF then guards the admin's writes
    and the visitor forms; the admin's views and DRF answer their own OPTIONS); anything else (TRACE, CONNECT, an
    invented method, a write on a public URL or the API) is a 405: JSON under ``/api/``, else the 405 page in the
    active language (``portal.edge.views.method_not_allowed``). Where it sits in MIDDLEWARE and why:
    docs/architecture.md, "The request path".
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        method = request.method
        if method == "GET" or method == "HEAD":
            return self.get_response(request)
        family, allowed = route_family(request)
        if method == "OPTIONS" and family == PUBLIC_FAMILY:
            return options_response(allowed)
        if method in allowed:
            return self.get_response(request)
        if family == API_FAMILY:
            return api_method_not_allowed(request, allowed)
        return method_not_allowed(request, allowed)
