"""portal.maps: the shipped boundaries, the projection, clipping, labels and the per-process cache."""

import json
import math
from pathlib import Path

import pytest
import shapely

from portal.maps import geometry
from portal.maps.derive_boundaries import EXTENT
from portal.maps.frames import FRAMES
from portal.maps.geometry import Projection, base_layer, boundaries
from portal.maps.render import Place, draw, place_labels, text_width

CHONGQING = Place("Chongqing", 106.55, 29.56)
ROME = Place("Rome", 12.5, 41.9)


def test_the_shipped_boundaries_are_small_and_name_the_countries_the_maps_need():
    size = geometry.BOUNDARIES.stat().st_size
    assert size < 1_000_000
    collection = json.loads(geometry.BOUNDARIES.read_text(encoding="utf-8"))
    codes = {feature["id"] for feature in collection["features"]}
    # China, Hong Kong, Indonesia, Malaysia, Singapore, Republic of Korea, Vietnam, and the EU's member states.
    assert {"156", "344", "360", "458", "702", "410", "704"} | FRAMES["eu-member-states"].focus <= codes


@pytest.mark.parametrize("key", sorted(FRAMES))
def test_every_frame_lies_inside_the_shipped_extent(key):
    frame = FRAMES[key]
    west, south, east, north = EXTENT
    assert west <= frame.west < frame.east <= east
    assert south <= frame.south < frame.north <= north


def test_projection_maps_the_frame_corners_to_the_map_corners_and_scales_longitude_by_the_cosine():
    frame = FRAMES["china"]
    projection = Projection(frame, 640)
    assert projection(frame.west, frame.north) == pytest.approx((0, 0))
    assert projection(frame.east, frame.south) == pytest.approx((640, projection.height), abs=0.1)
    # One degree of longitude is cos(middle latitude) of one degree of latitude.
    middle = (frame.north + frame.south) / 2
    (x0, y0), (x1, _), (_, y2) = projection(100, middle), projection(101, middle), projection(100, middle - 1)
    assert (x1 - x0) / (y2 - y0) == pytest.approx(math.cos(math.radians(middle)))


def test_a_base_layer_is_clipped_to_its_frame_and_draws_the_focus_country_last():
    projection, layers = base_layer("vietnam", 640)
    text = " ".join(path for path, _focus in layers)
    numbers = [float(n) for n in text.replace("M", " ").replace("L", " ").replace("Z", " ").split()]
    xs, ys = numbers[0::2], numbers[1::2]
    assert min(xs) >= -0.05 and max(xs) <= 640.05
    assert min(ys) >= -0.05 and max(ys) <= projection.height + 0.05
    assert [focus for _path, focus in layers][-1] is True
    assert sum(focus for _path, focus in layers) == 1  # Vietnam, once
    # Neighbours inside the frame are drawn too (Laos, Cambodia, Thailand, China...).
    assert len(layers) >= 4


def test_a_place_outside_the_frame_is_not_marked_and_a_link_with_an_end_outside_is_not_drawn():
    china = draw("china", map_id="m", title="t", description="d", places=[CHONGQING, ROME])
    assert [(marker["x"], marker["y"]) for marker in china.markers] == [
        pytest.approx(Projection(FRAMES["china"], 640)(CHONGQING.longitude, CHONGQING.latitude), abs=0.1)
    ]
    assert draw("china", map_id="m", title="t", description="d", links=[(ROME, CHONGQING)]).lines == []
    pairings = draw("pairings", map_id="m", title="t", description="d", links=[(ROME, CHONGQING), (ROME, CHONGQING)])
    assert len(pairings.lines) == 2
    assert len(pairings.markers) == 2  # each city once


def overlap(a, b):
    """Whether boxes ``a`` and ``b`` (x0, y0, x1, y1) share more than a sliver (half a unit across, 4 down)."""
    return a[0] < b[2] - 0.5 and b[0] < a[2] - 0.5 and a[1] < b[3] - 4 and b[1] < a[3] - 4


def test_labels_do_not_overlap_and_stay_inside_the_map():
    markers = [(100, 100, "Depok"), (101, 102, "Bogor"), (102, 98, "Tangerang"), (630, 50, "长春"), (5, 5, "A")]
    labels = place_labels(markers, 640, 300, 15, 5.5)
    assert "长春" in {label["text"] for label in labels}
    boxes = []
    for label in labels:
        width = text_width(label["text"], 15)
        x0 = {"start": label["x"], "end": label["x"] - width, "middle": label["x"] - width / 2}[label["anchor"]]
        box = (x0, label["y"] - 15, x0 + width, label["y"] + 4)
        assert box[0] >= 0 and box[2] <= 640 and box[1] >= -4
        assert not any(overlap(box, other) for other in boxes)
        boxes.append(box)
    chinese = next(label for label in labels if label["text"] == "长春")
    assert chinese["anchor"] == "end"  # no room on the right at the map's edge


def test_cjk_labels_are_measured_wider_than_latin_ones():
    assert text_width("长春", 10) == 20
    assert text_width("Rome", 10) == pytest.approx(24)


def test_the_boundaries_are_read_once_per_process(monkeypatch):
    boundaries.cache_clear()
    base_layer.cache_clear()
    reads = []
    original = Path.read_text

    def counting_read_text(self, *args, **kwargs):
        reads.append(self)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Path, "read_text", counting_read_text)
    for _ in range(3):
        draw("malaysia", map_id="m", title="t", description="d", places=[Place("Muar", 102.57, 2.05)])
        draw("china", map_id="m", title="t", description="d", places=[CHONGQING], size="small")
    assert reads == [geometry.BOUNDARIES]


def test_a_drawn_base_layer_is_kept_not_clipped_again(monkeypatch):
    draw("indonesia", map_id="m", title="t", description="d")

    def no_clipping(*args, **kwargs):
        raise AssertionError("clipped again")

    monkeypatch.setattr(shapely, "clip_by_rect", no_clipping)
    assert draw("indonesia", map_id="m", title="t", description="d", places=[Place("Bogor", 106.8, -6.6)]).markers


def test_an_unknown_frame_is_an_error():
    with pytest.raises(KeyError):
        draw("atlantis", map_id="m", title="t", description="d")
