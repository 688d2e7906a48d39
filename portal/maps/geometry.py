"""The shipped boundaries, projected into a frame: read once per process, then kept (they never change).

The projection is equirectangular with the longitude scaled by the cosine of the frame's middle latitude
(docs/decisions/0025-maps-from-natural-earth-drawn-as-svg.md): distances are true along that latitude, which
is close enough for the small-scale maps of a country or of Europe and China. Map units: the frame's width is
``width`` units, y grows southwards (SVG).
"""

import json
import math
from functools import lru_cache
from pathlib import Path

import shapely

from portal.maps.frames import FRAMES

BOUNDARIES = Path(__file__).parent / "data" / "boundaries.geojson"


@lru_cache(maxsize=1)
def boundaries():
    """Return the shipped countries as a tuple of (ISO numeric code, shapely geometry in degrees)."""
    collection = json.loads(BOUNDARIES.read_text(encoding="utf-8"))
    return tuple((feature["id"], shapely.geometry.shape(feature["geometry"])) for feature in collection["features"])


class Projection:
    """Projects (longitude, latitude) in degrees into the map units of ``frame``, ``width`` units wide."""

    def __init__(self, frame, width):
        self.frame = frame
        self.x_scale = math.cos(math.radians((frame.north + frame.south) / 2))
        self.scale = width / ((frame.east - frame.west) * self.x_scale)
        self.width = width
        self.height = round((frame.north - frame.south) * self.scale, 1)

    def __call__(self, longitude, latitude):
        """Return the (x, y) map units of a point in degrees; outside the frame's box they fall outside the map."""
        return (
            (longitude - self.frame.west) * self.x_scale * self.scale,
            (self.frame.north - latitude) * self.scale,
        )

    def contains(self, longitude, latitude):
        """Return whether the point (degrees) lies inside the frame."""
        frame = self.frame
        return frame.west <= longitude <= frame.east and frame.south <= latitude <= frame.north


def _area(points):
    """Return the area of a ring of (x, y) points (shoelace formula), in square map units."""
    return abs(sum(x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True))) / 2


def _path(geometry, projection, decimals, min_area):
    """Return the SVG path data of a (Multi)Polygon in degrees, projected, to ``decimals`` places.

    Rings smaller than ``min_area`` square map units (islands too small to see) are left out.
    """
    polygons = getattr(geometry, "geoms", [geometry])
    parts = []
    for polygon in polygons:
        if polygon.geom_type != "Polygon" or polygon.is_empty:
            continue
        for ring in (polygon.exterior, *polygon.interiors):
            points = [projection(x, y) for x, y in ring.coords[:-1]]
            if len(points) >= 3 and _area(points) >= min_area:
                parts.append("M" + "L".join(f"{x:.{decimals}f} {y:.{decimals}f}" for x, y in points) + "Z")
    return "".join(parts)


@lru_cache(maxsize=64)
def base_layer(frame_key, width, detail=0.5, decimals=1):
    """Return the countries of frame ``frame_key`` drawn ``width`` units wide.

    Output: (Projection, tuple of (path data, is_focus)), neighbours first, the frame's focus countries last.
    The boundaries are clipped to the frame and simplified to ``detail`` map units, the path's numbers written
    to ``decimals`` places (a small locator map needs less of both). Raises KeyError for an unknown frame.
    """
    frame = FRAMES[frame_key]
    projection = Projection(frame, width)
    tolerance = detail / projection.scale  # degrees
    layers = []
    for code, geometry in boundaries():
        clipped = shapely.clip_by_rect(geometry, frame.west, frame.south, frame.east, frame.north)
        if clipped.is_empty:
            continue
        simplified = clipped.simplify(tolerance, preserve_topology=True)
        path = _path(simplified, projection, decimals, min_area=detail * detail)
        if path:
            layers.append((path, code in frame.focus))
    layers.sort(key=lambda layer: layer[1])
    return projection, tuple(layers)
