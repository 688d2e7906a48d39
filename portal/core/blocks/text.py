"""Text blocks: headings, rich text paragraphs, quotes, key figures and calls to action."""

from django.utils.translation import gettext_lazy as _
from wagtail import blocks

from portal.api import serializers as api

#: The rich text features of a paragraph.
RICH_TEXT_FEATURES = ["bold", "italic", "link", "document-link", "ol", "ul"]


def paragraph_block():
    """Return the RichTextBlock of a body paragraph (its features, label, icon and template)."""
    return blocks.RichTextBlock(
        label=_("Paragraph"), features=RICH_TEXT_FEATURES, icon="pilcrow", template="blocks/paragraph_block.html"
    )


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
