"""Development settings (``manage.py``): debug on unless ``DEBUG=0``, a fixed insecure key unless SECRET_KEY is set.

Without DeepL or LibreTranslate configured, the translation memory falls back to wagtail-localize's dummy translator.
"""

import os

from portal.translations.machine_translation import (
    DUMMY_TRANSLATOR,
    machine_translator_setting,
    with_translation_memory,
)

from .base import *

# `make run` sets DEBUG=0 so a newcomer sees the visitor's 404 and 400 pages; DEBUG=1 for tracebacks.
DEBUG = os.environ.get("DEBUG", "1") == "1"
SERVE_MEDIA = True  # runserver serves uploaded media (images) even with DEBUG off
SECRET_KEY = os.environ.get("SECRET_KEY") or "dev-only-insecure-key-change-me"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
EMAIL_BACKEND = "django.core.mail.backends.console.EmailBackend"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = with_translation_memory(
    machine_translator_setting(os.environ, fallback=DUMMY_TRANSLATOR)
)
