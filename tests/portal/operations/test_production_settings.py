"""The production settings, read from the environment in a separate process (no service is contacted).

The production suite (tests/production/, ``make test-production``) runs them against real services;
these tests check what each environment variable does and that ``check --deploy`` is clean.
"""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings

BASE_ENV = {
    "DJANGO_SETTINGS_MODULE": "portal.settings.production",
    "SECRET_KEY": "a-production-like-secret-key-that-is-long-and-random-0123456789abcdefghij",
    "ALLOWED_HOSTS": "iuc.example.org,www.iuc.example.org",
    "DATABASE_URL": "postgres://portal:secret@db.internal:5432/portal",
    "REDIS_URL": "redis://cache.internal:6379/0",
}

PRINT_SETTINGS = """
import json
from django.conf import settings as s
database = s.DATABASES["default"]
aws = ["AWS_STORAGE_BUCKET_NAME", "AWS_S3_REGION_NAME", "AWS_S3_ENDPOINT_URL", "AWS_S3_CUSTOM_DOMAIN"]
aws += ["AWS_QUERYSTRING_AUTH", "AWS_S3_FILE_OVERWRITE"]
print(json.dumps({
    "DEBUG": s.DEBUG,
    "ALLOWED_HOSTS": s.ALLOWED_HOSTS,
    "DATABASE": {k: database[k] for k in ("ENGINE", "NAME", "HOST", "CONN_MAX_AGE", "CONN_HEALTH_CHECKS")},
    "CACHES": {alias: [c["BACKEND"], c["LOCATION"]] for alias, c in s.CACHES.items()},
    "SESSION": [s.SESSION_ENGINE, s.SESSION_CACHE_ALIAS],
    "STORAGES": {alias: storage["BACKEND"] for alias, storage in s.STORAGES.items()},
    "AWS": {name: getattr(s, name, None) for name in aws},
    "MIDDLEWARE": s.MIDDLEWARE,
    "SECURE_SSL_REDIRECT": s.SECURE_SSL_REDIRECT,
    "SECURE_HSTS_SECONDS": s.SECURE_HSTS_SECONDS,
    "COOKIES": [s.SESSION_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY, s.CSRF_COOKIE_SECURE, s.CSRF_COOKIE_HTTPONLY],
    "WAGTAILFRONTENDCACHE": s.WAGTAILFRONTENDCACHE,
    "WAGTAILDOCS_SERVE_METHOD": getattr(s, "WAGTAILDOCS_SERVE_METHOD", None),
    "CSP_IMG_SRC": s.CONTENT_SECURITY_POLICY["DIRECTIVES"]["img-src"],
    "LOG_FORMATTER": s.LOGGING["handlers"]["console"].get("formatter"),
}))
"""


