"""Two of our places that share an alias: one reading when they stand a few km apart, both when they do not."""

from __future__ import annotations

from atlas.gazetteer import Gazetteer
from atlas.model import Place


def _place(pid: str, name: str, aliases: tuple[str, ...], lat: float, lon: float) -> Place:
    return Place(pid, name, aliases, lat, lon, "port", "SY", 2, "geonames:1")


def test_an_alias_shared_a_few_km_apart_reads_as_the_first_place() -> None:
    gaz = Gazetteer([]).with_places(
        [
            _place("naval", "Tartus naval facility", ("Tartus",), 34.915, 35.875),
            _place("port", "Tartus commercial port", ("Tartus", "Port of Tartus"), 34.889, 35.887),
        ]
    )
    assert [e.ref for e in gaz.lookup("Tartus")] == ["naval"]
    assert [e.ref for e in gaz.lookup("Port of Tartus")] == ["port"]
    assert [e.ref for e in gaz.lookup("Tartus commercial port")] == ["port"]


def test_an_alias_shared_far_apart_keeps_both_readings() -> None:
    gaz = Gazetteer([]).with_places(
        [
            _place("a", "Springfield, Illinois", ("Springfield",), 39.80, -89.64),
            _place("b", "Springfield, Missouri", ("Springfield",), 37.21, -93.29),
        ]
    )
    assert sorted(e.ref for e in gaz.lookup("Springfield")) == ["a", "b"]
