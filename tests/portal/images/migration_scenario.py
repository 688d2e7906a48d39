"""Migrate an empty database to the state before ``portal_images``, store images through Wagtail's model, migrate on.

Run as ``python -m tests.portal.images.migration_scenario`` with ``DATABASE_URL`` naming the empty database (some of
Wagtail's own migrations write to the default database whatever the alias, so the scenario runs in a process of its
own whose default database is the new one). It stores images, a rendition, a tag, a news page with a hero image and
an image block (and a revision naming both), the admin's history, the reference index and Editors' collection
permissions through Wagtail's image model, migrates forward with Django's ``MigrationExecutor`` as ``migrate`` does
on a live site, and prints what the migrated database holds as JSON (``observe``) on its last line of output.
"""

import json
import os
import uuid

import django

FIRST = ("portal_images", "0001_initial")
#: (id, title, file) of the images stored before the migration.
IMAGES = [(41, "Harbour at dusk", "original_images/harbour.jpg"), (57, "Delegates in Tianjin", "original_images/d.jpg")]


def before_targets(executor):
    """Return the migration targets of the state just before ``portal_images`` (each app's last earlier node)."""
    graph = executor.loader.graph
    after = set(graph.backwards_plan(FIRST))  # FIRST and every migration that depends on it
    plan = {}  # every migration, in an order that applies each after its dependencies
    for leaf in sorted(graph.leaf_nodes()):
        plan.update(dict.fromkeys(graph.forwards_plan(leaf)))
    targets = {node[0]: node for node in plan if node not in after}
    return list(targets.values())


