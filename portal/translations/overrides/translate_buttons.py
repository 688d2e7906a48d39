"""Wraps wagtail-localize's *Translate this page* and snippet *Translate* buttons (wagtail-localize 1.14.5):
``wagtail_localize.wagtail_hooks.page_listing_more_buttons`` (registered for ``register_page_header_buttons`` and
``register_page_listing_more_buttons``) and ``wagtail_localize.wagtail_hooks.register_snippet_listing_buttons``.

Upstream shows the button when any Locale lacks a translation of the page or snippet. The submit form
(``submit_views``) leaves out the derived languages (Traditional Chinese follows the Simplified translation: ADR
0031), so where only ``zh-hant`` was missing the button led to a form offering no language. The wrappers yield
upstream's buttons, less *Translate* when every language a person translates into has a translation; the other
buttons (*Sync translated pages*, *Sync translated snippets*) are upstream's, unchanged.

``install`` swaps upstream's functions for the wrappers in Wagtail's hook registry (``wagtail.hooks``), after
importing ``wagtail_localize.wagtail_hooks`` so that they are registered; it is called by the portal's
``wagtail_hooks`` module. Each wrapper's ``__wrapped__`` is upstream's function, for the tripwire.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.contrib.admin.utils import quote
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Model, QuerySet
from django.urls import reverse
from wagtail import hooks
from wagtail.admin.widgets import Button
from wagtail.models import Locale, Page
from wagtail_localize import wagtail_hooks as localize_hooks  # registers upstream's hooks (once)

from portal.edge.language import DERIVED_LANGUAGES

PAGE_HOOKS = ("register_page_header_buttons", "register_page_listing_more_buttons")
SNIPPET_HOOKS = ("register_snippet_listing_buttons",)


def has_language_to_translate_into(translations: QuerySet) -> bool:
    """Return True if a Locale a person translates into (not a derived one) is missing from ``translations``.

    ``translations``: the object's translations, itself included (a Page or snippet queryset).
    """
    return (
        Locale.objects.exclude(language_code__in=DERIVED_LANGUAGES)
        .exclude(id__in=translations.values_list("locale_id", flat=True))
        .exists()
    )


def page_listing_more_buttons(
    page: Page, user: AbstractBaseUser, view_name: str | None = None, next_url: str | None = None
) -> Iterator[Button]:
    """Upstream's page buttons, less *Translate this page* when only derived languages are untranslated."""
    translate_url = reverse("wagtail_localize:submit_page_translation", args=[page.alias_of_id or page.id])
    for button in UPSTREAM_PAGE_BUTTONS(page, user, view_name=view_name, next_url=next_url):
        if button.url == translate_url and not has_language_to_translate_into(
            page.get_translations(inclusive=True).exclude(alias_of__isnull=False)
        ):
            continue
        yield button


def snippet_listing_buttons(snippet: Model, user: AbstractBaseUser, next_url: str | None = None) -> Iterator[Button]:
    """Upstream's snippet buttons, less *Translate* when only derived languages are untranslated."""
    meta = type(snippet)._meta
    translate_url = reverse(
        "wagtail_localize:submit_snippet_translation", args=[meta.app_label, meta.model_name, quote(snippet.pk)]
    )
    for button in UPSTREAM_SNIPPET_BUTTONS(snippet, user, next_url=next_url):
        if button.url == translate_url and not has_language_to_translate_into(snippet.get_translations(inclusive=True)):
            continue
        yield button


UPSTREAM_PAGE_BUTTONS = localize_hooks.page_listing_more_buttons
UPSTREAM_SNIPPET_BUTTONS = localize_hooks.register_snippet_listing_buttons
page_listing_more_buttons.__wrapped__ = UPSTREAM_PAGE_BUTTONS
snippet_listing_buttons.__wrapped__ = UPSTREAM_SNIPPET_BUTTONS


def install() -> None:
    """Put the wrappers in place of upstream's functions in Wagtail's hook registry, at their order (idempotent)."""
    for names, upstream, wrapper in (
        (PAGE_HOOKS, UPSTREAM_PAGE_BUTTONS, page_listing_more_buttons),
        (SNIPPET_HOOKS, UPSTREAM_SNIPPET_BUTTONS, snippet_listing_buttons),
    ):
        for name in names:
            registered = hooks._hooks.get(name, [])
            registered[:] = [(wrapper if fn is upstream else fn, order) for fn, order in registered]
