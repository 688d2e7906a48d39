"""Settings shared by every environment; what differs between machines comes from environment variables.

Every variable, its meaning and default: docs/operations.md, "Environment variables" (keep ``.env.example`` in step).
"""

import os
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from wagtail.embeds.oembed_providers import vimeo, youtube

from portal.caching.frontend import frontend_cache_setting
from portal.operations.request_logging import logging_config
from portal.operations.security_headers import content_security_policy
from portal.translations.machine_translation import machine_translator_setting, with_translation_memory

BASE_DIR = Path(__file__).resolve().parent.parent.parent


def env_list(name, default=""):
    """Return the comma-separated environment variable ``name`` as a list of stripped strings."""
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


def env_bool(name, default):
    """Return the environment variable ``name`` as a bool (``1``/``true``/``yes``/``on``), else ``default``."""
    value = os.environ.get(name)
    if value is None or not value.strip():
        return default
    return value.strip().lower() in {"1", "true", "yes", "on"}


def _env_number(name, default, minimum, convert, kind):
    """Return the environment variable ``name`` read by ``convert`` (int or float), ``default`` when unset or empty.

    Raises ImproperlyConfigured when ``convert`` refuses it (``kind`` names what was expected) or it is below
    ``minimum`` (nan included).
    """
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = convert(raw)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be {kind}, not {raw!r}.") from None
    if not value >= minimum:
        raise ImproperlyConfigured(f"{name} must be at least {minimum}, not {raw}.")
    return value


def env_float(name, default, minimum=0.0):
    """Return the environment variable ``name`` as a number (``0.25``); see ``_env_number``."""
    return _env_number(name, default, minimum, float, "a number")


def env_int(name, default, minimum=0):
    """Return the environment variable ``name`` as an integer; see ``_env_number``."""
    return _env_number(name, default, minimum, int, "a whole number")


SECRET_KEY = os.environ.get("SECRET_KEY", "")
DEBUG = False
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1")

INSTALLED_APPS = [
    "home",
    "components",
    "news",
    "events",
    "portal.core",
    "portal.search",
    "portal.maps",
    "portal.api",
    "portal.operations",
    "portal.edge",
    "portal.chinese",
    "portal.caching",
    "portal.translations",
    "portal.content",
    "portal.images",
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.frontend_cache",
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
    "axes",
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
    # /healthz and /readyz for load balancers, before everything else: whatever the Host header (no
    # ALLOWED_HOSTS check), never redirected to HTTPS, no session, locale, CSRF or request log line.
    "portal.operations.health.HealthCheckMiddleware",
    # One log line per request (timed around everything below) and its X-Request-ID.
    "portal.operations.request_logging.RequestLogMiddleware",
    # Near the top, as Django recommends: its HTTPS redirect (production) comes before any other work; it also sets
    # the Referrer-Policy, X-Content-Type-Options and Cross-Origin-Opener-Policy headers (below).
    "django.middleware.security.SecurityMiddleware",
    # Before anything else that can answer (CommonMiddleware's redirects), so CORS headers are on every /api/ response.
    "corsheaders.middleware.CorsMiddleware",
    # 304 answers to If-None-Match / If-Modified-Since, for stored pages and fresh ones alike.
    "django.middleware.http.ConditionalGetMiddleware",
    # Whole pages for anonymous visitors, and Cache-Control on every page (portal/caching/, docs/performance.md);
    # before GZipMiddleware, so compressed bodies are stored, and before anything that reads the session.
    "portal.caching.middleware.PageCacheMiddleware",
    # The Content-Security-Policy on every response the portal renders, redirects and error pages included
    # (operations/security_headers). Below the page cache, so a stored page keeps its header and a hit skips this work;
    # above it answer only the health checks, static files, CORS preflights and the HTTPS redirect, none with a body.
    "portal.operations.security_headers.ContentSecurityPolicyMiddleware",
    # Below the page cache: a page shown without an image the object storage could not give is never stored.
    "portal.operations.storage.DegradedPageMiddleware",
    # gzip for clients that accept it (Django adds random padding against BREACH-style length attacks).
    "django.middleware.gzip.GZipMiddleware",
    # A 503 for a request that waited too long for a worker thread (portal/edge/shedding.py, ADR 0024): below the page
    # cache, which answers a stored page as cheaply as this would refuse it; above the session and every database read.
    "portal.edge.shedding.LoadSheddingMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "portal.core.middleware.PrefixOnlyLocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # A 400 for text no database stores (NUL, lone surrogates; portal/edge/text.py): the path, query string, headers
    # and cookies once the language is known and before the session is read; form bodies after CSRF has read them.
    "portal.edge.text.StorableTextMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The admin in each user's own language from the start of the request (Wagtail's refusals included).
    "portal.core.middleware.AdminLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # A method the URL does not take is a 405 (JSON under /api/, else a page in the visitor's language), OPTIONS on a
    # public URL a 200 with Allow (portal/edge/methods.py). Here every header above reaches its page, and it answers
    # before any view: CSRF's check runs after every middleware's __call__ (docs/architecture.md, "The request path").
    "portal.edge.methods.MethodsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    # Last, as django-axes requires: it turns a locked-out sign-in into the lockout page.
    "axes.middleware.AxesMiddleware",
]

