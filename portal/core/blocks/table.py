"""Wagtail's table block with translatable cells."""

from django.utils.translation import gettext_lazy as _
from wagtail.contrib.table_block.blocks import TableBlock as BaseTableBlock
from wagtail_localize.segments import StringSegmentValue


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
