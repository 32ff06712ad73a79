"""The offline coach's understanding, measured on streamer briefs as typed (issue 39): for each set, overall, per
style and per tag,

- subject understood: the engine's chosen mark is one of the brief's acceptable marks; for a brief whose marks are
  [] (a person), the understood subject holds the key words and no mark is drawn;
- every colour kept: each named colour, modifier included ("pastel pink"), is in the understood brief;
- the name found: the understood Text is the brief's name exactly; no false name: a nameless brief gets no Text;
- the name read: the design rendered offline at 512 px (on its scene), read back by Debian's tesseract;
- fields corrupted by edits: after each of 10 common change requests, the fields the request did not name that
  changed (must be 0), through the coach's own path (the offline reader after a delivery, then the guard).

It also times the understanding of one message (the offline coach's per-turn cost) and loading the meaning model.

Run: python -m bench.offline_briefs [--set PATH ...]   (default: bench/briefs/dev.json)
A set is a JSON list of {"id", "type", "style", "description", "colors_option", "subject": {"words", "marks"},
"colours", "name", "tags"}.
"""

from __future__ import annotations

import asyncio
import json
import re
import sys
import time
from pathlib import Path
from typing import Any

from bench.offline_designs import ocr_reads
from bench.stats import percentile
from bot.coach.change_guard import guarded
from bot.coach.prompts import change_instruction
from bot.design import design_png, semantic, spec_for
from bot.imaging import ColorError, find_colors_in_text, parse_color, parse_colors
from bot.model import Brief, initial_brief
from bot.providers.base import ChatTurn
from bot.providers.offline import OfflineProvider

DEFAULT_SET = Path(__file__).parent / "briefs" / "dev.json"
EDITS = (
    "make the text bigger", "make it darker", "thicker lines", "move the name down", "swap the colours",
    "make it brighter", "make the logo smaller", "more contrast please", "make the name bold", "center the text",
)  # fmt: skip
# What a ready brief needs that a one-sentence brief may leave open; the coach would ask, the bench fills it.
FILL = {"mood": "friendly", "background": "plain", "shape": "circle", "style": "flat", "color_scheme": "purple"}


async def understood(provider: OfflineProvider, brief: dict[str, Any]) -> tuple[Brief, list[str], float]:
    try:
        colors = parse_colors(brief.get("colors_option"))
    except ColorError as refused:  # the slash command would refuse the option: none of its colours are kept
        print(f"    colours option refused for {brief['id']}: {refused}")
        colors = []
    start = initial_brief(brief["style"], colors)
    began = time.perf_counter()
    read = await provider.extract_brief("", [ChatTurn("user", brief["description"])], start, brief["type"])
    return read, colors, (time.perf_counter() - began) * 1000


def subject_ok(brief: dict[str, Any], read: Brief, marks: tuple[str, ...]) -> bool:
    wanted = brief["subject"]["marks"]
    if wanted:
        return bool(marks) and marks[0] in wanted
    said = (read.subject or "").lower()
    return not marks and all(re.search(rf"\b{re.escape(w.lower())}", said) for w in brief["subject"]["words"])


def colour_kept(colour: str, read: Brief, colors: list[str]) -> bool:
    scheme = (read.color_scheme or "").lower()
    if re.search(rf"\b{re.escape(colour.lower())}\b", scheme):
        return True
    try:
        shade = parse_color(colour)
    except ValueError:
        return False
    return shade in find_colors_in_text(scheme) or shade in colors


async def edits_corrupting(provider: OfflineProvider, brief: dict[str, Any], read: Brief) -> int:
    """Fields changed by change requests that name none (each request from the same understood brief)."""
    changed = 0
    for edit in EDITS:
        after = await provider.extract_brief(change_instruction(brief["type"], read), [ChatTurn("user", edit)], read,
                                             brief["type"])  # fmt: skip
        after = guarded(read, after, edit)
        changed += sum(getattr(after, f) != getattr(read, f) for f in Brief.model_fields)
    return changed


