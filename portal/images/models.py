"""The portal's image model and its renditions, in place of ``wagtail.images.models.Image`` and ``Rendition``.

Same fields, admin form, permissions and search fields as Wagtail's (the search fields analysed like every
indexed model's, ``portal.search.fields``), plus a credit and a licence. Images are not translatable: one
image serves both languages (wagtail-localize synchronises image choices; the alternative text is the
page's or block's, translated there), and a credit or licence is a name, not prose.
Migration from Wagtail's model: ``migrations/0002_copy_wagtail_images.py`` (docs/content-model.md).
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.images.models import AbstractImage, AbstractRendition, Image

from portal.search.fields import analysed_fields


class CustomImage(AbstractImage):
    """An image file with a title, focal point, collection and tags, and optionally a credit and a licence."""

    credit = models.CharField(
        _("credit"),
        max_length=255,
        blank=True,
        help_text=_("Who made the image, as it should be credited, e.g. a photographer or an organisation."),
    )
    licence = models.CharField(
        _("licence"),
        max_length=255,
        blank=True,
        help_text=_("The licence under which the portal may show the image, e.g. CC BY 4.0."),
    )

    admin_form_fields = (*Image.admin_form_fields, "credit", "licence")
    search_fields = analysed_fields(AbstractImage.search_fields)

    class Meta(AbstractImage.Meta):
        verbose_name = _("image")
        verbose_name_plural = _("images")
        permissions = [("choose_image", "Can choose image")]


class Rendition(AbstractRendition):
    """A resized or converted copy of a ``CustomImage``, made on first request and stored."""

    image = models.ForeignKey(CustomImage, related_name="renditions", on_delete=models.CASCADE)

    class Meta:
        unique_together = (("image", "filter_spec", "focal_point_key"),)
