"""Russian military bases and their home ports."""

from __future__ import annotations

from layers.points import point_layer

ID = "bases"
LABEL = "Russian bases"
SHAPE = "square"
COLOR = "#0072B2"

build = point_layer(ID, LABEL, SHAPE, COLOR)
