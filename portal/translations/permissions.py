"""Who may change content in which language: page permissions decide, for pages and snippets alike.

``LocalePermissionPolicy`` adds that locale rule to translatable snippets; the roles: docs/editors-and-translators.md.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from wagtail.models import Locale, Page, TranslatableMixin
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.snippets.views.snippets import CopyView, CreateView, DeleteView, EditView, SnippetViewSet, UnpublishView

EDITING_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page")


def editable_locale_ids(user: AbstractBaseUser | AnonymousUser) -> set[int]:
    """Return the set of Locale ids ``user`` may change content in (every locale for a superuser).

    Data: GroupPagePermission rows of the user's groups, and the root page of each locale's tree.
    Cached on the user object for the request.
    """
    cached = getattr(user, "_portal_editable_locale_ids", None)
    if cached is not None:
        return cached
    if not user.is_active:
        locale_ids = set()
    elif user.is_superuser:
        locale_ids = set(Locale.objects.values_list("pk", flat=True))
    else:
        granted = Page.objects.filter(
            group_permissions__group__user=user,
            group_permissions__permission__codename__in=EDITING_PAGE_PERMISSIONS,
        ).distinct()
        locale_ids = set()
        for page in granted:
            if page.is_root():
                locale_ids |= set(Locale.objects.values_list("pk", flat=True))
            else:
                # The locale of the granted page and of every page below it (a locale's tree is one subtree).
                locale_ids |= set(
                    Page.objects.descendant_of(page, inclusive=True).values_list("locale_id", flat=True).distinct()
                )
    user._portal_editable_locale_ids = locale_ids
    return locale_ids


def user_can_edit_locale(user: AbstractBaseUser | AnonymousUser, locale_id: int) -> bool:
    """Return True if ``user`` may change content whose ``locale_id`` (a Locale pk) is given."""
    return locale_id in editable_locale_ids(user)


class LocalePermissionPolicy(ModelPermissionPolicy):
    """Django's model permissions, narrowed to the locales the user may edit (for translatable snippets)."""

    def user_has_permission_for_instance(
        self, user: AbstractBaseUser | AnonymousUser, action: str, instance: TranslatableMixin
    ) -> bool:
        """Return True if ``user`` holds the model permission for ``action`` and may edit ``instance``'s locale."""
        if action == "view":
            return self.user_has_permission(user, action)
        return self.user_has_permission(user, action) and user_can_edit_locale(user, instance.locale_id)

    def instances_user_has_any_permission_for(
        self, user: AbstractBaseUser | AnonymousUser, actions: Iterable[str]
    ) -> QuerySet[TranslatableMixin]:
        """Return the instances ``user`` may act on: only those in an editable locale, unless only viewing."""
        queryset = super().instances_user_has_any_permission_for(user, actions)
        if set(actions) <= {"view"}:
            return queryset
        return queryset.filter(locale_id__in=editable_locale_ids(user))


class LocaleCheckedViewMixin:
    """For a snippet view on one object: PermissionDenied unless the user may edit the object's locale."""

    locale_checked_action = "change"

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        obj = getattr(self, "object", None) or self.get_object()
        if not self.permission_policy.user_has_permission_for_instance(request.user, self.locale_checked_action, obj):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LocaleCheckedEditView(LocaleCheckedViewMixin, EditView):
    """Snippet edit view (also publishing, and wagtail-localize's translation editor) for an editable locale only."""


class LocaleCheckedDeleteView(LocaleCheckedViewMixin, DeleteView):
    """Snippet delete view for an editable locale only."""

    locale_checked_action = "delete"


class LocaleCheckedUnpublishView(LocaleCheckedViewMixin, UnpublishView):
    """Snippet unpublish view for an editable locale only."""

    locale_checked_action = "publish"


class LocaleCheckedCreateMixin:
    """For a snippet create or copy view: PermissionDenied unless the user may edit the locale it creates in."""

    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if self.locale is not None and not user_can_edit_locale(request.user, self.locale.pk):
            raise PermissionDenied
        return super().dispatch(request, *args, **kwargs)


class LocaleCheckedCreateView(LocaleCheckedCreateMixin, CreateView):
    """Snippet create view (``?locale=``) for an editable locale only."""


class LocaleCheckedCopyView(LocaleCheckedCreateMixin, CopyView):
    """Snippet copy view (the copy keeps the original's locale) for an editable locale only."""


class TranslatableSnippetViewSet(SnippetViewSet):
    """SnippetViewSet for a translatable snippet: its permissions are narrowed to the user's locales."""

    add_view_class = LocaleCheckedCreateView
    copy_view_class = LocaleCheckedCopyView
    edit_view_class = LocaleCheckedEditView
    delete_view_class = LocaleCheckedDeleteView
    unpublish_view_class = LocaleCheckedUnpublishView

    @property
    def permission_policy(self) -> LocalePermissionPolicy:
        return LocalePermissionPolicy(self.model)
