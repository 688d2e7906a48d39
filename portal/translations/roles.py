"""The portal's two editorial roles as Wagtail groups, "Editors" and "Chinese translators" (``setup_roles``).

What each may and may not do: docs/editors-and-translators.md, "Roles".
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Locale, Page, TranslatableMixin
from wagtail.snippets.models import get_snippet_models

EDITORS = "Editors"
CHINESE_TRANSLATORS = "Chinese translators"
#: The depth of a locale's home page, the top of its own tree (the tree's root is 1).
HOME_PAGE_DEPTH = 2

#: (group name, locale language code, page permission codenames, snippet actions, extra "app.codename" permissions)
ROLES = (
    (
        EDITORS,
        "en",
        ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page"),
        ("add", "change", "delete", "publish"),
        (
            "wagtailadmin.access_admin",
            "wagtail_localize.submit_translation",
            # Promoted search results (Settings → Promoted search results), for the site search.
            "wagtailsearchpromotions.add_searchpromotion",
            "wagtailsearchpromotions.change_searchpromotion",
            "wagtailsearchpromotions.delete_searchpromotion",
        ),
    ),
    (
        CHINESE_TRANSLATORS,
        "zh-hans",
        ("change_page", "publish_page"),
        ("change", "publish"),
        ("wagtailadmin.access_admin",),
    ),
)


def translatable_snippet_models() -> list[type[TranslatableMixin]]:
    """Return the registered snippet models that are translatable (TranslatableMixin).

    In ``apps.get_models()`` order (INSTALLED_APPS, then definition order): the same in every process and
    whatever language is active, unlike Wagtail's snippet registry, which sorts by translated name.
    """
    registered = set(get_snippet_models())
    return [model for model in apps.get_models() if model in registered and issubclass(model, TranslatableMixin)]


class RoleSetupError(Exception):
    """A role cannot be set up, e.g. because the locale's home page does not exist yet."""


def _permission(label):
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def setup_roles():
    """Create or complete the Editors and Chinese translators groups; return ``{group name: Group}``.

    Model and collection permissions are added (none removed); page permissions are set to exactly
    the role's, on its locale's home page (Wagtail's initial "Editors" group has them on the root of
    the tree, i.e. in every locale). Raises RoleSetupError
    when a locale or its home page is missing (load the content first).
    """
    groups = {}
    for name, language_code, page_codenames, snippet_actions, extra in ROLES:
        locale = Locale.objects.filter(language_code=language_code).first()
        home = Page.objects.filter(depth=HOME_PAGE_DEPTH, locale=locale).order_by("path").first() if locale else None
        if home is None:
            raise RoleSetupError(
                f"No home page in {language_code!r} to grant {name!r} its pages: load the content first."
            )
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [_permission(label) for label in extra]
        for model in translatable_snippet_models():
            content_type = ContentType.objects.get_for_model(model)
            codenames = [f"{action}_{model._meta.model_name}" for action in snippet_actions]
            permissions += Permission.objects.filter(content_type=content_type, codename__in=codenames)
        group.permissions.add(*permissions)
        # Exactly these page permissions: Wagtail's own initial "Editors" group has permissions on the
        # root page, which would cover every locale.
        GroupPagePermission.objects.filter(group=group).exclude(page=home).delete()
        GroupPagePermission.objects.filter(group=group, page=home).exclude(
            permission__codename__in=page_codenames
        ).delete()
        for codename in page_codenames:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=home,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
        collection = Collection.get_first_root_node()
        collection_codenames = ["choose_image", "choose_document"]
        if name == EDITORS:
            collection_codenames += ["add_image", "change_image", "add_document", "change_document"]
        for codename in collection_codenames:
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=collection, permission=Permission.objects.get(codename=codename)
            )
        groups[name] = group
    return groups