async def measure(path: Path) -> None:
    briefs = json.loads(await asyncio.to_thread(path.read_text))
    provider = OfflineProvider()
    rows: list[dict[str, Any]] = []
    turn_ms: list[float] = []
    for brief in briefs:
        read, colors, ms = await understood(provider, brief)
        turn_ms.append(ms)
        ready = read.model_copy(update={k: v for k, v in FILL.items() if getattr(read, k) is None})
        spec = spec_for(brief["type"], brief["style"], ready, colors, brief["description"])
        row: dict[str, Any] = {
            "brief": brief, "subject": subject_ok(brief, read, spec.marks),
            "colours": [colour_kept(c, read, colors) for c in brief["colours"]],
            "corrupted": await edits_corrupting(provider, brief, ready),
        }  # fmt: skip
        if brief.get("name"):
            png = await asyncio.to_thread(design_png, spec, scene=True, size=512)
            row["name"] = await asyncio.to_thread(ocr_reads, png, brief["name"])
            row["name_understood"] = (read.text or "") == brief["name"]
        else:  # a nameless brief: no text the user did not say
            row["no_false_name"] = read.text in (None, "", "none")
        rows.append(row)
        if not row["subject"] or not all(row["colours"]) or row.get("name") is False or row["corrupted"] \
                or row.get("name_understood") is False or row.get("no_false_name") is False:
            print(f"    miss {brief['id']}: subject {read.subject!r} -> {spec.marks}, colours {read.color_scheme!r}, "
                  f"text {read.text!r}, name read {row.get('name')}, corrupted {row['corrupted']}")  # fmt: skip
    print(f"{path}: {len(rows)} briefs")
    _report("overall", rows)
    for style in sorted({r["brief"]["style"] for r in rows}):
        _report(f"style {style}", [r for r in rows if r["brief"]["style"] == style])
    for tag in sorted({t for r in rows for t in r["brief"]["tags"]}):
        _report(f"tag {tag}", [r for r in rows if tag in r["brief"]["tags"]])
    print(f"  understanding one message (the offline coach's per-turn cost): p50 {percentile(turn_ms, 50):.1f} ms, "
          f"p95 {percentile(turn_ms, 95):.1f} ms, max {max(turn_ms):.1f} ms")  # fmt: skip


def _report(label: str, rows: list[dict[str, Any]]) -> None:
    subjects = [r["subject"] for r in rows]
    colours = [ok for r in rows for ok in r["colours"]]
    named = [r["name"] for r in rows if "name" in r]
    found = [r["name_understood"] for r in rows if "name_understood" in r]
    nameless = [r["no_false_name"] for r in rows if "no_false_name" in r]
    corrupted = sum(r["corrupted"] for r in rows)
    parts = [f"subject understood {_share(subjects)}", f"colours kept {_share(colours)}",
             f"name found {_share(found)}", f"name OCR-read {_share(named)}",
             f"no false name {_share(nameless)}", f"fields corrupted by {len(EDITS)} edits {corrupted}"]  # fmt: skip
    print(f"  {label:<22} " + "   ".join(parts))


def _share(values: list[bool]) -> str:
    return f"{sum(values)}/{len(values)} ({100 * sum(values) / len(values):.0f} %)" if values else "-"


def main(argv: list[str]) -> None:
    paths = [Path(argv[i + 1]) for i, a in enumerate(argv) if a == "--set"] or [DEFAULT_SET]
    began = time.perf_counter()
    semantic.model()
    print(f"meaning model (WordLlama) loaded in {(time.perf_counter() - began) * 1000:.0f} ms (once per process, in "
          "the background at start-up)")  # fmt: skip
    for path in paths:
        asyncio.run(measure(path))


if __name__ == "__main__":
    main(sys.argv[1:])
