"""Derive the shipped country boundaries (``data/boundaries.geojson``) from Natural Earth.

Not run by the portal: a maintainer runs it once when the boundaries change, then commits its output.

Input: ``countries-50m.json`` of the world-atlas package, version 2.0.2 (npm; TopoJSON of Natural Earth's
1:50m Admin 0 countries, version 4.1.0, quantised to 1e5 steps). Get it with ``npm pack world-atlas@2.0.2``
and unpack the tarball. Output: a GeoJSON FeatureCollection of every country that meets ``EXTENT``, clipped
to it, simplified (``TOLERANCE`` degrees, topology kept) and rounded to ``DECIMALS`` places, each feature with
``id`` (ISO 3166-1 numeric code, as Natural Earth gives it) and ``name`` (Natural Earth's English name).

Usage: ``python -m portal.maps.derive_boundaries path/to/countries-50m.json``
(writes ``portal/maps/data/boundaries.geojson``). Needs shapely. See docs/maps.md.
"""

import json
import sys
from pathlib import Path

import shapely
from shapely.geometry import MultiPolygon, Polygon, mapping

#: (west, south, east, north) in degrees: the union of every map frame (portal/maps/frames.py) and a margin.
EXTENT = (-14.0, -13.0, 150.0, 62.0)
TOLERANCE = 0.02
DECIMALS = 2
OUTPUT = Path(__file__).parent / "data" / "boundaries.geojson"


def decode_arcs(topology):
    """Return the topology's arcs as lists of (longitude, latitude) pairs (delta-decoded, dequantised)."""
    (kx, ky), (dx, dy) = topology["transform"]["scale"], topology["transform"]["translate"]
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for qx, qy in arc:
            x, y = x + qx, y + qy
            points.append((x * kx + dx, y * ky + dy))
        arcs.append(points)
    return arcs


def ring(arcs, indexes):
    """Join the arcs a TopoJSON ring names (a negative index ~i is arc i reversed) into one ring."""
    points = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points.extend(arc if not points else arc[1:])
    return points


def geometry(arcs, obj):
    """Return the shapely (Multi)Polygon of a TopoJSON Polygon or MultiPolygon object, or None."""
    if obj["type"] == "Polygon":
        polygons = [obj["arcs"]]
    elif obj["type"] == "MultiPolygon":
        polygons = obj["arcs"]
    else:
        return None
    parts = [Polygon(ring(arcs, rings[0]), [ring(arcs, hole) for hole in rings[1:]]) for rings in polygons]
    return shapely.make_valid(MultiPolygon(parts))


def derive(source):
    """Return the FeatureCollection (a dict) derived from the TopoJSON file ``source``."""
    topology = json.loads(Path(source).read_text(encoding="utf-8"))
    arcs = decode_arcs(topology)
    extent = shapely.box(*EXTENT)
    features = []
    for obj in topology["objects"]["countries"]["geometries"]:
        shape = geometry(arcs, obj)
        if shape is None or not shape.intersects(extent):
            continue
        shape = shape.intersection(extent).simplify(TOLERANCE, preserve_topology=True)
        shape = shapely.set_precision(shape, 10**-DECIMALS)
        if shape.is_empty:
            continue
        features.append(
            {
                "type": "Feature",
                "id": obj.get("id", ""),
                "properties": {"name": obj["properties"]["name"]},
                "geometry": mapping(shape),
            }
        )
    features.sort(key=lambda feature: feature["properties"]["name"])
    return {"type": "FeatureCollection", "features": features}


def main(argv):
    """Write ``OUTPUT`` from the file named in ``argv[1]``."""
    collection = derive(argv[1])
    text = json.dumps(collection, ensure_ascii=False, separators=(",", ":"))
    OUTPUT.write_text(text + "\n", encoding="utf-8")
    print(f"{len(collection['features'])} countries, {len(text)} bytes -> {OUTPUT}")


if __name__ == "__main__":
    main(sys.argv)
