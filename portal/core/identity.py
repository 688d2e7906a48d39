"""The portal's marks as geometry: the EU emblem (to the EU's published construction) and the IUC Asia logo mark.

One description feeds both outputs of ``manage.py make_identity_images``: the SVG files in
``portal/static/img/`` and the share images drawn with Pillow (docs/public-site.md, "Identity").
Coordinates are in user units of the mark's own box; nothing here reads a file or the database.
"""

import math

#: The EU's colours: Pantone Reflex Blue and Pantone Yellow as the Council of Europe publishes them for screens.
EU_BLUE = "#003399"
EU_YELLOW = "#FFCC00"

#: The emblem's box: a rectangle one and a half times as wide as it is high (height 540 makes the radii whole).
EMBLEM_HEIGHT = 540
EMBLEM_WIDTH = EMBLEM_HEIGHT * 3 // 2

#: The portal's own colours (portal.css ``--blue``, ``--gold``, ``--white``) and the logo mark's box.
BRAND_BLUE = "#003399"
BRAND_GOLD = "#FFCC00"
BRAND_WHITE = "#FFFFFF"
MARK_SIZE = 48


def _star(cx, cy, radius):
    """Return the 10 corners ``[(x, y), ...]`` of an upright five-pointed star centred on ``(cx, cy)``.

    The five points lie on a circle of ``radius``; the first points straight up (screen y grows
    downwards); the inner corners are where the lines between points cross (a regular pentagram).
    """
    inner = radius * math.sin(math.radians(18)) / math.sin(math.radians(54))
    corners = []
    for index in range(10):
        angle = math.radians(-90 + 36 * index)
        r = radius if index % 2 == 0 else inner
        corners.append((cx + r * math.cos(angle), cy + r * math.sin(angle)))
    return corners


def emblem_stars(height=EMBLEM_HEIGHT, left=0.0, top=0.0):
    """Return the twelve stars of an emblem of ``height`` placed at ``(left, top)``: a list of corner lists.

    The construction (Council of Europe, "Technical characteristics of the European flag"): the stars
    stand on an invisible circle centred where the rectangle's diagonals cross, of radius one third of
    the height, at the places of the hours on a clock face; each star's points lie on a circle of
    radius one eighteenth of the height, one point straight up.
    """
    cx, cy = left + height * 3 / 4, top + height / 2
    ring, star = height / 3, height / 18
    stars = []
    for hour in range(12):
        angle = math.radians(30 * hour)
        stars.append(_star(cx + ring * math.sin(angle), cy - ring * math.cos(angle), star))
    return stars


def _points(corners):
    return " ".join(f"{x:.2f},{y:.2f}" for x, y in corners)


def emblem_svg():
    """Return the EU emblem as an SVG document (a str): the blue rectangle and the twelve yellow stars."""
    stars = "".join(f'<polygon points="{_points(corners)}"/>' for corners in emblem_stars())
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {EMBLEM_WIDTH} {EMBLEM_HEIGHT}" '
        f'width="{EMBLEM_WIDTH}" height="{EMBLEM_HEIGHT}">'
        f'<rect width="{EMBLEM_WIDTH}" height="{EMBLEM_HEIGHT}" fill="{EU_BLUE}"/>'
        f'<g fill="{EU_YELLOW}">{stars}</g></svg>\n'
    )


# The logo mark: two small skylines (the paired cities) under a gold arc (the link between them), on a
# rounded blue square. Shapes are (kind, colour, geometry) in the 48-unit box.
_MARK_RADIUS = 10
_MARK_BARS = (
    (9, 21, 5, 17),  # left city, tall tower
    (15, 28, 5, 10),  # left city, low block
    (28, 31, 5, 7),  # right city, low block
    (34, 21, 5, 17),  # right city, tall tower
)
_MARK_GROUND = (7, 38, 34, 3)
#: The arc: its circle's centre, radius, the angles of its ends (degrees, clockwise from 3 o'clock as Pillow
#: counts) and the stroke width.
#: It springs from above one tall tower to above the other: ends at (11.5, 18) and (36.5, 18).
_MARK_ARC = {"cx": 24.0, "cy": 26.29, "r": 15.0, "start": 213.55, "end": 326.45, "width": 3.5}


def _arc_end(angle):
    arc = _MARK_ARC
    return (arc["cx"] + arc["r"] * math.cos(math.radians(angle)), arc["cy"] + arc["r"] * math.sin(math.radians(angle)))


def mark_shapes():
    """Return the logo mark's shapes in painting order, in its 48x48 box.

    Each is ``("rounded", colour, (x, y, w, h, radius))``, ``("rect", colour, (x, y, w, h))`` or
    ``("arc", colour, dict of cx, cy, r, start, end, width)`` (a round-capped circular arc).
    """
    shapes = [("rounded", BRAND_BLUE, (0, 0, MARK_SIZE, MARK_SIZE, _MARK_RADIUS))]
    shapes += [("rect", BRAND_WHITE, bar) for bar in _MARK_BARS]
    shapes.append(("rect", BRAND_WHITE, _MARK_GROUND))
    shapes.append(("arc", BRAND_GOLD, dict(_MARK_ARC)))
    return shapes


def mark_svg():
    """Return the logo mark as an SVG document (a str), drawn from ``mark_shapes``."""
    parts = []
    for kind, colour, geometry in mark_shapes():
        if kind == "rounded":
            x, y, w, h, r = geometry
            parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" rx="{r}" fill="{colour}"/>')
        elif kind == "rect":
            x, y, w, h = geometry
            parts.append(f'<rect x="{x}" y="{y}" width="{w}" height="{h}" fill="{colour}"/>')
        else:
            (x1, y1), (x2, y2) = _arc_end(geometry["start"]), _arc_end(geometry["end"])
            r = geometry["r"]
            parts.append(
                f'<path d="M{x1:.2f} {y1:.2f}A{r} {r} 0 0 1 {x2:.2f} {y2:.2f}" fill="none" stroke="{colour}" '
                f'stroke-width="{geometry["width"]}" stroke-linecap="round"/>'
            )
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {MARK_SIZE} {MARK_SIZE}" '
        f'width="{MARK_SIZE}" height="{MARK_SIZE}">{"".join(parts)}</svg>\n'
    )
