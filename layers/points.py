"""Point marks: how uncertain a location must be to get a halo (drawn in metres by the renderer)."""

from __future__ import annotations

# Radii below this are drawn as the symbol alone; above MAX_HALO_KM (a whole country) no halo is drawn.
MIN_HALO_KM, MAX_HALO_KM = 3.0, 400.0