def run_python(code, env_overrides=(), drop=()):
    """Run ``code`` in a new Python process under the production settings; return the CompletedProcess."""
    # Not the test run's own AWS_*, FRONTEND_CACHE_* or DJANGO_ALLOW_ASYNC_UNSAFE (set for the browser tests).
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("AWS_", "FRONTEND_CACHE", "DJANGO_ALLOW_ASYNC_UNSAFE"))
    }
    env.update(BASE_ENV)
    env.update(dict(env_overrides))
    for name in drop:
        env.pop(name, None)
    return subprocess.run(
        [sys.executable, "-c", "import django; django.setup()\n" + code],
        cwd=settings.BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_settings(**env_overrides):
    result = run_python(PRINT_SETTINGS, env_overrides)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_database_cache_and_sessions_come_from_the_environment():
    values = production_settings()
    assert values["DEBUG"] is False
    assert values["ALLOWED_HOSTS"] == ["iuc.example.org", "www.iuc.example.org"]
    assert values["DATABASE"] == {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": "portal",
        "HOST": "db.internal",
        "CONN_MAX_AGE": 60,
        "CONN_HEALTH_CHECKS": True,
    }
    assert values["CACHES"] == {  # the cache steps aside while Redis is unreachable; sessions do not
        "default": ["portal.caching.backends.DegradingRedisCache", "redis://cache.internal:6379/0"],
        "sessions": ["portal.caching.backends.RedisCache", "redis://cache.internal:6379/0"],
    }
    assert values["SESSION"] == ["django.contrib.sessions.backends.cache", "sessions"]
    assert values["STORAGES"]["staticfiles"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    middleware = values["MIDDLEWARE"]
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") == (
        middleware.index("django.middleware.security.SecurityMiddleware") + 1
    )
    assert values["SECURE_SSL_REDIRECT"] is True and values["SECURE_HSTS_SECONDS"] == 31_536_000
    assert values["COOKIES"] == [True, True, True, True]
    assert values["LOG_FORMATTER"] == "json"  # JSON lines unless LOG_FORMAT says otherwise
    assert production_settings(LOG_FORMAT="text")["LOG_FORMATTER"] == "text"


def test_connection_age_and_a_separate_session_redis():
    values = production_settings(DATABASE_CONN_MAX_AGE="300", SESSION_REDIS_URL="redis://sessions.internal:6379/1")
    assert values["DATABASE"]["CONN_MAX_AGE"] == 300
    assert values["CACHES"]["sessions"][1] == "redis://sessions.internal:6379/1"


def test_media_on_s3_compatible_storage():
    values = production_settings(
        AWS_STORAGE_BUCKET_NAME="iuc-media",
        AWS_S3_REGION_NAME="eu-central-1",
        AWS_S3_ENDPOINT_URL="https://s3.eu-central-1.example.net",
        AWS_S3_CUSTOM_DOMAIN="media.iuc.example.org",
    )
    assert values["STORAGES"]["default"] == "portal.operations.storage.S3Storage"
    assert values["AWS"] == {
        "AWS_STORAGE_BUCKET_NAME": "iuc-media",
        "AWS_S3_REGION_NAME": "eu-central-1",
        "AWS_S3_ENDPOINT_URL": "https://s3.eu-central-1.example.net",
        "AWS_S3_CUSTOM_DOMAIN": "media.iuc.example.org",
        "AWS_QUERYSTRING_AUTH": False,
        "AWS_S3_FILE_OVERWRITE": False,
    }
    assert values["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    # Images may load from the custom domain the media URLs use (Content-Security-Policy img-src).
    assert "https://media.iuc.example.org" in values["CSP_IMG_SRC"]


@pytest.mark.parametrize(
    ("style", "origin"),
    [("path", "https://s3.example.net"), ("virtual", "https://iuc-media.s3.example.net")],
)
def test_the_media_endpoint_joins_the_content_security_policy(style, origin):
    values = production_settings(
        AWS_STORAGE_BUCKET_NAME="iuc-media", AWS_S3_ENDPOINT_URL="https://s3.example.net", AWS_S3_ADDRESSING_STYLE=style
    )
    assert origin in values["CSP_IMG_SRC"]


def test_media_on_the_local_disk_without_a_bucket():
    values = production_settings()
    assert values["STORAGES"]["default"] == "django.core.files.storage.FileSystemStorage"


def test_the_frontend_cache_from_the_environment():
    values = production_settings(FRONTEND_CACHE_PURGE_URL="http://varnish.internal:6081")
    assert values["WAGTAILFRONTENDCACHE"]["http"]["LOCATION"] == "http://varnish.internal:6081"


@pytest.mark.parametrize("missing", ["SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"])
def test_a_missing_required_variable_stops_the_start_with_its_name(missing):
    result = run_python("", drop=[missing])
    assert result.returncode != 0
    assert f"Set the {missing} environment variable" in result.stderr


def test_a_database_other_than_postgresql_is_refused():
    result = run_python("", {"DATABASE_URL": "sqlite:////tmp/portal.sqlite3"})
    assert result.returncode != 0
    assert "DATABASE_URL must be a PostgreSQL URL" in result.stderr


def test_check_deploy_reports_no_warnings():
    result = run_python(
        "from django.core.management import call_command\ncall_command('check', '--deploy', '--fail-level', 'WARNING')",
        {"AWS_STORAGE_BUCKET_NAME": "iuc-media"},
    )
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


#: ``os.environ.get("NAME"``, ``environ["NAME"]``, ``env_int("NAME"``... in the settings' sources.
ENV_READ = re.compile(
    r"(?:environ\.get|environ\[|env_list|env_int|env_float|env_bool|env_required|_get\(environ,|_ENV =)"
    r'\(?\s*"([A-Z][A-Z0-9_]+)"'
)
#: Read only by the development settings.
DEVELOPMENT_ONLY = {"DEBUG"}


def test_env_example_lists_every_variable_the_production_settings_read():
    base = Path(settings.BASE_DIR)
    sources = [*(base / "portal" / "settings").glob("*.py"), base / "gunicorn.conf.py"]
    sources += [
        base / "portal" / "caching" / "frontend.py",
        base / "portal" / "operations" / "request_logging.py",
        base / "portal" / "operations" / "security_headers.py",
        base / "portal" / "translations" / "machine_translation.py",
    ]
    read = {name for source in sources for name in ENV_READ.findall(source.read_text())} - DEVELOPMENT_ONLY
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL", "AWS_S3_ENDPOINT_URL", "AXES_FAILURE_LIMIT"} <= read
    assert {"DEEPL_API_URL", "LIBRETRANSLATE_LANGUAGE_CODES", "CSP_MEDIA_ORIGINS"} <= read
    example = (base / ".env.example").read_text()
    listed = set(re.findall(r"^#? ?([A-Z][A-Z0-9_]+)=", example, flags=re.M))
    assert read - listed == set()