def fill_before(apps):
    """Store images and what names them through Wagtail's image model; return the news page's id."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    Image = apps.get_model("wagtailimages", "Image")
    Rendition = apps.get_model("wagtailimages", "Rendition")
    Tag = apps.get_model("taggit", "Tag")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    Collection = apps.get_model("wagtailcore", "Collection")
    Locale = apps.get_model("wagtailcore", "Locale")
    Page = apps.get_model("wagtailcore", "Page")
    Revision = apps.get_model("wagtailcore", "Revision")
    ReferenceIndex = apps.get_model("wagtailcore", "ReferenceIndex")
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    NewsPage = apps.get_model("news", "NewsPage")

    collection = Collection.objects.get(depth=1)
    image_type, _ = ContentType.objects.get_or_create(app_label="wagtailimages", model="image")
    news_type, _ = ContentType.objects.get_or_create(app_label="news", model="newspage")
    page_type, _ = ContentType.objects.get_or_create(app_label="wagtailcore", model="page")
    for pk, title, file in IMAGES:
        Image.objects.create(pk=pk, title=title, file=file, width=1200, height=675, collection=collection)
    Rendition.objects.create(
        pk=7,
        image_id=41,
        filter_spec="width-800|format-webp",
        file="images/harbour.width-800.webp",
        width=800,
        height=450,
    )
    tag = Tag.objects.create(name="harbour", slug="harbour")
    TaggedItem.objects.create(tag=tag, content_type=image_type, object_id=41)
    ModelLogEntry.objects.create(
        content_type=image_type,
        object_id="41",
        label="Harbour at dusk",
        action="wagtail.edit",
        timestamp="2020-1-1T0:0Z",
    )
    locale = Locale.objects.get_or_create(language_code="en")[0]
    root = Page.objects.get(depth=1)
    block = {"type": "image", "id": str(uuid.uuid4()), "value": {"image": 57, "alt_text": "Delegates", "caption": ""}}
    page = NewsPage.objects.create(
        title="News",
        draft_title="News",
        slug="news",
        path=f"{root.path}{root.numchild + 1:04d}",
        depth=2,
        url_path="/news/",
        locale=locale,
        translation_key=uuid.uuid4(),
        content_type=news_type,
        date="2019-09-21",
        intro="Intro",
        hero_image_id=41,
        body=json.dumps([block]),
    )
    Page.objects.filter(pk=root.pk).update(numchild=root.numchild + 1)
    Revision.objects.create(
        content_type=news_type,
        base_content_type=page_type,
        object_id=str(page.pk),
        object_str="News",
        created_at="2020-01-01T00:00Z",
        content={"hero_image": 41, "body": json.dumps([block])},
    )
    for to_id, field in ((41, "hero_image"), (57, "body")):
        ReferenceIndex.objects.create(
            content_type=news_type,
            base_content_type=page_type,
            object_id=str(page.pk),
            to_content_type=image_type,
            to_object_id=str(to_id),
            model_path=field,
            content_path=field,
            content_path_hash=uuid.uuid5(uuid.NAMESPACE_OID, field),
        )
    editors = Group.objects.get_or_create(name="Editors")[0]  # Wagtail's migrations make it
    for codename in ("add_image", "change_image", "choose_image"):
        permission = Permission.objects.get(content_type=image_type, codename=codename)
        GroupCollectionPermission.objects.get_or_create(group=editors, collection=collection, permission=permission)
    return page.pk


def observe(apps, connection, page_id):
    """Return what the migrated database holds about the stored images, as a JSON-able dict."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    CustomImage = apps.get_model("portal_images", "CustomImage")
    Rendition = apps.get_model("portal_images", "Rendition")
    NewsPage = apps.get_model("news", "NewsPage")
    new_type = ContentType.objects.get(app_label="portal_images", model="customimage")
    page = NewsPage.objects.get(pk=page_id)
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM news_newspage WHERE page_ptr_id = %s", [page_id])
        (body,) = cursor.fetchone()
    revision = apps.get_model("wagtailcore", "Revision").objects.get(object_id=str(page_id))
    references = apps.get_model("wagtailcore", "ReferenceIndex").objects.filter(object_id=str(page_id))
    granted = apps.get_model("wagtailcore", "GroupCollectionPermission").objects.filter(group__name="Editors")
    added = CustomImage.objects.create(title="New", file="original_images/new.jpg", width=1, height=1, collection_id=1)
    new_rendition = Rendition.objects.create(
        image=added, filter_spec="original", file="images/n.jpg", width=1, height=1
    )
    return {
        "images": [list(row) for row in CustomImage.objects.exclude(pk=added.pk).values_list("pk", "title", "file")],
        "renditions": list(Rendition.objects.exclude(pk=new_rendition.pk).values_list("pk", "image__title", "file")),
        "tags": list(
            apps.get_model("taggit", "TaggedItem")
            .objects.filter(content_type=new_type, object_id=41)
            .values_list("tag__name", flat=True)
        ),
        "hero_model": NewsPage._meta.get_field("hero_image").related_model._meta.label,
        "city_image_model": apps.get_model("components", "City")._meta.get_field("image").related_model._meta.label,
        "hero": page.hero_image.title,
        "block_image": CustomImage.objects.get(
            pk=(json.loads(body) if isinstance(body, str) else body)[0]["value"]["image"]
        ).title,
        "revision_hero": CustomImage.objects.get(pk=revision.content["hero_image"]).title,
        "references": sorted(
            [ct == new_type.pk, to] for ct, to in references.values_list("to_content_type", "to_object_id")
        ),
        "history_on_new_model": apps.get_model("wagtailcore", "ModelLogEntry")
        .objects.get(object_id="41")
        .content_type_id
        == new_type.pk,
        "editors_image_permissions": sorted(
            granted.filter(permission__content_type=new_type).values_list("permission__codename", flat=True)
        ),
        "new_ids_after_copied": [added.pk > 57, new_rendition.pk > 7],
    }


def main():
    """Run the scenario on the default database and print ``observe``'s dict as JSON."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings.test")
    django.setup()
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    targets = before_targets(executor)
    executor.migrate(targets)
    executor.loader.build_graph()
    page_id = fill_before(executor.loader.project_state(targets).apps)
    executor = MigrationExecutor(connection)
    leaves = executor.loader.graph.leaf_nodes()
    executor.migrate(leaves)
    executor.loader.build_graph()
    print(
        json.dumps(
            {
                "targets": [list(node) for node in targets],
                **observe(executor.loader.project_state(leaves).apps, connection, page_id),
            }
        )
    )


if __name__ == "__main__":
    main()
