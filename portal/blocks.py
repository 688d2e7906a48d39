"""Shared StreamField blocks for every page body on the portal.

One StructBlock per idea, each with its own template under ``templates/blocks/``. Labels and help
text are wrapped in ``gettext_lazy`` so the admin speaks the editor's language. Every text value
is a CharBlock, TextBlock or RichTextBlock, so wagtail-localize extracts it as a translatable
segment; snippet choosers point at TranslatableMixin snippets, so a translated page links to the
translated snippet.

Blocks that point at pages, snippets, images or documents, and rich text, give their own API
representation (``get_api_representation``, used by ``/api/v2/``) through ``portal/api.py``: a page
in the locale of the page being served, live snippets as small dicts, images as renditions, rich
text as HTML.
"""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.contrib.table_block.blocks import TableBlock as BaseTableBlock
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.embeds.blocks import EmbedBlock
from wagtail.images.blocks import ImageChooserBlock
from wagtail.snippets.blocks import SnippetChooserBlock
from wagtail_localize.segments import StringSegmentValue

from portal import api

RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


class HeadingBlock(blocks.StructBlock):
    """A section heading; level 2 or 3 (the page title is the only level 1)."""

    text = blocks.CharBlock(label=_("Text"), max_length=255)
    level = blocks.ChoiceBlock(
        label=_("Level"),
        choices=[("h2", _("Section (level 2)")), ("h3", _("Subsection (level 3)"))],
        default="h2",
        # The level is layout, not content: "Section (level 2)" must not be found by search or shown in excerpts.
        search_index=False,
    )

    class Meta:
        icon = "title"
        label = _("Heading")
        template = "blocks/heading_block.html"
        preview_value = {"text": "City-to-city cooperation", "level": "h2"}


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


class QuoteBlock(blocks.StructBlock):
    """A pull quote with the name of the person quoted."""

    text = blocks.TextBlock(label=_("Quote"))
    attribution = blocks.CharBlock(label=_("Attribution"), required=False, max_length=255)

    class Meta:
        icon = "openquote"
        label = _("Quote")
        template = "blocks/quote_block.html"
        preview_value = {"text": "Cities are where climate action happens.", "attribution": "IUC Asia"}


class KeyFigureBlock(blocks.StructBlock):
    """A headline number, e.g. "54%", with a sentence explaining it."""

    value = blocks.CharBlock(label=_("Figure"), max_length=20, help_text=_('For example "54%" or "34".'))
    label = blocks.TextBlock(label=_("Explanation"))

    class Meta:
        icon = "pick"
        label = _("Key figure")
        template = "blocks/key_figure_block.html"
        preview_value = {"value": "54%", "label": "of the world's people live in cities."}


class CallToActionBlock(blocks.StructBlock):
    """A short invitation with a button linking to a page of the portal."""

    text = blocks.TextBlock(label=_("Text"))
    page = blocks.PageChooserBlock(label=_("Page"))
    link_text = blocks.CharBlock(label=_("Button text"), max_length=80)

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["page"] = api.localized_page_reference(value["page"], context)
        return representation

    class Meta:
        icon = "link"
        label = _("Call to action")
        template = "blocks/call_to_action_block.html"


class CityPairingChooserBlock(SnippetChooserBlock):
    """A chooser for a CityPairing snippet that loads both cities with the pairing (one query a list)."""

    def __init__(self, **kwargs):
        super().__init__("components.CityPairing", **kwargs)

    def bulk_to_python(self, values):
        """Return the CityPairings for ``values`` (primary keys), in order, None where one was deleted."""
        objects = self.model_class.objects.select_related("eu_city", "cn_city").in_bulk(values)
        return [objects.get(value) for value in values]

    def deconstruct(self):
        path, _args, kwargs = super().deconstruct()
        return path, (), kwargs


class CityPairingListBlock(blocks.StructBlock):
    """A chosen list of city pairings (snippets), shown with both cities and their themes."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)
    pairings = blocks.ListBlock(
        CityPairingChooserBlock(label=_("City pairing")),
        label=_("City pairings"),
    )

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["pairings"] = api.snippet_list(value["pairings"], api.CityPairingSerializer, context)
        return representation

    class Meta:
        icon = "group"
        label = _("City pairing list")
        template = "blocks/city_pairing_list_block.html"


class CityListBlock(blocks.StructBlock):
    """A chosen list of cities (snippets), shown as numbered profiles."""

    heading = blocks.CharBlock(label=_("Heading"), required=False, max_length=255)
    cities = blocks.ListBlock(SnippetChooserBlock("components.City", label=_("City")), label=_("Cities"))

    def get_api_representation(self, value, context=None):
        representation = super().get_api_representation(value, context)
        representation["cities"] = api.snippet_list(value["cities"], api.CitySerializer, context)
        return representation

    class Meta:
        icon = "site"
        label = _("City list")
        template = "blocks/city_list_block.html"


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


class TableBlock(BaseTableBlock):
    """Wagtail's table block, with each cell and the caption translatable through wagtail-localize.

    wagtail-localize ignores block types it does not know, so this block declares its own segments:
    ``caption`` for the caption and ``r<row>c<column>`` for every non-empty cell.
    """

    def __init__(self, **kwargs):
        kwargs.setdefault("table_options", {"contextMenu": ["row_above", "row_below", "remove_row"]})
        super().__init__(**kwargs)

    def get_translatable_segments(self, value):
        """Return a StringSegmentValue for the caption and for each non-empty cell of ``value``."""
        if not value:
            return []
        segments = []
        if value.get("table_caption"):
            segments.append(StringSegmentValue("caption", value["table_caption"]))
        for row_index, row in enumerate(value.get("data") or []):
            for column_index, cell in enumerate(row):
                if cell:
                    segments.append(StringSegmentValue(f"r{row_index}c{column_index}", cell))
        return segments

    def restore_translated_segments(self, value, segments):
        """Return a copy of ``value`` with the caption and cells replaced by the translated ``segments``."""
        value = dict(value)
        data = [list(row) for row in value.get("data") or []]
        for segment in segments:
            text = segment.render_text()
            if segment.path == "caption":
                value["table_caption"] = text
            else:
                row_index, column_index = segment.path[1:].split("c")
                data[int(row_index)][int(column_index)] = text
        value["data"] = data
        return value

    class Meta:
        icon = "table"
        label = _("Table")
        template = "blocks/table_block.html"


class BodyStreamBlock(blocks.StreamBlock):
    """The blocks an editor can use in the body of any page."""

    heading = HeadingBlock()
    paragraph = blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, icon="pilcrow", template="blocks/paragraph_block.html"
    )
    image = CaptionedImageBlock()
    quote = QuoteBlock()
    key_figure = KeyFigureBlock()
    call_to_action = CallToActionBlock()
    pairing_list = CityPairingListBlock()
    city_list = CityListBlock()
    document = DocumentLinkBlock()
    embed = EmbedBlock(label=_("Embedded media"), icon="media", template="blocks/embed_block.html")
    table = TableBlock()

    def get_api_representation(self, value, context=None):
        """Wagtail's representation, with each paragraph (rich text) as HTML in the locale of the page served."""
        representation = super().get_api_representation(value, context)
        locale = api.context_locale(context)
        for item, child in zip(representation, value or [], strict=True):
            if isinstance(child.block, blocks.RichTextBlock):
                item["value"] = api.rich_text_html(child.value, locale)
        return representation