# A failed CSRF check (a form posted with a stale token) is the portal's 403 page in the visitor's language.
CSRF_FAILURE_VIEW = "portal.edge.views.csrf_failure"

# django-axes refuses sign-ins while locked out; ModelBackend checks the password (and serves force_login).
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
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
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # SQLite reads the file through memory mapping and keeps up to 64 MB of pages per connection (its default
    # is 2 MB): a common word makes the site search read thousands of index rows (docs/search.md, "At scale").
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault(
        "init_command", "PRAGMA mmap_size = 268435456; PRAGMA cache_size = -65536"
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Languages: English is the source language, Simplified Chinese is made through wagtail-localize, and
# Traditional Chinese is derived from the Simplified translation by OpenCC (docs/decisions/0031).
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("en", "English"),
    ("zh-hans", "简体中文"),
    ("zh-hant", "繁體中文"),
]
WAGTAIL_I18N_ENABLED = True
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
LOCALE_PATHS = [BASE_DIR / "locale"]
# Submitting a live page for translation makes a draft translation, never a live one (see portal/translations/rules.py).
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
# Upload limits (bytes, pixels); Wagtail refuses larger files with its own translated messages.
WAGTAILIMAGES_MAX_UPLOAD_SIZE = env_int("IMAGE_MAX_UPLOAD_SIZE", 10 * 1024 * 1024, minimum=1)
WAGTAILIMAGES_MAX_IMAGE_PIXELS = env_int("IMAGE_MAX_PIXELS", 40_000_000, minimum=1)
WAGTAILDOCS_MAX_UPLOAD_SIZE = env_int("DOCUMENT_MAX_UPLOAD_SIZE", 25 * 1024 * 1024, minimum=1)
# The document form of the admin: the limit in a translated help text, one error for a refused file.
WAGTAILDOCS_DOCUMENT_FORM_BASE = "portal.operations.upload_limits.DocumentForm"
WAGTAILDOCS_EXTENSIONS = ["csv", "docx", "key", "odt", "pdf", "pptx", "rtf", "txt", "xlsx", "zip"]
# The portal's image model (portal/images/): Wagtail's fields plus a credit and a licence.
WAGTAILIMAGES_IMAGE_MODEL = "portal_images.CustomImage"
WAGTAILEMBEDS_RESPONSIVE_HTML = True
# The embed block accepts the providers whose players the Content-Security-Policy allows (frame-src,
# portal/operations/security_headers.py); for any other URL the editor is told that it cannot be embedded.
WAGTAILEMBEDS_FINDERS = [{"class": "wagtail.embeds.finders.oembed", "providers": [youtube, vimeo]}]
# The translation memory, then DeepL or LibreTranslate when DEEPL_API_KEY or LIBRETRANSLATE_URL is set.
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = with_translation_memory(machine_translator_setting(os.environ))
WAGTAIL_ALLOW_UNICODE_SLUGS = False
DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000

