"""The answers given without a view's page: a method the URL does not take (405), a failed CSRF check (403), and the
500 and 503 answers (``server_error_response``: an uncaught error, a lost service, a shed request).

``csrf_failure`` replaces Django 5.2.19's ``django.views.csrf.csrf_failure`` (``CSRF_FAILURE_VIEW``) outside
DEBUG: the page in the visitor's language with the site's header and footer, not Django's English one. Guarded by
``tests/portal/test_upstream_overrides.py`` (docs/upstream-overrides.md, section 38).
"""

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.utils import translation
from django.utils.translation import gettext, gettext_noop
from django.views import csrf

#: The heading of the 500 and 503 pages, which is also the ``message`` of their JSON under ``/api/``.
SERVER_ERROR_HEADINGS = {500: gettext_noop("Server error"), 503: gettext_noop("Temporarily unavailable")}


def method_not_allowed(request, allowed):
    """Return the 405 page (``405.html``, rendered) in the active language, with ``Allow: <allowed>``.

    ``allowed``: the methods the URL takes, upper-case names in the order the header lists them.
    """
    response = render(request, "405.html", status=405)
    response["Allow"] = ", ".join(allowed)
    return response


def csrf_failure(request, reason=""):
    """``CSRF_FAILURE_VIEW``: the 403 page (``403.html``) in the active language, saying to reload and try again.

    ``reason`` (Django's, such as "CSRF token missing.") is not shown: Django has logged it on
    ``django.security.csrf``. With DEBUG on, Django's own page, which explains the reason to a developer.
    """
    if settings.DEBUG:
        return csrf.csrf_failure(request, reason=reason)
    return render(request, "403.html", {"csrf_failure": True}, status=403)


def server_error_response(request, status, language):
    """Return the 500 or 503 (``status``) answering ``request``, in ``language``, reading no database or cache.

    Under ``/api/`` JSON ``{"message": <the page's heading>}``, as the API's own errors; elsewhere the page
    ``500.html`` or ``503.html``, rendered without the request (no context processor runs). ``Cache-Control:
    no-store``, ``Content-Language`` and ``Content-Length``; a 503 has ``Retry-After: SERVICE_UNAVAILABLE_RETRY_AFTER``
    (seconds). Used by ``handler500`` (through ``portal.operations.unavailable``) and by load shedding, which answers
    above the middleware that would set the length.
    """
    with translation.override(language):
        if request.path_info.startswith("/api/"):
            response = JsonResponse({"message": gettext(SERVER_ERROR_HEADINGS[status])}, status=status)
        else:
            response = HttpResponse(loader.render_to_string(f"{status}.html"), status=status)
    response["Content-Length"] = str(len(response.content))
    response["Content-Language"] = language
    response["Cache-Control"] = "no-store"
    if status == 503:
        response["Retry-After"] = str(settings.SERVICE_UNAVAILABLE_RETRY_AFTER)
    return response
