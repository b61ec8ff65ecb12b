"""Visits, meetings and diplomatic missions."""

from __future__ import annotations

from layers.points import point_layer

ID = "diplomacy"
LABEL = "Diplomacy and meetings"
SHAPE = "circle"
COLOR = "#009E73"

build = point_layer(ID, LABEL, SHAPE, COLOR)
