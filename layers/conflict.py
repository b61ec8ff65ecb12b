"""Offensives, takeovers and deaths that shaped Russia's position."""

from __future__ import annotations

from layers.points import point_layer

ID = "conflict"
LABEL = "Conflict and control"
SHAPE = "star"
COLOR = "#CC79A7"

build = point_layer(ID, LABEL, SHAPE, COLOR)
