"""Replaces ``wagtail_localize.views.edit_translation.user_can_edit_instance`` (wagtail-localize 1.14.5).

Upstream asks, for a snippet, only whether the user may change snippets of that model
(``wagtail.snippets.permissions.user_can_edit_snippet_type``), whatever the language. Its translation editor's
endpoints (saving or deleting a string, ``edit_string_translation``; an override, ``edit_override``; the preview;
*Stop synced translation*, ``stop_translation``; machine translation, ``apply_machine_translation``) call it
before writing, so an Editor, or a translator of one Chinese, could save strings into a snippet translation of a
language that is not theirs. ``user_can_edit_instance`` here adds the portal's rule for snippets
(``portal.translations.permissions.LocalePermissionPolicy``: the model permission *and* the snippet's locale);
pages keep upstream's check (their permissions already follow the language's tree).

``install`` puts it in place of upstream's module attribute (called by ``TranslationsConfig.ready``), which those
views look up when they run; the portal's own views (``po_files``, ``memory_view``) import it from here. Its
``__wrapped__`` is upstream's function, for the tripwire.
"""

from __future__ import annotations

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.db.models import Model
from wagtail.models import Page, TranslatableMixin
from wagtail_localize.views import edit_translation

from portal.translations.permissions import LocalePermissionPolicy

UPSTREAM_USER_CAN_EDIT_INSTANCE = edit_translation.user_can_edit_instance


def user_can_edit_instance(user: AbstractBaseUser | AnonymousUser, instance: Model) -> bool:
    """Return True if ``user`` may change ``instance`` (a translation's target page or snippet) in the editor.

    A page: upstream's rule (``can_edit`` on the page). A translatable snippet: the model's change permission and
    an editable locale (``LocalePermissionPolicy``). Anything else: upstream's rule.
    """
    if isinstance(instance, TranslatableMixin) and not isinstance(instance, Page):
        return LocalePermissionPolicy(type(instance)).user_has_permission_for_instance(user, "change", instance)
    return UPSTREAM_USER_CAN_EDIT_INSTANCE(user, instance)


user_can_edit_instance.__wrapped__ = UPSTREAM_USER_CAN_EDIT_INSTANCE


def install() -> None:
    """Make ``wagtail_localize.views.edit_translation.user_can_edit_instance`` the portal's (idempotent)."""
    edit_translation.user_can_edit_instance = user_can_edit_instance
