"""Russian military bases and their home ports."""

from __future__ import annotations

ID = "bases"
LABEL = "Russian bases"
SHAPE = "square"
COLOR = "#0072B2"
