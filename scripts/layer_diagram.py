"""Draws the package layers from the code: the layers contract in pyproject.toml, and the package-level imports
grimp (import-linter's graph) finds between them (an arrow per pair of layers, labelled with how many package
pairs import that way; an upward arrow would be a broken contract), as Mermaid between the LAYERS markers in
README.md.

Run: .venv/bin/python scripts/layer_diagram.py [--check]   (--check: exit 1 when README.md is out of date)
"""

from __future__ import annotations

import re
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parent.parent
START, END = "<!-- LAYERS:START (scripts/layer_diagram.py) -->", "<!-- LAYERS:END -->"


def _package(module: str, names: list[str]) -> str | None:
    matches = [n for n in names if module == n or module.startswith(n + ".")]
    return max(matches, key=len) if matches else None


def diagram() -> str:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    layers = next(c["layers"] for c in config["contracts"] if c["type"] == "layers")
    rows = [[part.strip() for part in re.split(r"[:|]", layer)] for layer in layers]
    names = [name for row in rows for name in row]
    graph = grimp.build_graph(*config["root_packages"], exclude_type_checking_imports=True)
    edges: set[tuple[str, str]] = set()
    for module in graph.modules:
        source = _package(module, names)
        for imported in graph.find_modules_directly_imported_by(module):
            target = _package(imported, names)
            if source and target and source != target:
                edges.add((source, target))
    ident = {name: re.sub(r"\W", "_", name) for name in names}
    lines = ["```mermaid", "flowchart TB"]
    for index, row in enumerate(rows):
        lines.append(f"  subgraph L{index}[\" \"]")
        lines += [f"    {ident[name]}[\"{name}\"]" for name in row]
        lines.append("  end")
    layer_of = {name: index for index, row in enumerate(rows) for name in row}
    between: dict[tuple[int, int], int] = {}
    for source, target in edges:
        key = (layer_of[source], layer_of[target])
        if key[0] != key[1]:
            between[key] = between.get(key, 0) + 1
    for (upper, lower), count in sorted(between.items()):  # one arrow per pair of layers, labelled with its imports
        lines.append(f"  L{upper} -->|{count}| L{lower}")
    lines.append("```")
    return "\n".join(lines)


def main(check: bool) -> int:
    readme = (ROOT / "README.md").read_text()
    before, _, rest = readme.partition(START)
    _, _, after = rest.partition(END)
    updated = f"{before}{START}\n{diagram()}\n{END}{after}"
    if check:
        return 0 if updated == readme else 1
    (ROOT / "README.md").write_text(updated)
    return 0


if __name__ == "__main__":
    sys.exit(main("--check" in sys.argv))
