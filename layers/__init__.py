"""Map layers, one module each, in drawing order (first is drawn underneath).

A layer module declares ID (a layer id of atlas.model.LAYER_IDS), LABEL, SHAPE (a key of layers.style.SHAPES) and
COLOR; the renderer (layers/assets/footprint_map.js) draws every layer from the atlas payload with these looks.
An event with route points is drawn as a route whatever its layer. To add a layer: add its id to LAYER_IDS, write
the module, add it here.
"""

from __future__ import annotations

from atlas.model import LAYER_IDS
from layers import bases, carrier_route, conflict, diplomacy, logistics, port_plans, wagner_sites

_ALL = (carrier_route, logistics, conflict, diplomacy, port_plans, wagner_sites, bases)
LAYERS = tuple(layer for layer in _ALL if layer.ID in LAYER_IDS)  # logistics shows once its id is in the model
BY_ID = {layer.ID: layer for layer in LAYERS}
