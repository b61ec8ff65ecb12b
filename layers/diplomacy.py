"""Visits, meetings and diplomatic missions."""

from __future__ import annotations

ID = "diplomacy"
LABEL = "Diplomacy and meetings"
SHAPE = "circle"
COLOR = "#009E73"
