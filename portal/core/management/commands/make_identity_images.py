"""``manage.py make_identity_images``: write the portal's marks and share images into ``portal/static/img/``.

Run by hand when a mark, a label or a translation of a label changes (``make identity-images``), and
commit the files: nothing is drawn at request time. Writes ``eu-emblem.svg``, ``logo-mark.svg``,
``favicon.svg`` and ``share/<kind>-<language>.png`` (1200x630, one per ``SHARE_IMAGE_LABELS`` kind and
language of ``settings.LANGUAGES``). Needs Pillow and the fonts named below (Debian's
``fonts-liberation`` and ``fonts-wqy-microhei``); raises CommandError when a font is missing.
"""

import math
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils import translation
from django.utils.translation import gettext
from PIL import Image, ImageDraw, ImageFont

from portal.core import identity
from portal.core.seo import DEFAULT_SHARE_IMAGE_SIZE, SHARE_IMAGE_LABELS, SHARE_IMAGE_PATH
from portal.edge.language import is_chinese

STATIC_IMG = Path(settings.BASE_DIR) / "portal" / "static" / "img"

#: Fonts: Liberation Sans has Arial's metrics (Arial is among the fonts the EU's rules allow beside the
#: emblem); WenQuanYi Micro Hei draws the Chinese.
LATIN_BOLD = "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf"
LATIN_REGULAR = "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf"
CJK = "/usr/share/fonts/truetype/wqy/wqy-microhei.ttc"

#: Drawing happens at this multiple of the final size, then is scaled down (smooth edges on polygons).
SCALE = 2
#: Colours of the share images: the portal's deep blue (``--blue-deep``), white and the EU's colours.
DEEP_BLUE = "#001A4D"
WHITE = "#FFFFFF"
#: The PNGs are flat colours: a palette of this many keeps the anti-aliased edges and the files small.
PALETTE_COLOURS = 64


def _font(path, size):
    if not Path(path).exists():
        raise CommandError(f"Font {path} is missing (Debian: fonts-liberation, fonts-wqy-microhei).")
    return ImageFont.truetype(path, size * SCALE)


def _fonts(language, size, *, bold=True):
    """The font for text in ``language`` at ``size`` px: the CJK font for Chinese, else Liberation Sans."""
    if is_chinese(language):
        return _font(CJK, size)
    return _font(LATIN_BOLD if bold else LATIN_REGULAR, size)


def _wrap(draw, text, font, width, cjk):
    """Split ``text`` into lines no wider than ``width`` (between words; between any characters in Chinese)."""
    units = list(text) if cjk else text.split()
    joiner = "" if cjk else " "
    lines, line = [], ""
    for unit in units:
        candidate = f"{line}{joiner}{unit}" if line else unit
        if line and draw.textlength(candidate, font=font) > width:
            lines.append(line)
            line = unit
        else:
            line = candidate
    return [*lines, line] if line else lines


def draw_emblem(draw, left, top, height):
    """Paint the EU emblem with its top-left corner at ``(left, top)`` and ``height`` px high (drawing units)."""
    draw.rectangle((left, top, left + height * 3 / 2, top + height), fill=identity.EU_BLUE)
    for corners in identity.emblem_stars(height, left, top):
        draw.polygon(corners, fill=identity.EU_YELLOW)


def draw_mark(draw, left, top, size):
    """Paint the logo mark (``identity.mark_shapes``) at ``(left, top)``, ``size`` px square (drawing units)."""
    k = size / identity.MARK_SIZE
    for kind, colour, geometry in identity.mark_shapes():
        if kind == "rounded":
            x, y, w, h, r = geometry
            draw.rounded_rectangle(
                (left + x * k, top + y * k, left + (x + w) * k, top + (y + h) * k), r * k, fill=colour
            )
        elif kind == "rect":
            x, y, w, h = geometry
            draw.rectangle((left + x * k, top + y * k, left + (x + w) * k - 1, top + (y + h) * k - 1), fill=colour)
        else:
            cx, cy = left + geometry["cx"] * k, top + geometry["cy"] * k
            r, half = geometry["r"] * k, geometry["width"] * k / 2
            box = (cx - r - half, cy - r - half, cx + r + half, cy + r + half)
            draw.arc(box, geometry["start"], geometry["end"], fill=colour, width=round(half * 2))
            for angle in (geometry["start"], geometry["end"]):
                ex, ey = cx + r * math.cos(math.radians(angle)), cy + r * math.sin(math.radians(angle))
                draw.ellipse((ex - half, ey - half, ex + half, ey + half), fill=colour)


