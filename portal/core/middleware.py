"""Replaces ``django.middleware.locale.LocaleMiddleware.process_request`` and
``django.middleware.locale.LocaleMiddleware.process_response`` (Django 5.2.19).

The language comes from the URL prefix (exactly ``/en/`` or ``/zh-hans/``: ``portal.edge.language.prefix_language``),
else from the portal's Accept-Language rule, and a 404 is never
redirected to a prefixed path: Django's versions would pick the language from the cookie and the
``LANGUAGE_CODE`` too, and redirect any unprefixed 404 that Wagtail's catch-all page route "resolves".
Guarded by ``tests/portal/test_upstream_overrides.py`` (docs/upstream-overrides.md).

``AdminLanguageMiddleware`` (not a replacement) switches the Wagtail admin to its user's language before the view,
because Wagtail 7.4.4's ``wagtail.admin.auth.require_admin_access`` writes its refusal outside that language.
"""

from django.middleware.locale import LocaleMiddleware
from django.urls import reverse
from django.utils import translation
from django.utils.cache import patch_vary_headers

from portal.edge.language import prefix_language, request_language


class PrefixOnlyLocaleMiddleware(LocaleMiddleware):
    """Activate the language of the URL prefix (``/en/``, ``/zh-hans/``), and never redirect.

    Outside a language prefix (``/xx/``, ``/admin/``...), the language is the one
    ``portal.edge.language.preferred_language`` picks from Accept-Language, the same rule that redirects
    ``/``, so a ``zh-TW`` visitor who is sent to English also gets English 404 pages. (The Wagtail
    admin then switches to each editor's own preference.)

    Django's LocaleMiddleware would also redirect a 404 without a prefix to the same path under the
    visitor's language when that path resolves; Wagtail's catch-all page route resolves any path, so
    ``/xx/`` would become a redirect to ``/en/xx/``. Here it stays a plain 404.
    """

    def process_request(self, request):
        translation.activate(request_language(request))
        request.LANGUAGE_CODE = translation.get_language()

    def process_response(self, request, response):
        if not prefix_language(request.path_info):
            patch_vary_headers(response, ("Accept-Language",))
        response.headers.setdefault("Content-Language", translation.get_language())
        return response


class AdminLanguageMiddleware:
    """In the Wagtail admin, activate the signed-in user's admin language (``UserProfile``) before the view runs.

    Wagtail switches to it only around the view itself (``wagtail.admin.localization.get_localized_response``),
    so what it writes outside (the refusal "Sorry, you do not have permission to access this area.") would
    be in the browser's language. Placed after AuthenticationMiddleware.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.admin_prefix = None

    def __call__(self, request):
        if self.admin_prefix is None:
            self.admin_prefix = reverse("wagtailadmin_home")
        user = getattr(request, "user", None)
        if (
            request.path_info.startswith(self.admin_prefix)
            and user is not None
            and user.is_authenticated
            and hasattr(user, "wagtail_userprofile")
        ):
            translation.activate(user.wagtail_userprofile.get_preferred_language())
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
