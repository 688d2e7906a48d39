"""Copy Wagtail's images into ``CustomImage`` with their ids, and everything that names them.

A database made before the portal had its own image model keeps its images in ``wagtailimages_image``;
pages, revisions, StreamField blocks and rich text name them by id. This migration copies, with the
same ids, so those references stay valid: the images (every field; the files are the same files, none
is copied or moved), their renditions (so nothing is generated again), their tags, the admin's
history of each image, the reference index rows from and to images, and every group's and user's
image permissions (collection permissions included) for the new model. Wagtail's rows stay where they
are, unused, as the state the reverse migration returns to. The foreign keys of pages and snippets
are moved to the new model by the ``AlterField`` migrations of their apps, which depend on this one.
After it, ``update_index`` re-indexes the images for the admin's search
(docs/decisions/0026-custom-image-model-copied-with-its-ids.md).
"""

from django.conf import settings
from django.core.management.color import no_style
from django.db import migrations

#: Wagtail's image permissions and their codenames on ``CustomImage``.
PERMISSIONS = {
    "add_image": ("add_customimage", "Can add image"),
    "change_image": ("change_customimage", "Can change image"),
    "delete_image": ("delete_customimage", "Can delete image"),
    "view_image": ("view_customimage", "Can view image"),
    "choose_image": ("choose_image", "Can choose image"),
}


def copy_rows(source, target, db_alias):
    """Create a ``target`` row for each ``source`` row, with the same field values (ids included)."""
    names = [field.attname for field in source._meta.concrete_fields]
    rows = source.objects.using(db_alias).order_by("pk").iterator()
    target.objects.using(db_alias).bulk_create(
        [target(**{name: getattr(row, name) for name in names}) for row in rows], batch_size=500
    )


def move_content_type(apps, db_alias, source, target):
    """Make the admin's history and the reference index rows of content type ``source`` those of ``target``."""
    ModelLogEntry = apps.get_model("wagtailcore", "ModelLogEntry")
    ModelLogEntry.objects.using(db_alias).filter(content_type=source).update(content_type=target)
    references = apps.get_model("wagtailcore", "ReferenceIndex").objects.using(db_alias)
    references.filter(to_content_type=source).update(to_content_type=target)
    references.filter(content_type=source).update(content_type=target)
    references.filter(base_content_type=source).update(base_content_type=target)


def content_types(apps, db_alias):
    """Return the ContentTypes of Wagtail's image model and of ``CustomImage`` (created if missing)."""
    ContentType = apps.get_model("contenttypes", "ContentType")
    old, _ = ContentType.objects.using(db_alias).get_or_create(app_label="wagtailimages", model="image")
    new, _ = ContentType.objects.using(db_alias).get_or_create(app_label="portal_images", model="customimage")
    return old, new


def copy_permissions(apps, db_alias, old_type, new_type):
    """Give every group and user that holds an image permission the same permission on ``CustomImage``."""
    Permission = apps.get_model("auth", "Permission")
    Group = apps.get_model("auth", "Group")
    User = apps.get_model(settings.AUTH_USER_MODEL)
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    permissions = Permission.objects.using(db_alias)
    for old_codename, (codename, name) in PERMISSIONS.items():
        new, _ = permissions.get_or_create(content_type=new_type, codename=codename, defaults={"name": name})
        old = permissions.filter(content_type=old_type, codename=old_codename).first()
        if old is None:
            continue
        for group in Group.objects.using(db_alias).filter(permissions=old):
            group.permissions.add(new)
        for user in User.objects.using(db_alias).filter(user_permissions=old):
            user.user_permissions.add(new)
        for granted in GroupCollectionPermission.objects.using(db_alias).filter(permission=old):
            GroupCollectionPermission.objects.using(db_alias).get_or_create(
                group_id=granted.group_id, collection_id=granted.collection_id, permission=new
            )


def forwards(apps, schema_editor):
    """Copy images, renditions, tags, history, references and permissions (see the module's docstring)."""
    db_alias = schema_editor.connection.alias
    OldImage = apps.get_model("wagtailimages", "Image")
    OldRendition = apps.get_model("wagtailimages", "Rendition")
    CustomImage = apps.get_model("portal_images", "CustomImage")
    Rendition = apps.get_model("portal_images", "Rendition")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    old_type, new_type = content_types(apps, db_alias)

    copy_rows(OldImage, CustomImage, db_alias)
    copy_rows(OldRendition, Rendition, db_alias)
    TaggedItem.objects.using(db_alias).bulk_create(
        [
            TaggedItem(tag_id=item.tag_id, content_type=new_type, object_id=item.object_id)
            for item in TaggedItem.objects.using(db_alias).filter(content_type=old_type).order_by("pk")
        ],
        batch_size=500,
    )
    move_content_type(apps, db_alias, old_type, new_type)
    copy_permissions(apps, db_alias, old_type, new_type)

    # Rows were written with explicit ids: PostgreSQL's sequences must continue after the largest.
    connection = schema_editor.connection
    statements = connection.ops.sequence_reset_sql(no_style(), [CustomImage, Rendition])
    if statements:
        with connection.cursor() as cursor:
            for statement in statements:
                cursor.execute(statement)


def backwards(apps, schema_editor):
    """Return history and references to Wagtail's model and remove the copies (Wagtail's rows were kept).

    Images uploaded since the migration exist only as ``CustomImage`` rows and are lost, their files kept.
    """
    db_alias = schema_editor.connection.alias
    CustomImage = apps.get_model("portal_images", "CustomImage")
    Rendition = apps.get_model("portal_images", "Rendition")
    TaggedItem = apps.get_model("taggit", "TaggedItem")
    old_type, new_type = content_types(apps, db_alias)
    move_content_type(apps, db_alias, new_type, old_type)
    TaggedItem.objects.using(db_alias).filter(content_type=new_type).delete()
    Rendition.objects.using(db_alias).all()._raw_delete(db_alias)
    CustomImage.objects.using(db_alias).all()._raw_delete(db_alias)


class Migration(migrations.Migration):
    dependencies = [
        ("portal_images", "0001_initial"),
        ("wagtailimages", "0027_image_description"),
        ("wagtailcore", "0097_baselogentry_uuid_action_timestamp_indexes"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [migrations.RunPython(forwards, backwards)]
