"""What a map shows, in map units: the countries of its frame, markers, lines and labels.

``draw`` returns a ``Map`` for the template ``maps/map.html`` (an accessible SVG). Geometry comes from
``portal.maps.geometry`` (read and projected once per process); this module adds the request's places, so a
map costs no file read and no database query of its own.
"""

from dataclasses import dataclass, field

from portal.maps.geometry import base_layer

#: How each size of map is drawn: width (map units), detail (simplification, map units), decimals of the
#: path data, marker radius, label font size (map units).
SIZES = {
    "large": {"width": 640, "detail": 0.5, "decimals": 1, "radius": 5.5, "font": 15},
    "small": {"width": 200, "detail": 2, "decimals": 0, "radius": 6, "font": 0},
}


@dataclass(frozen=True)
class Place:
    """A point to mark: ``name`` (in the page's language), ``longitude`` and ``latitude`` in degrees."""

    name: str
    longitude: float
    latitude: float


@dataclass
class Map:
    """A map ready to render: ``map_id`` (unique on its page), texts, size and what it draws."""

    map_id: str
    title: str
    description: str
    width: float
    height: float
    layers: tuple
    markers: list = field(default_factory=list)
    lines: list = field(default_factory=list)
    labels: list = field(default_factory=list)
    size: str = "large"


def text_width(text, font):
    """Return the estimated width of ``text`` at ``font`` map units (CJK characters one em, others 0.6 em)."""
    return sum(1.0 if ord(character) >= 0x2E80 else 0.6 for character in text) * font


def _overlaps(box, boxes):
    """Return whether ``box`` (x0, y0, x1, y1) meets any of ``boxes``."""
    return any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in boxes)


def place_labels(markers, width, height, font, radius):
    """Return the labels of ``markers`` ((x, y, name) in map units) that fit without overlapping.

    Each label is tried right, left, above and below its marker, in the markers' order; one that fits nowhere
    inside the map is left out (the text list beside the map names every place). Output: dicts of x, y,
    anchor ("start", "end", "middle") and text.
    """
    taken = [(x - radius, y - radius, x + radius, y + radius) for x, y, _name in markers]
    labels = []
    gap = radius + 3
    for x, y, name in markers:
        w = text_width(name, font)
        candidates = (
            ("start", x + gap, y + font * 0.35, (x + gap, y - font * 0.6, x + gap + w, y + font * 0.45)),
            ("end", x - gap, y + font * 0.35, (x - gap - w, y - font * 0.6, x - gap, y + font * 0.45)),
            ("middle", x, y - gap - 2, (x - w / 2, y - gap - font, x + w / 2, y - gap)),
            ("middle", x, y + gap + font * 0.8, (x - w / 2, y + gap, x + w / 2, y + gap + font)),
        )
        for anchor, lx, ly, box in candidates:
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not _overlaps(box, taken):
                taken.append(box)
                labels.append({"x": round(lx, 1), "y": round(ly, 1), "anchor": anchor, "text": name})
                break
    return labels


def draw(frame_key, *, map_id, title, description, places=(), links=(), size="large", labels=True):
    """Return the ``Map`` of frame ``frame_key`` marking ``places`` and joining the pairs of Places in ``links``.

    Places outside the frame are left out, and so are links with an end outside it. Each distinct place is
    marked once. ``labels``: name the markers (large maps only). Raises KeyError for an unknown frame or size.
    """
    spec = SIZES[size]
    projection, layers = base_layer(frame_key, spec["width"], spec["detail"], spec["decimals"])
    inside = [place for place in places if projection.contains(place.longitude, place.latitude)]
    lines = []
    for start, end in links:
        if not all(projection.contains(place.longitude, place.latitude) for place in (start, end)):
            continue
        (x0, y0), (x1, y1) = projection(start.longitude, start.latitude), projection(end.longitude, end.latitude)
        # A gentle arc: the control point is raised by a tenth of the line's length, so lines from one city fan out.
        cx, cy = (x0 + x1) / 2 + (y0 - y1) * 0.1, (y0 + y1) / 2 - abs(x1 - x0) * 0.1
        lines.append(f"M{x0:.1f} {y0:.1f}Q{cx:.1f} {cy:.1f} {x1:.1f} {y1:.1f}")
        inside.extend((start, end))
    markers = []
    seen = set()
    for place in inside:
        key = (place.name, place.longitude, place.latitude)
        if key in seen:
            continue
        seen.add(key)
        x, y = projection(place.longitude, place.latitude)
        markers.append((round(x, 1), round(y, 1), place.name))
    drawn = Map(
        map_id=map_id,
        title=title,
        description=description,
        width=projection.width,
        height=projection.height,
        layers=layers,
        markers=[{"x": x, "y": y, "r": spec["radius"]} for x, y, _name in markers],
        lines=lines,
        size=size,
    )
    if labels and spec["font"]:
        drawn.labels = place_labels(markers, projection.width, projection.height, spec["font"], spec["radius"])
    return drawn
