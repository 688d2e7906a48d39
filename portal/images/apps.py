from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImagesConfig(AppConfig):
    """The portal's image and rendition models (``WAGTAILIMAGES_IMAGE_MODEL``), with room for credits and licences.

    Integer ids like Wagtail's own image model: the images copied from it keep their ids
    (docs/decisions/0026-custom-image-model-copied-with-its-ids.md).
    """

    default_auto_field = "django.db.models.AutoField"
    name = "portal.images"
    label = "portal_images"
    verbose_name = _("Images")
