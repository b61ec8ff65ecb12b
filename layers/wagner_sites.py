"""Air bases and oil sites public sources name as held or guarded by Wagner."""

from __future__ import annotations

ID = "wagner_sites"
LABEL = "Wagner-guarded sites"
SHAPE = "cross"
COLOR = "#D55E00"
