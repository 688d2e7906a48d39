"""The pages of requests refused before a view: a method the URL does not take (405) and a failed CSRF check (403).

``csrf_failure`` replaces Django 5.2.19's ``django.views.csrf.csrf_failure`` (``CSRF_FAILURE_VIEW``) outside
DEBUG: the page in the visitor's language with the site's header and footer, not Django's English one. Guarded by
``tests/portal/test_upstream_overrides.py`` (docs/upstream-overrides.md, section 38).
"""

from django.conf import settings
from django.shortcuts import render
from django.views import csrf


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
