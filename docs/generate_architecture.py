"""Draw the layers of the library from its imports: `python docs/generate_architecture.py`.

Reads the import graph of `provenance` with grimp (what import-linter checks), collapses it to the layers of
pyproject.toml, and writes docs/architecture.dot and, when Graphviz is installed, docs/architecture.svg.
tests/test_docs.py fails when the DOT file no longer matches the code.
"""

from __future__ import annotations

import shutil
import subprocess
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]
DOT = Path(__file__).with_name("architecture.dot")


def layers() -> list[list[str]]:
    """Return the layers of the contract in pyproject.toml, highest first, each a list of packages."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    contract = next(c for c in config["tool"]["importlinter"]["contracts"] if c["type"] == "layers")
    return [[m.strip() for m in layer.split("|")] for layer in contract["layers"]]


def layer_edges() -> set[tuple[str, str]]:
    """Return (importer, imported) between the layers' packages, lazy imports included."""
    graph = grimp.build_graph("provenance", cache_dir=None)
    packages = [p for layer in layers() for p in layer]

    def owner(module: str) -> str | None:
        return next((p for p in packages if module == p or module.startswith(p + ".")), None)

    edges = set()
    for module in graph.modules:
        source = owner(module)
        for imported in graph.find_modules_directly_imported_by(module):
            target = owner(imported)
            if source and target and source != target:
                edges.add((source, target))
    return edges


def render() -> str:
    """Return the DOT source of the layer picture."""
    lines = [
        "digraph layers {",
        '  graph [rankdir=TB, fontname="Helvetica", nodesep=0.3, ranksep=0.45];',
        '  node [shape=box, style="rounded,filled", fillcolor="#eef3fb", fontname="Helvetica", fontsize=11];',
        '  edge [color="#7f8c9d", arrowsize=0.6];',
    ]
    lines.append('  label="Layers of provenance, highest first: an arrow is an import (drawn from the code)";')
    lines.append("  labelloc=b; fontsize=10;")
    for rank, layer in enumerate(layers()):
        names = " ".join(f'"{p}"' for p in layer)
        placement = "sink" if rank == len(layers()) - 1 else "same"
        lines.append(f"  {{ rank={placement}; {names} }}  // layer {rank + 1}")
        for package in layer:
            label = package.removeprefix("provenance.")
            base = ', style="rounded,dashed", fillcolor=white' if placement == "sink" else ""
            lines.append(f'  "{package}" [label="{label}"{base}];')
    base = set(layers()[-1])  # errors, limits, vocabulary: every layer uses them; drawn without arrows
    for source, target in sorted(layer_edges()):
        if target not in base:
            lines.append(f'  "{source}" -> "{target}";')
    lines.append("}")
    return "\n".join(lines) + "\n"


def main() -> None:
    """Write docs/architecture.dot, and docs/architecture.svg with Graphviz."""
    DOT.write_text(render(), encoding="utf-8")
    if shutil.which("dot"):
        subprocess.run(["dot", "-Tsvg", str(DOT), "-o", str(DOT.with_suffix(".svg"))], check=True)


if __name__ == "__main__":
    main()
