"""The portal's editorial roles as Wagtail groups and the approval workflow on the English tree (``setup_roles``).

"Editors" and "Moderators" (Wagtail's own group) work on the English tree, "Chinese translators" on the Simplified
Chinese one, "Traditional Chinese reviewers" on the Traditional Chinese one (converted from the Simplified, ADR 0031);
Moderators also approve what is submitted to Wagtail's "Moderators approval" workflow, which covers the
English tree only. What each may and may not do: docs/editors-and-translators.md, "Roles"; why:
docs/decisions/0010-moderation-on-the-english-tree.md.
"""

from django.apps import apps
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import (
    Collection,
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    TranslatableMixin,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.snippets.models import get_snippet_models

from portal.edge.language import DERIVED_LANGUAGES, SIMPLIFIED_CHINESE, TRADITIONAL_CHINESE

EDITORS = "Editors"
MODERATORS = "Moderators"
CHINESE_TRANSLATORS = "Chinese translators"
TRADITIONAL_REVIEWERS = "Traditional Chinese reviewers"
#: The name of Wagtail's default workflow and of its one task (wagtailcore migration 0048).
MODERATION_WORKFLOW = "Moderators approval"
#: The depth of a locale's home page, the top of its own tree (the tree's root is 1).
HOME_PAGE_DEPTH = 2

#: What Editors and Moderators may do on the English side (pages from the English home page down, snippets).
ENGLISH_PAGE_PERMISSIONS = ("add_page", "change_page", "publish_page", "bulk_delete_page", "lock_page", "unlock_page")
ENGLISH_SNIPPET_ACTIONS = ("add", "change", "delete", "publish")
ENGLISH_EXTRA_PERMISSIONS = (
    "wagtailadmin.access_admin",
    "wagtail_localize.submit_translation",
    # Promoted search results (Settings → Promoted search results), for the site search.
    "wagtailsearchpromotions.add_searchpromotion",
    "wagtailsearchpromotions.change_searchpromotion",
    "wagtailsearchpromotions.delete_searchpromotion",
)

#: What translators and reviewers may do in their language's tree: edit and publish what exists.
TRANSLATION_PAGE_PERMISSIONS = ("change_page", "publish_page")
TRANSLATION_SNIPPET_ACTIONS = ("change", "publish")
TRANSLATION_EXTRA_PERMISSIONS = ("wagtailadmin.access_admin",)

#: (group name, locale language code, page permission codenames, snippet actions, extra "app.codename" permissions)
ROLES = (
    (EDITORS, "en", ENGLISH_PAGE_PERMISSIONS, ENGLISH_SNIPPET_ACTIONS, ENGLISH_EXTRA_PERMISSIONS),
    (MODERATORS, "en", ENGLISH_PAGE_PERMISSIONS, ENGLISH_SNIPPET_ACTIONS, ENGLISH_EXTRA_PERMISSIONS),
    (
        CHINESE_TRANSLATORS,
        SIMPLIFIED_CHINESE,
        TRANSLATION_PAGE_PERMISSIONS,
        TRANSLATION_SNIPPET_ACTIONS,
        TRANSLATION_EXTRA_PERMISSIONS,
    ),
    (
        TRADITIONAL_REVIEWERS,
        TRADITIONAL_CHINESE,
        TRANSLATION_PAGE_PERMISSIONS,
        TRANSLATION_SNIPPET_ACTIONS,
        TRANSLATION_EXTRA_PERMISSIONS,
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


def _permission(label: str) -> Permission:
    app_label, codename = label.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


def _home_page(language_code: str, name: str) -> Page | None:
    """The home page of ``language_code``'s tree; None for a derived language not converted yet (ADR 0031).

    Raises RoleSetupError when any other language has no home page (the content is not loaded).
    """
    locale = Locale.objects.filter(language_code=language_code).first()
    home = Page.objects.filter(depth=HOME_PAGE_DEPTH, locale=locale).order_by("path").first() if locale else None
    if home is None and language_code not in DERIVED_LANGUAGES:
        raise RoleSetupError(f"No home page in {language_code!r} to grant {name!r} its pages: load the content first.")
    return home


def setup_roles() -> dict[str, Group]:
    """Create or complete the groups of ``ROLES``; return ``{group name: Group}``.

    Model and collection permissions are added (none removed); page permissions are set to exactly
    the role's, on its locale's home page (Wagtail's initial "Editors" and "Moderators" groups have them
    on the root of the tree, i.e. in every locale). Then ``setup_moderation`` puts the approval workflow
    on the English tree. Raises RoleSetupError when a locale or its home page is missing (load the content first),
    except for a derived language (Traditional Chinese) before its first conversion: its group then has no
    page permissions, and so no pages or snippets, until ``setup_roles`` runs again after the conversion.
    """
    groups = {}
    for name, language_code, page_codenames, snippet_actions, extra in ROLES:
        home = _home_page(language_code, name)
        group, _created = Group.objects.get_or_create(name=name)
        permissions = [_permission(label) for label in extra]
        for model in translatable_snippet_models():
            content_type = ContentType.objects.get_for_model(model)
            codenames = [f"{action}_{model._meta.model_name}" for action in snippet_actions]
            permissions += Permission.objects.filter(content_type=content_type, codename__in=codenames)
        group.permissions.add(*permissions)
        # Exactly these page permissions: Wagtail's own initial groups have permissions on the root
        # page, which would cover every locale.
        GroupPagePermission.objects.filter(group=group).exclude(page=home).delete()
        if home is not None:
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
        collection_actions = ["choose"]
        if "add_page" in page_codenames:  # the roles that write pages upload their images and documents
            collection_actions += ["add", "change"]
        for permission in collection_permissions(collection_actions):
            GroupCollectionPermission.objects.get_or_create(group=group, collection=collection, permission=permission)
        groups[name] = group
    setup_moderation(groups[MODERATORS], _home_page(Locale.get_default().language_code, MODERATORS))
    return groups


def collection_permissions(actions: list[str]) -> list[Permission]:
    """Return the Permissions for ``actions`` ("add", "change", "choose") on the image and document models.

    The models are the configured ones (``WAGTAILIMAGES_IMAGE_MODEL``, ``WAGTAILDOCS_DOCUMENT_MODEL``): the
    codenames are Django's ``<action>_<model name>``, except Wagtail's "choose_image" and "choose_document".
    """
    permissions = []
    for model, noun in ((get_image_model(), "image"), (get_document_model(), "document")):
        content_type = ContentType.objects.get_for_model(model)
        for action in actions:
            codename = f"choose_{noun}" if action == "choose" else f"{action}_{model._meta.model_name}"
            permissions.append(Permission.objects.get(content_type=content_type, codename=codename))
    return permissions


def setup_moderation(moderators: Group, home: Page) -> Workflow:
    """Make Wagtail's "Moderators approval" workflow cover the tree of ``home`` (the English home page) only.

    Inputs: the Moderators Group, the English home Page. The workflow and its GroupApprovalTask
    (Wagtail's default, made by its migrations; created here if missing) are made active and the task
    is approved by ``moderators`` (other groups are kept). The workflow is assigned to ``home`` unless
    that page already has a workflow of its own, and its assignment to the root page (Wagtail's
    default, which covers every locale) is removed, so Chinese pages have no workflow unless someone
    assigns one. Returns the Workflow.
    """
    task = GroupApprovalTask.objects.filter(name=MODERATION_WORKFLOW).order_by("pk").first()
    if task is None:
        task = GroupApprovalTask.objects.create(name=MODERATION_WORKFLOW)
    elif not task.active:
        task.active = True
        task.save(update_fields=["active"])
    task.groups.add(moderators)
    workflow, _created = Workflow.objects.get_or_create(name=MODERATION_WORKFLOW)
    if not workflow.active:
        workflow.active = True
        workflow.save(update_fields=["active"])
    if not WorkflowTask.objects.filter(workflow=workflow, task=task).exists():
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=workflow.workflow_tasks.count())
    WorkflowPage.objects.filter(workflow=workflow, page__depth=1).delete()
    WorkflowPage.objects.get_or_create(page=home, defaults={"workflow": workflow})
    return workflow
