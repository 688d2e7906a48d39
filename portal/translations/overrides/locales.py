"""Locales read from this process's memory: replaces ``wagtail.models.i18n.LocaleManager.get_for_language``
(Wagtail 7.4.4) and, for every foreign key to ``Locale`` (``page.locale``), Django 5.2.19's
``django.db.models.fields.related_descriptors.ForwardManyToOneDescriptor.get_object``.

Upstream asks the database each time: ``wagtail.models.i18n.Locale.get_active`` (through ``get_for_language``) four
times a page, and
``page.locale`` once for every page whose locale was not joined. The Locale table has one row per language, so this
process keeps it (``table``: ids and language codes) and builds Locale instances from it; it is read again when a
Locale is saved or deleted here (``clear``, connected by ``install``), when asked for an id or code it does not hold
(a Locale made by another process), and ``MAX_AGE`` seconds after it was read (one deleted elsewhere). Each answer
is a new instance, as from the database. Lookups on a database other than the default one go to upstream.

``install`` (called by ``TranslationsConfig.ready``) puts ``get_for_language`` in place (its ``__wrapped__`` is
upstream's, for the tripwire) and a ``CachedLocaleDescriptor`` on each model's foreign keys to Locale.
"""

import threading
import time

from django.apps import apps
from django.db import DEFAULT_DB_ALIAS, models
from django.db.models.fields.related_descriptors import ForwardManyToOneDescriptor
from django.db.models.signals import post_delete, post_save
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Locale
from wagtail.models.i18n import LocaleManager

#: Seconds after which the table is read again.
MAX_AGE = 300

UPSTREAM_GET_FOR_LANGUAGE = LocaleManager.get_for_language

_lock = threading.Lock()
_table = {}  # "by_id": {id: code}, "by_code": {code: id}, "read_at": monotonic seconds


def _read() -> dict:
    rows = list(Locale.all_objects.using(DEFAULT_DB_ALIAS).values_list("pk", "language_code"))
    table = {"by_id": dict(rows), "by_code": {code: pk for pk, code in rows}, "read_at": time.monotonic()}
    with _lock:
        _table.clear()
        _table.update(table)
    return table


def table(refresh: bool = False) -> dict:
    """Return ``{"by_id": {id: code}, "by_code": {code: id}, "read_at": ...}``, read now when ``refresh`` or stale."""
    current = dict(_table)
    if refresh or not current or time.monotonic() - current["read_at"] > MAX_AGE:
        current = _read()
    return current


def clear(**kwargs: object) -> None:
    """Forget the table (a receiver of Locale's ``post_save`` and ``post_delete``; tests call it too)."""
    with _lock:
        _table.clear()


def _instance(pk: int, code: str) -> Locale:
    return Locale.from_db(DEFAULT_DB_ALIAS, ["id", "language_code"], [pk, code])


def locale_by_id(pk: int | None) -> Locale | None:
    """Return a Locale with the id ``pk``, or None when there is none."""
    code = table()["by_id"].get(pk)
    if code is None:
        code = table(refresh=True)["by_id"].get(pk)
    return None if code is None else _instance(pk, code)


def locale_by_code(code: str) -> Locale | None:
    """Return the Locale of the language code ``code`` (as stored: "zh-hans"), or None when there is none."""
    pk = table()["by_code"].get(code)
    if pk is None:
        pk = table(refresh=True)["by_code"].get(code)
    return None if pk is None else _instance(pk, code)


def get_for_language(self: LocaleManager, language_code: str) -> Locale:
    """``LocaleManager.get_for_language``: the Locale of ``language_code`` or of its supported variant.

    Raises LookupError for a language that is not a content language, Locale.DoesNotExist (upstream's) when it has
    no Locale.
    """
    if self._db not in (None, DEFAULT_DB_ALIAS):
        return UPSTREAM_GET_FOR_LANGUAGE(self, language_code)
    locale = locale_by_code(get_supported_content_language_variant(language_code))
    return locale if locale is not None else UPSTREAM_GET_FOR_LANGUAGE(self, language_code)


get_for_language.__wrapped__ = UPSTREAM_GET_FOR_LANGUAGE


class CachedLocaleDescriptor(ForwardManyToOneDescriptor):
    """``instance.locale`` (any foreign key to Locale) from ``locale_by_id``, not from a query."""

    def get_object(self, instance: models.Model) -> Locale:
        if instance._state.db in (None, DEFAULT_DB_ALIAS):
            locale = locale_by_id(getattr(instance, self.field.attname))
            if locale is not None:
                return locale
        return super().get_object(instance)


def install() -> None:
    """Put ``get_for_language`` and the descriptors in place and connect ``clear`` (idempotent)."""
    LocaleManager.get_for_language = get_for_language
    for model in apps.get_models():
        for field in model._meta.local_fields:
            if field.many_to_one and field.related_model is Locale and field.model is model:
                setattr(model, field.name, CachedLocaleDescriptor(field))
    post_save.connect(clear, sender=Locale, dispatch_uid="portal_locale_table_saved")
    post_delete.connect(clear, sender=Locale, dispatch_uid="portal_locale_table_deleted")