# The page cache for anonymous visitors (portal/caching/): on unless PAGE_CACHE=0; stored pages live PAGE_CACHE_TIMEOUT
# seconds at most (content changes invalidate them sooner), in the "default" cache (Redis in production, this
# process's memory otherwise). Browsers and shared caches (a CDN) may keep a page for the *_MAX_AGE seconds.
PAGE_CACHE = env_bool("PAGE_CACHE", True)
PAGE_CACHE_ALIAS = "default"
# Part of every stored page's and shared value's key, with the static files' manifest hash: a release that sets a
# new RELEASE_ID (the commit, say) starts with none stored, even when its static files did not change.
PAGE_CACHE_RELEASE = os.environ.get("RELEASE_ID", "")
# The local tier (portal/caching/local.py; only with the page cache in Redis): the most bytes of stored pages each
# process keeps, and the seconds it trusts scope tokens read from Redis without asking again.
PAGE_CACHE_LOCAL_MAX_BYTES = env_int("PAGE_CACHE_LOCAL_MAX_BYTES", 32 * 1024 * 1024)
PAGE_CACHE_LOCAL_TRUST = env_int("PAGE_CACHE_LOCAL_TRUST", 2)
PAGE_CACHE_TIMEOUT = env_int("PAGE_CACHE_TIMEOUT", 24 * 3600, minimum=1)
PAGE_CACHE_BROWSER_MAX_AGE = env_int("PAGE_CACHE_BROWSER_MAX_AGE", 0)
PAGE_CACHE_SHARED_MAX_AGE = env_int("PAGE_CACHE_SHARED_MAX_AGE", 60)
PAGE_CACHE_STALE_WHILE_REVALIDATE = env_int("PAGE_CACHE_STALE_WHILE_REVALIDATE", 300)
PAGE_CACHE_EXCLUDED_PATHS = ("/admin/", "/django-admin/", "/documents/", "/healthz", "/readyz")
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "OPTIONS": {"MAX_ENTRIES": env_int("LOCAL_CACHE_MAX_ENTRIES", 5000, minimum=1)},
    }
}

# When the database, cache or object storage cannot be reached, pages that need it are a 503 page asking clients to
# come back after this many seconds (portal/operations/unavailable.py).
SERVICE_UNAVAILABLE_RETRY_AFTER = env_int("SERVICE_UNAVAILABLE_RETRY_AFTER", 30, minimum=1)
# Under overload, a request that waited more than this many seconds for a thread of the app server is a 503 with
# Retry-After instead (portal/edge/shedding.py; only under the portal's gunicorn worker, gunicorn.conf.py); 0: never.
LOAD_SHED_QUEUE_SECONDS = env_float("LOAD_SHED_QUEUE_SECONDS", 5.0)

# CDN / caching proxy invalidation on publish (portal/caching/frontend.py): FRONTEND_CACHE_PURGE_URL,
# CLOUDFLARE_ZONE_ID + CLOUDFLARE_API_TOKEN, CLOUDFRONT_DISTRIBUTION_ID; none by default.
WAGTAILFRONTENDCACHE = frontend_cache_setting(os.environ)

# The read-only API (portal/api/serializers.py) at /api/v2/: pages, images, documents.
WAGTAILAPI_LIMIT_MAX = 50
# Browser scripts on these origins may read /api/ (and nothing else); none by default.
CORS_ALLOWED_ORIGINS = env_list("API_CORS_ALLOWED_ORIGINS")
CORS_URLS_REGEX = r"^/api/"
CORS_ALLOW_METHODS = ("GET", "HEAD", "OPTIONS")
CORS_ALLOW_CREDENTIALS = False

# Admin login throttling (django-axes, database handler: attempts are kept in AccessAttempt and
# successful sign-ins in AccessLog, both listed in the Django admin). A username is locked out from
# one address only, so an attacker elsewhere cannot lock an editor out.
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5, minimum=1)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15, minimum=1))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "portal.operations.login_throttling.lockout_response"
# django-ipware (which would read AXES_IPWARE_*) is not installed: operations.login_throttling reads X-Forwarded-For.
AXES_CLIENT_IP_CALLABLE = "portal.operations.login_throttling.client_ip_address"
AXES_IPWARE_PROXY_COUNT = env_int("AXES_PROXY_COUNT", 0)

# Console logging (operations/request_logging.py): LOG_FORMAT "text" (plain messages on stderr, the default) or "json"
# (one JSON object per line on stdout, with a line per request); LOG_LEVEL is the root level.
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "text"), os.environ.get("LOG_LEVEL", "WARNING"))

# Security headers, the same in every environment (HSTS, the HTTPS redirect and secure cookies are in production).
# The policy and its reasons are in operations/security_headers.py; production adds the origin its media is served from.
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
