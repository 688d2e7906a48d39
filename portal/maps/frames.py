"""The map frames: which part of the world each map shows, and which countries it draws as the subject.

A frame is a longitude-latitude box (degrees, WGS84). Its key is the ``Country`` value of the country page
that uses it (components.choices), plus ``pairings`` (the EU-China city pairings). Every frame lies inside
``portal.maps.derive_boundaries.EXTENT``, the part of the world the shipped boundaries cover.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Frame:
    """A map frame: ``west``, ``south``, ``east``, ``north`` in degrees; ``focus``: ISO 3166-1 numeric codes
    of the countries drawn as the map's subject (the others are drawn as neighbours)."""

    west: float
    south: float
    east: float
    north: float
    focus: frozenset = frozenset()


#: The EU's member states while the programme ran (2016-2020), the United Kingdom included.
EU_MEMBER_STATES = frozenset(
    {
        *("040", "056", "100", "191", "196", "203", "208", "233", "246", "250", "276", "300", "348", "372"),
        *("380", "428", "440", "442", "470", "528", "616", "620", "642", "703", "705", "724", "752", "826"),
    }
)

FRAMES = {
    "china": Frame(73.0, 17.0, 136.0, 54.0, frozenset({"156"})),
    "hong-kong": Frame(113.8, 22.12, 114.5, 22.6, frozenset({"344"})),
    "indonesia": Frame(94.5, -11.5, 141.5, 6.5, frozenset({"360"})),
    "malaysia": Frame(99.3, 0.6, 119.5, 7.6, frozenset({"458"})),
    "singapore": Frame(103.6, 1.15, 104.1, 1.48, frozenset({"702"})),
    "republic-of-korea": Frame(124.0, 33.0, 131.0, 39.0, frozenset({"410"})),
    "vietnam": Frame(100.0, 8.0, 112.0, 23.5, frozenset({"704"})),
    "eu-member-states": Frame(-11.0, 34.5, 31.0, 60.0, EU_MEMBER_STATES),
    "pairings": Frame(-11.0, 17.0, 136.0, 60.0, EU_MEMBER_STATES | {"156"}),
}
