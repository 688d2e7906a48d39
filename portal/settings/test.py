"""Test settings: fast password hashing, media in a temporary folder, in-memory e-mail.

Machine translation is always the translation memory, then the offline dummy translator, whatever the environment
says: no test calls a service.
"""

import tempfile

from portal.translations.machine_translation import DUMMY_TRANSLATOR, with_translation_memory

from .base import *

DEBUG = False
SECRET_KEY = "test-only-key"  # noqa: S105 - the test settings only
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MEDIA_ROOT = tempfile.mkdtemp(prefix="portal-test-media-")
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
WAGTAILADMIN_BASE_URL = "http://testserver"
WAGTAILLOCALIZE_MACHINE_TRANSLATOR = with_translation_memory(DUMMY_TRANSLATOR)
