"""Offensives, takeovers and deaths that shaped Russia's position."""

from __future__ import annotations

ID = "conflict"
LABEL = "Conflict and control"
SHAPE = "star"
COLOR = "#CC79A7"
