"""Media blocks: captioned images, document links and embedded players."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock

from portal.api import serializers as api


def embed_block():
    """Return the EmbedBlock of a body (YouTube and Vimeo: ``WAGTAILEMBEDS_FINDERS``)."""
    return EmbedBlock(label=_("Embedded media"), icon="media", template="blocks/embed_block.html")


class CaptionedImageBlock(blocks.StructBlock):
    """An image with its own alternative text and an optional visible caption."""

    image = ImageChooserBlock(label=_("Image"))
    alt_text = blocks.CharBlock(
        label=_("Alternative text"),
        max_length=255,
        help_text=_("Describe the image for people who cannot see it."),
    )
    caption = blocks.CharBlock(label=_("Caption"), required=False, max_length=255)

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["image"] = api.image_representation(value["image"], value["alt_text"], context)
        return representation

    class Meta:
        icon = "image"
        label = _("Image")
        template = "blocks/captioned_image_block.html"


class DocumentLinkBlock(blocks.StructBlock):
    """A link to a document in the document library, with its type and size."""

    document = DocumentChooserBlock(label=_("Document"))
    title = blocks.CharBlock(
        label=_("Link text"),
        required=False,
        max_length=255,
        help_text=_("Leave empty to use the document's title."),
    )

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["document"] = api.document_representation(value["document"], context)
        return representation

    class Meta:
        icon = "doc-full"
        label = _("Document link")
        template = "blocks/document_link_block.html"
