"""The shared StreamField blocks, one StructBlock per idea, each with its own template under ``templates/blocks/``.

The body StreamBlock that composes them with the programme's city blocks is ``components.blocks.BodyStreamBlock``.
"""

from portal.core.blocks.media import CaptionedImageBlock, DocumentLinkBlock, embed_block
from portal.core.blocks.table import TableBlock
from portal.core.blocks.text import (
    RICH_TEXT_FEATURES,
    CallToActionBlock,
    HeadingBlock,
    KeyFigureBlock,
    QuoteBlock,
    paragraph_block,
)

__all__ = [
    "RICH_TEXT_FEATURES",
    "CallToActionBlock",
    "CaptionedImageBlock",
    "DocumentLinkBlock",
    "HeadingBlock",
    "KeyFigureBlock",
    "QuoteBlock",
    "TableBlock",
    "embed_block",
    "paragraph_block",
]
