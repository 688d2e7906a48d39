"""Test settings: fast password hashing, media in a temporary folder, in-memory e-mail.

Machine translation is always wagtail-localize's offline dummy translator, whatever DEEPL_API_KEY or
LIBRETRANSLATE_URL say: a test run never sends the content to a real service (or spends a
developer's quota). The tests of DeepL and LibreTranslate point them at a local fake server.
"""

import tempfile

from portal.translations.machine_translation import DUMMY_TRANSLATOR

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - the test settings only
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = DUMMY_TRANSLATOR
