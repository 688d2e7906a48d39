"""The programme's blocks (city and pairing lists) and the body StreamBlock of every page.

``CityPairingChooserBlock.deconstruct`` replaces ``wagtail.snippets.blocks.SnippetChooserBlock.deconstruct``
(``wagtail.blocks.base.Block.deconstruct``) of Wagtail 7.4.4 and relies on
``wagtail.snippets.blocks.SnippetChooserBlock.__init__`` taking the model as its one positional argument:
migrations rebuild the block without the model, which its own ``__init__`` fixes (docs/upstream-overrides.md).
``CityChooserBlock.bulk_to_python`` replaces ``wagtail.blocks.field_block.ChooserBlock.bulk_to_python`` (Wagtail
7.4.4) to read the cities with their images; its ``deconstruct`` returns upstream's path and arguments, so
migrations keep seeing ``SnippetChooserBlock("components.City")`` (docs/upstream-overrides.md, section 32).
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.snippets.blocks import SnippetChooserBlock

from components import serializers
from portal.api import serializers as api
from portal.core.blocks import (
    CallToActionBlock,
    CaptionedImageBlock,
    DocumentLinkBlock,
    HeadingBlock,
    KeyFigureBlock,
    QuoteBlock,
    TableBlock,
    embed_block,
    paragraph_block,
)


class CityPairingChooserBlock(SnippetChooserBlock):
    """A chooser for a CityPairing snippet that loads both cities with the pairing (one query a list)."""

    def __init__(self, **kwargs):
        super().__init__("components.CityPairing", **kwargs)

    def bulk_to_python(self, values):
        """Return the CityPairings for ``values`` (primary keys), in order, None where one was deleted."""
        objects = self.model_class.objects.select_related("eu_city", "cn_city").in_bulk(values)
        return [objects.get(value) for value in values]

    def deconstruct(self):
        """Return upstream's ``(path, args, kwargs)`` without the positional arguments (the model, fixed here)."""
        path, _args, kwargs = super().deconstruct()
        return path, (), kwargs


class CityChooserBlock(SnippetChooserBlock):
    """A chooser for a City snippet that reads the cities with their images (for the city cards).

    One query for all the city lists of a StreamField, where upstream's reads the cities, then each card its image
    (the renditions come from Wagtail's rendition cache). Stored as upstream's block: the same JSON and migrations.
    """

    def __init__(self, **kwargs):
        super().__init__("components.City", **kwargs)

    def bulk_to_python(self, values):
        """Return the Cities for ``values`` (primary keys), in order, None where one was deleted."""
        objects = self.model_class.objects.select_related("image").in_bulk(values)
        return [objects.get(value) for value in values]

    def deconstruct(self):
        """Return upstream's ``(path, args, kwargs)``: ``SnippetChooserBlock("components.City", **kwargs)``."""
        _path, _args, kwargs = super().deconstruct()
        return "wagtail.snippets.blocks.SnippetChooserBlock", ("components.City",), kwargs


class CityPairingListBlock(blocks.StructBlock):
    """A chosen list of city pairings (snippets), shown with both cities and their themes."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)
    pairings = blocks.ListBlock(
        CityPairingChooserBlock(label=_("City pairing")),
        label=_("City pairings"),
    )

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["pairings"] = api.snippet_list(value["pairings"], serializers.CityPairingSerializer, context)
        return representation

    class Meta:
        icon = "group"
        label = _("City pairing list")
        template = "components/blocks/city_pairing_list_block.html"


class CityListBlock(blocks.StructBlock):
    """A chosen list of cities (snippets), shown as numbered profiles."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)
    cities = blocks.ListBlock(CityChooserBlock(label=_("City")), label=_("Cities"))

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["cities"] = api.snippet_list(value["cities"], serializers.CitySerializer, context)
        return representation

    class Meta:
        icon = "site"
        label = _("City list")
        template = "components/blocks/city_list_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    """The blocks an editor can use in the body of any page."""

    heading = HeadingBlock()
    paragraph = paragraph_block()
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    key_figure = KeyFigureBlock()
    call_to_action = CallToActionBlock()
    pairing_list = CityPairingListBlock()
    city_list = CityListBlock()
    document = DocumentLinkBlock()
    embed = embed_block()
    table = TableBlock()

    def get_api_representation(self, value, context=None):
        """Wagtail's representation, with each paragraph (rich text) as HTML in the locale of the page served."""
        representation = super().get_api_representation(value, context)
        locale = api.context_locale(context)
        for item, child in zip(representation, value or [], strict=True):
            if isinstance(child.block, blocks.RichTextBlock):
                item["value"] = api.rich_text_html(child.value, locale)
        return representation
