"""Settings shared by every environment.

Everything that differs between machines comes from environment variables:

- ``SECRET_KEY``: Django's signing key (required in production).
- ``ALLOWED_HOSTS``: comma-separated host names.
- ``DATABASE_URL``: a database URL parsed by dj-database-url, e.g.
  ``postgres://postgres@127.0.0.1:5432/portal``; defaults to the SQLite file ``db.sqlite3``.
- ``WAGTAILADMIN_BASE_URL``: the public base URL, used in admin notifications and links.
- ``API_CORS_ALLOWED_ORIGINS``: comma-separated origins (scheme, host and port, e.g.
  ``https://app.example.org,http://localhost:3000``) whose browser scripts may read the read-only
  API under ``/api/`` (django-cors-headers; ``CORS_URLS_REGEX`` limits it to ``/api/``). Empty by
  default: no other origin may. Only GET, HEAD and OPTIONS are allowed, never with credentials.
- ``CSP_MEDIA_ORIGINS``: comma-separated origins or URL prefixes (``https://media.example.org``) uploaded
  images are also loaded from, added to the Content-Security-Policy's ``img-src`` (``portal/security.py``).

Machine translation (the "Machine translate" button of wagtail-localize's translation editor), read
by ``portal.machine_translation.machine_translator_setting``:

- ``DEEPL_API_KEY``: translate with DeepL. Keys ending in ``:fx`` use DeepL's free API endpoint,
  other keys the paid one. ``DEEPL_API_URL`` (optional) replaces the endpoint with another server's
  base URL, e.g. a local test server.
- ``LIBRETRANSLATE_URL``: translate with the LibreTranslate server at this base URL;
  ``LIBRETRANSLATE_API_KEY`` (optional) is its API key. Chinese is sent as ``zh-Hans`` (current
  LibreTranslate); ``LIBRETRANSLATE_LANGUAGE_CODES=zh-hans=zh`` suits servers with older models.

DeepL wins when both are set. With neither, there is no machine translator here and in production
(the button is not shown); the dev and test settings use wagtail-localize's offline dummy translator.
"""

import os
from pathlib import Path

import dj_database_url
from django.utils.translation import gettext_lazy as _
from wagtail.embeds.oembed_providers import vimeo, youtube

from portal.machine_translation import machine_translator_setting
from portal.security import content_security_policy

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """Return the comma-separated environment variable ``name`` as a list of stripped strings."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "portal",
    "home",
    "components",
    "news",
    "events",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.routable_page",
    "wagtail.contrib.search_promotions",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.table_block",
    "wagtail.api.v2",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "rest_framework",
    "corsheaders",
    "csp",
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
]

MIDDLEWARE = [
    # First, as Django recommends: its HTTPS redirect (production) comes before any other work; it also sets the
    # Referrer-Policy, X-Content-Type-Options and Cross-Origin-Opener-Policy headers (below).
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy on every response, redirects and error pages included (portal/security.py).
    "portal.security.ContentSecurityPolicyMiddleware",
    # Before anything else that can answer (CommonMiddleware's redirects), so CORS headers are on every /api/ response.
    "corsheaders.middleware.CorsMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.middleware.PrefixOnlyLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "portal" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"

DATABASES = {
    "default": dj_database_url.config(
        default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}",
        conn_max_age=int(os.environ.get("DATABASE_CONN_MAX_AGE", "0")),
    )
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the source language, Simplified Chinese is made through wagtail-localize.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Submitting a live page for translation makes a draft translation, never a live one (see portal/translation.py).
WAGTAILLOCALIZE_SYNC_LIVE_STATUS_ON_TRANSLATE = False
USE_I18N = True
TIME_ZONE = "UTC"
USE_TZ = True
FORMAT_MODULE_PATH = ["portal.formats"]

STATICFILES_FINDERS = [
    "django.contrib.staticfiles.finders.FileSystemFinder",
    "django.contrib.staticfiles.finders.AppDirectoriesFinder",
]
STATICFILES_DIRS = [BASE_DIR / "portal" / "static"]
STATIC_ROOT = BASE_DIR / "static_collected"
STATIC_URL = "/static/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", BASE_DIR / "media"))
MEDIA_URL = "/media/"

STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

WAGTAIL_SITE_NAME = _("IUC Asia")
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://127.0.0.1:8000")
# Wagtail's database backend with CJK bigrams and English stemming on SQLite and PostgreSQL alike (portal/search/).
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "portal.search.backend"}}
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
WAGTAILIMAGES_IMAGE_MODEL = "wagtailimages.Image"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The embed block accepts the providers whose players the Content-Security-Policy allows (frame-src,
# portal/security.py); for any other URL the editor is told that it cannot be embedded.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
# None (no "Machine translate" button) unless DEEPL_API_KEY or LIBRETRANSLATE_URL is set.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = machine_translator_setting(os.environ)
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The read-only API (portal/api.py) at /api/v2/: pages, images, documents.
WAGTAILAPI_LIMIT_MAX = 50
# Browser scripts on these origins may read /api/ (and nothing else); none by default.
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
    # Django's own loggers reach the console through the root logger, once.
    "loggers": {"django": {"handlers": [], "level": "INFO", "propagate": True}},
}

# Security headers, the same in every environment (HSTS, the HTTPS redirect and secure cookies are in production).
# The policy and its reasons are in portal/security.py; production adds the origin its media is served from.
CONTENT_SECURITY_POLICY = content_security_policy()
# No page may be framed, except the admin's previews, which Wagtail marks SAMEORIGIN (frame-ancestors follows).
X_FRAME_OPTIONS = "DENY"
# Other sites get the origin only, never the path or query; not Django's "same-origin", which sends them
# nothing: embedded players (YouTube) refuse to play without the embedding site's origin.
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
# The admin would otherwise load avatars from gravatar.com (sending a hash of each user's e-mail address) and
# fetch releases.wagtail.org: requests to other origins the policy refuses. Upgrades follow requirements.txt.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAIL_ENABLE_UPDATE_CHECK = False