def share_image(kind, language):
    """Return the share image of ``kind`` in ``language`` (a Pillow image, 1200x630, palette mode).

    Layout: the logo mark and the site's name on the portal's deep blue, the kind's words large
    beneath, a gold rule; below, on white (the EU's preferred background), the EU emblem with
    "Funded by the European Union" beside it in Reflex Blue, clear of the emblem by half its height.
    """
    width, height = DEFAULT_SHARE_IMAGE_SIZE
    s = SCALE
    image = Image.new("RGB", (width * s, height * s), DEEP_BLUE)
    draw = ImageDraw.Draw(image)
    cjk = is_chinese(language)
    margin = 80 * s
    with translation.override(language):
        site_name = gettext("International Urban Cooperation Asia")
        label = str(SHARE_IMAGE_LABELS[kind])
        funded = gettext("Funded by the European Union")

    draw.rectangle((0, 0, width * s, 12 * s), fill=identity.EU_YELLOW)
    draw_mark(draw, margin, 60 * s, 96 * s)
    name_font = _fonts(language, 34)
    draw.text((margin + 124 * s, 108 * s), site_name, font=name_font, fill=WHITE, anchor="lm")

    visual_length = len(label) * (2 if cjk else 1)  # a Han character is about two Latin letters wide
    size = 100 if visual_length <= 16 else 72 if visual_length <= 40 else 58
    label_font = _fonts(language, size)
    lines = _wrap(draw, label, label_font, width * s - 2 * margin, cjk)[:2]
    y = 200 * s
    for line in lines:
        draw.text((margin, y), line, font=label_font, fill=WHITE)
        y += round(size * 1.3) * s
    draw.rectangle((margin, y + 12 * s, margin + 120 * s, y + 20 * s), fill=identity.EU_YELLOW)

    band_top = 470 * s
    draw.rectangle((0, band_top, width * s, height * s), fill=WHITE)
    emblem_height = 100 * s
    emblem_top = band_top + (height * s - band_top - emblem_height) // 2
    draw_emblem(draw, margin, emblem_top, emblem_height)
    funded_font = _fonts(language, 40, bold=False)
    draw.text(
        (margin + emblem_height * 3 / 2 + emblem_height / 2, emblem_top + emblem_height / 2),
        funded,
        font=funded_font,
        fill=identity.EU_BLUE,
        anchor="lm",
    )
    small = image.resize((width, height), Image.Resampling.LANCZOS)
    return small.quantize(colors=PALETTE_COLOURS, method=Image.Quantize.MEDIANCUT, dither=Image.Dither.NONE)


class Command(BaseCommand):
    help = (
        "Write the EU emblem, the logo mark, the favicon and the share images (one per kind of page and "
        "language) into portal/static/img/. Run after changing a mark or a label; commit the files."
    )

    def handle(self, *args, **options):
        """Write every file, replacing the old ones, and list them with their sizes in bytes."""
        written = []
        for name, text in (
            ("eu-emblem.svg", identity.emblem_svg()),
            ("logo-mark.svg", identity.mark_svg()),
            ("favicon.svg", identity.mark_svg()),
        ):
            path = STATIC_IMG / name
            path.write_text(text, encoding="utf-8")
            written.append(path)
        for language, _name in settings.LANGUAGES:
            for kind in SHARE_IMAGE_LABELS:
                path = STATIC_IMG / SHARE_IMAGE_PATH.format(kind=kind, language=language).removeprefix("img/")
                path.parent.mkdir(parents=True, exist_ok=True)
                share_image(kind, language).save(path, optimize=True)
                written.append(path)
        for path in written:
            self.stdout.write(f"{path.relative_to(settings.BASE_DIR)}  {path.stat().st_size} bytes")
