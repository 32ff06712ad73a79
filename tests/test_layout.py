"""The layout rule, measured on today's imports: dependencies point one way, and front ends use package faces."""

import ast
import importlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT_ENDS = ["cogs", "web", "bot/cli.py", "bot/app.py", "bot/__main__.py"]
# Top-level modules front ends may import besides package faces: the composition root and the bot process.
ENTRY_MODULES = {"bot.services", "bot.app", "bot.cli"}


def _module_level_imports(path: Path) -> list[str]:
    found = []
    for node in ast.parse(path.read_text()).body:
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.dump(node.test):
            continue  # type-only imports do not run
        if isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
        elif isinstance(node, ast.Import):
            found += [a.name for a in node.names]
    return found


def _package(module: str) -> str | None:
    parts = module.split(".")
    if parts[0] != "bot" or len(parts) < 2:
        return None
    return parts[1]


def _sources(*where: str) -> list[Path]:
    files: list[Path] = []
    for item in where:
        path = ROOT / item
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def test_capability_packages_import_each_other_in_one_direction():
    graph: dict[str, set[str]] = {}
    for path in _sources("bot"):
        relative = path.relative_to(ROOT).with_suffix("")
        mine = relative.parts[1]  # a package, or a top-level module (app, cli, services)
        for module in _module_level_imports(path):
            theirs = _package(module)
            if theirs and theirs != mine:
                graph.setdefault(mine, set()).add(theirs)
    # Kahn's algorithm: every package must come out; what is left sits on a circle.
    remaining = {node: set(edges) for node, edges in graph.items()}
    changed = True
    while changed:
        changed = False
        for node in [n for n, edges in remaining.items() if not (edges & remaining.keys())]:
            del remaining[node]
            changed = True
    assert remaining == {}, f"import circle among {sorted(remaining)}"
    # Model types and settings are leaves: they import no capability.
    assert graph.get("model", set()) <= set() and graph.get("config", set()) <= {"model"}
    assert graph.get("storage", set()) <= {"model", "config", "observability"}


def test_front_ends_reach_the_domain_through_package_faces_only():
    offenders = []
    for path in _sources(*FRONT_ENDS):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot."):
                if node.module.count(".") > 1 and node.module not in ENTRY_MODULES:
                    offenders.append(f"{path.relative_to(ROOT)}: from {node.module}")
    assert offenders == []


def test_every_face_exports_what_it_names():
    for init in sorted((ROOT / "bot").glob("*/__init__.py")):
        face = importlib.import_module(f"bot.{init.parent.name}")
        exported = getattr(face, "__all__", [])
        assert exported, f"bot.{init.parent.name} has no face (__all__)"
        missing = [name for name in exported if not hasattr(face, name)]
        assert missing == [], (init.parent.name, missing)
