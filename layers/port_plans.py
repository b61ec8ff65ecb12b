"""Ports, bases and consulates Russia planned, was offered or was claimed to build."""

from __future__ import annotations

ID = "port_plans"
LABEL = "Port and base plans"
SHAPE = "diamond"
COLOR = "#E69F00"
