"""The Admiral Kuznetsov's 2016–17 deployment: a dated route that stays at sea, and its stop off Tobruk.

Drawn by the renderer (layers/assets/footprint_map.js), like every event with route points: legs between two
sourced positions solid, legs with an inferred waypoint dotted, arrows for the direction of travel, outbound and
return a few pixels apart, each dated position clickable for its own source. The line ends where the ship had
got to by the end of the selected year (atlas.queries.route_until).
"""

from __future__ import annotations

ID = "carrier_route"
LABEL = "Admiral Kuznetsov's route"
SHAPE = "triangle"
COLOR = "#1a1a1a"
