"""Imports run one way: app/pages → layers → atlas. The guard is proven able to fail."""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FORBIDDEN = {
    "atlas": {"layers", "streamlit", "folium", "streamlit_folium", "app", "pages"},
    "layers": {"app", "pages", "streamlit"},
}


def imported_roots(source: str) -> set[str]:
    roots = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            roots |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            roots.add(node.module.split(".")[0])
    return roots


def violations(package: str, files: dict[str, str]) -> list[str]:
    return [f"{name} imports {bad}" for name, src in files.items() for bad in imported_roots(src) & FORBIDDEN[package]]


def test_atlas_and_layers_never_import_upwards():
    for package in FORBIDDEN:
        files = {str(p): p.read_text(encoding="utf-8") for p in (ROOT / package).rglob("*.py")}
        assert files
        assert violations(package, files) == []


def test_the_guard_can_fail():
    found = violations("atlas", {"x.py": "import folium\nfrom layers import bases"})
    assert sorted(found) == ["x.py imports folium", "x.py imports layers"]
