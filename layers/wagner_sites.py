"""Air bases and oil sites public sources name as held or guarded by Wagner, and the Africa Corps deployments
that followed it (Ouagadougou, Niamey, Bamako)."""

from __future__ import annotations

ID = "wagner_sites"
LABEL = "Wagner and Africa Corps sites"
SHAPE = "cross"
COLOR = "#D55E00"
