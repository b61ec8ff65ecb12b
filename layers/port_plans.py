"""Ports, bases and consulates Russia planned, was offered or was claimed to build."""

from __future__ import annotations

from layers.points import point_layer

ID = "port_plans"
LABEL = "Port and base plans"
SHAPE = "diamond"
COLOR = "#E69F00"

build = point_layer(ID, LABEL, SHAPE, COLOR)
