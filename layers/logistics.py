"""Logistics: flights and sea runs that carry men and materiel Syria → Libya → Sahel, drawn as routes.

A route like the carrier's (any event with route points is drawn as one by the renderer), in its own colour
and shape so the two never read as one journey.
"""

from __future__ import annotations

ID = "logistics"
LABEL = "Logistics flights and sea runs"
SHAPE = "hexagon"
COLOR = "#56B4E9"
