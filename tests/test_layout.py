"""The layout rule beyond the layer contract (import-linter, in pyproject and ./scripts/test): front ends use package
faces (or a pure helper the forbidden contract names), and every face exports what it names."""

import ast
import importlib
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FRONT_ENDS = ["cogs", "web", "bot/cli.py", "bot/app.py", "bot/__main__.py"]
# Top-level modules front ends may import besides package faces: the composition root and the bot process.
ENTRY_MODULES = {"bot.services", "bot.app", "bot.cli"}


def _named_helpers() -> set[str]:
    """The modules the front ends' forbidden contract lets them import by name (pure helpers; see pyproject)."""
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    return {line.split("->")[1].strip() for c in contracts for line in c.get("ignore_imports", [])}


def _sources(*where: str) -> list[Path]:
    files: list[Path] = []
    for item in where:
        path = ROOT / item
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path] if path.exists() else []
    return files


def test_front_ends_reach_the_domain_through_package_faces_only():
    offenders = []
    for path in _sources(*FRONT_ENDS):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("bot."):
                if node.module.count(".") > 1 and node.module not in ENTRY_MODULES | _named_helpers():
                    offenders.append(f"{path.relative_to(ROOT)}: from {node.module}")
    assert offenders == []


def test_every_face_exports_what_it_names():
    for init in sorted((ROOT / "bot").glob("*/__init__.py")):
        face = importlib.import_module(f"bot.{init.parent.name}")
        exported = getattr(face, "__all__", [])
        assert exported, f"bot.{init.parent.name} has no face (__all__)"
        missing = [name for name in exported if not hasattr(face, name)]
        assert missing == [], (init.parent.name, missing)
