"""Map layers, one module each, in drawing order (first is drawn underneath).

A layer module has ID (a layer id of atlas.model.LAYER_IDS), LABEL, SHAPE, COLOR and
build(atlas, events, year) -> folium.FeatureGroup. To add one: write the module, add it here, add a test.
"""

from __future__ import annotations

from layers import bases, carrier_route, conflict, diplomacy, port_plans, wagner_sites

LAYERS = (carrier_route, conflict, diplomacy, port_plans, wagner_sites, bases)
BY_ID = {layer.ID: layer for layer in LAYERS}
