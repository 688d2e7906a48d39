"""Locale middleware without Django's redirect of unprefixed paths."""

from django.middleware.locale import LocaleMiddleware
from django.utils import translation
from django.utils.cache import patch_vary_headers


class PrefixOnlyLocaleMiddleware(LocaleMiddleware):
    """Activate the language from the URL prefix, as Django's LocaleMiddleware does, but never redirect.

    Django redirects a 404 without a language prefix to the same path under the visitor's
    language when that path resolves. Wagtail's catch-all page route resolves any path, so
    ``/xx/`` would become a redirect to ``/en/xx/``; here it stays a plain 404, rendered in the
    language of the visitor's Accept-Language header. ``/`` itself is redirected by
    ``portal.views.language_redirect``.
    """

    def process_response(self, request, response):
        if not translation.get_language_from_path(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response
