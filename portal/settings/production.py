"""Production settings: configured only by environment variables; a missing required one stops the start.

The variables, services and release steps: docs/operations.md ("Environment variables", "Deploying"), .env.example.
"""

import os
from pathlib import Path
from urllib.parse import urlsplit

import dj_database_url
from botocore.config import Config
from django.core.exceptions import ImproperlyConfigured

from portal.operations.request_logging import logging_config
from portal.operations.security_headers import content_security_policy

from .base import *


def env_required(name):
    """Return the environment variable ``name``; raise ImproperlyConfigured when it is unset or empty."""
    value = os.environ.get(name, "").strip()
    if not value:
        raise ImproperlyConfigured(f"Set the {name} environment variable (see README, 'Deploying').")
    return value


DEBUG = False
SECRET_KEY = env_required("SECRET_KEY")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS")
if not ALLOWED_HOSTS:
    raise ImproperlyConfigured("Set the ALLOWED_HOSTS environment variable (see README, 'Deploying').")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# PostgreSQL through psycopg 3, with persistent connections that Django checks before reuse.
_database = dj_database_url.parse(
    env_required("DATABASE_URL"),
    conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 60),
    conn_health_checks=True,
)
if _database["ENGINE"] != "django.db.backends.postgresql":
    raise ImproperlyConfigured("DATABASE_URL must be a PostgreSQL URL (postgres://...) in production.")
# A database that stops answering fails a request (and /readyz) after a few seconds, not never.
_database.setdefault("OPTIONS", {}).setdefault("connect_timeout", env_int("DATABASE_CONNECT_TIMEOUT", 5))
# A statement running longer than DATABASE_STATEMENT_TIMEOUT seconds is cancelled by PostgreSQL: the request ends as a
# 503 page (OperationalError) instead of holding its worker thread; 0: no limit (ADR 0024).
_statement_timeout_ms = round(env_float("DATABASE_STATEMENT_TIMEOUT", 30.0) * 1000)
if _statement_timeout_ms:
    _options = _database["OPTIONS"].get("options", "")  # from the URL's ?options= or currentSchema, kept
    _database["OPTIONS"]["options"] = f"{_options} -c statement_timeout={_statement_timeout_ms}".strip()
DATABASES = {"default": _database}

# The cache and the sessions in Redis (Django's own backend on redis-py). Short socket timeouts: a
# Redis that stops answering makes requests fail fast (and /readyz report it) instead of hanging. The cache
# steps aside while Redis is unreachable (pages are rendered uncached, ADR 0023); sessions do not: signing in
# then answers a 503 page.
_redis_options = {"socket_connect_timeout": 2, "socket_timeout": 2}
CACHES = {
    "default": {
        "BACKEND": "portal.caching.backends.DegradingRedisCache",
        "LOCATION": env_required("REDIS_URL"),
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal"),
        "OPTIONS": _redis_options,
    },
    "sessions": {
        "BACKEND": "portal.caching.backends.RedisCache",
        "LOCATION": os.environ.get("SESSION_REDIS_URL") or os.environ["REDIS_URL"],
        "KEY_PREFIX": os.environ.get("CACHE_KEY_PREFIX", "portal") + "-sessions",
        "TIMEOUT": None,  # a session ends at its own expiry date (SESSION_COOKIE_AGE), not the cache's default
        "OPTIONS": _redis_options,
    },
}
SESSION_ENGINE = "django.contrib.sessions.backends.cache"
SESSION_CACHE_ALIAS = "sessions"

# Media on S3-compatible object storage (django-storages' S3Storage reads the AWS_* settings).
AWS_STORAGE_BUCKET_NAME = os.environ.get("AWS_STORAGE_BUCKET_NAME", "")
_media_origins = []
if AWS_STORAGE_BUCKET_NAME:
    AWS_S3_REGION_NAME = os.environ.get("AWS_S3_REGION_NAME") or None
    AWS_S3_ENDPOINT_URL = os.environ.get("AWS_S3_ENDPOINT_URL") or None
    AWS_S3_CUSTOM_DOMAIN = os.environ.get("AWS_S3_CUSTOM_DOMAIN") or None
    AWS_S3_ADDRESSING_STYLE = os.environ.get("AWS_S3_ADDRESSING_STYLE") or None
    AWS_LOCATION = os.environ.get("AWS_LOCATION", "")
    AWS_QUERYSTRING_AUTH = env_bool("AWS_QUERYSTRING_AUTH", False)
    # Uploads never overwrite each other: a second "photo.jpg" gets a suffix (Wagtail's recommendation).
    AWS_S3_FILE_OVERWRITE = False
    AWS_DEFAULT_ACL = None  # the bucket's policy decides who may read
    AWS_S3_OBJECT_PARAMETERS = {"CacheControl": os.environ.get("AWS_S3_CACHE_CONTROL", "public, max-age=86400")}
    # Short timeouts and few retries: an unreachable bucket fails fast (botocore waits 60 s, retrying).
    AWS_S3_CLIENT_CONFIG = Config(connect_timeout=5, read_timeout=30, retries={"max_attempts": 3, "mode": "standard"})
    # django-storages' S3Storage, reading an unreachable bucket as a missing file (portal/operations/storage.py).
    STORAGES["default"] = {"BACKEND": "portal.operations.storage.S3Storage"}
    # Where media URLs point, for the Content-Security-Policy's img-src.
    if AWS_S3_CUSTOM_DOMAIN:
        _media_origins.append(f"https://{AWS_S3_CUSTOM_DOMAIN}")
    elif AWS_S3_ENDPOINT_URL:
        _parts = urlsplit(AWS_S3_ENDPOINT_URL)
        _host = f"{AWS_STORAGE_BUCKET_NAME}.{_parts.netloc}" if AWS_S3_ADDRESSING_STYLE == "virtual" else _parts.netloc
        _media_origins.append(f"{_parts.scheme}://{_host}")
    else:
        _media_origins.append("https://*.amazonaws.com")  # bucket.s3[.region].amazonaws.com or s3.region.amazonaws.com

    # Documents are streamed by Wagtail's document view, which applies collection privacy, rather than
    # redirected to the bucket.
    WAGTAILDOCS_SERVE_METHOD = "serve_view"

# The Content-Security-Policy of base (operations/security_headers.py) plus the media origin and CSP_MEDIA_ORIGINS.
CONTENT_SECURITY_POLICY = content_security_policy(media_origins=_media_origins)

# Static files: hashed, compressed names served by WhiteNoise straight after SecurityMiddleware.
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT") or BASE_DIR / "static_collected")
STATIC_URL = os.environ.get("STATIC_URL", "/static/")
STORAGES["staticfiles"] = {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"}
MIDDLEWARE = list(MIDDLEWARE)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.middleware.security.SecurityMiddleware") + 1, "whitenoise.middleware.WhiteNoiseMiddleware"
)

# HTTPS only. The load balancer or proxy terminates TLS and sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 31_536_000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", True)
SECURE_HSTS_PRELOAD = env_bool("SECURE_HSTS_PRELOAD", True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True

# JSON log lines on stdout unless LOG_FORMAT says otherwise (base defaults to plain text for development).
LOGGING = logging_config(os.environ.get("LOG_FORMAT", "json"), os.environ.get("LOG_LEVEL", "WARNING"))

# E-mail (Wagtail's moderation and password-reset messages).
EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = os.environ.get("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = os.environ.get("EMAIL_HOST_USER", "")
EMAIL_HOST_PASSWORD = os.environ.get("EMAIL_HOST_PASSWORD", "")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "webmaster@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
