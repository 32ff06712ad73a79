"""Issue 45's table at the end of ``./scripts/bench``: each row's goal, the figure this run measured, met or missed.

Reads the run's folder: ``<bench>.log`` (what each benchmark printed) and ``<bench>.rc`` (its exit status), as
``scripts/bench`` writes them. A benchmark that did not finish (or a line it did not print) is "missed".

Run: python -m bench.issue45 FOLDER
"""

from __future__ import annotations

import re
import sys
from collections.abc import Callable
from pathlib import Path

# A line printed by bench.stats.report: name, value, unit, "goal ...", met / missed, maybe more after it.
LINE = re.compile(r"^\s*(?P<name>.+?)\s+(?P<value>-?\d+\.\d+) (?P<unit>\S+)\s+goal .*?(?:met|missed)(?P<tail>.*)$")
RATIO = re.compile(r"ratio (\d+\.\d+)x")


class Run:
    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def finished(self, bench: str) -> bool:
        rc = self.folder / f"{bench}.rc"
        return rc.exists() and rc.read_text().strip() == "0"

    def lines(self, bench: str) -> list[tuple[str, float, float | None]]:
        """(name, value, ratio to the floor if printed) of each report line."""
        log = self.folder / f"{bench}.log"
        found = []
        for text in log.read_text(errors="replace").splitlines() if log.exists() else []:
            if match := LINE.match(text):
                ratio = RATIO.search(match["tail"])
                found.append((match["name"], float(match["value"]), float(ratio[1]) if ratio else None))
        return found

    def value(self, bench: str, name: str) -> float | None:
        return next((v for n, v, _ in self.lines(bench) if n.startswith(name)), None)


Row = tuple[str, str, Callable[[Run], tuple[str, bool]]]


def _below(bench: str, name: str, goal: float, unit: str = "ms") -> Callable[[Run], tuple[str, bool]]:
    def judge(run: Run) -> tuple[str, bool]:
        value = run.value(bench, name)
        if value is None:
            return f"not measured ({bench} {'printed no such line' if run.finished(bench) else 'failed'})", False
        return f"{value:.0f} {unit}" if unit == "ms" else f"{value:.2f} {unit}", value < goal

    return judge


def _post_processing(run: Run) -> tuple[str, bool]:
    wanted = ("1024px png transparent", "1024px webp transparent", "export 1024px transparent png",
              "export 1024px black webp")  # fmt: skip
    rows = [(n, v, r) for n, v, r in run.lines("imaging") if n.startswith(wanted)]
    if len(rows) < len(wanted):
        return "not measured", False
    worst, ratio = max(v for _, v, _ in rows), max(r or 0.0 for _, _, r in rows)
    return f"p50 up to {worst:.0f} ms, up to {ratio:.2f}x the floor", worst < 150 and ratio <= 1.3


def _webp(run: Run) -> tuple[str, bool]:
    ratios = [r for n, _, r in run.lines("imaging") if "webp" in n and r is not None]
    if not ratios:
        return "not measured", False
    return f"up to {max(ratios):.2f}x ({len(ratios)} outputs)", max(ratios) <= 1.5


def _offline_render(run: Run) -> tuple[str, bool]:
    done = run.finished("offline_render") and run.value("offline_render", "offline Generate") is not None
    return ("finished, no timeout" if done else "timed out or failed"), done


ROWS: list[Row] = [
    ("/profile create ack, burst of 200", "p99 < 150 ms", _below("discord_load", "ack p99", 150)),
    ("post-processing at 1024 px (PNG transparent, export, WebP)", "< 150 ms and <= 1.3x the floor",
     _post_processing),
    ("WebP output against the floor", "<= 1.5x", _webp),
    ("pack click -> ZIP posted (Gemini mode)", "p95 < 400 ms",
     _below("click_to_post", "Platform pack click -> ZIP posted, p95", 400)),
    ("bot coach, 20 users at once (this run)", "p99 < 550 ms, 10 of 10 runs",
     _below("coach_latency", "message -> first visible reply edit, p99", 550)),
    ("brand kit post-processing", "p95 < 2 s", _below("brand_kit", "kit post-processing, p95", 2000)),
    ("bench.offline_render", "never times out", _offline_render),
    ("Generate click -> posted (fake model at once, 512 WebP)", "p95 < 250 ms",
     _below("click_to_post", "Generate click -> image posted, p95", 250)),
    ("pack click -> ZIP posted, same run", "p95 < 400 ms",
     _below("click_to_post", "Platform pack click -> ZIP posted, p95", 400)),
]  # fmt: skip


def table(folder: Path) -> str:
    run = Run(folder)
    out = ["", "Issue 45, this run:", f"  {'what':<60} {'goal':<31} {'figure':<42} result"]
    for what, goal, judge in ROWS:
        figure, met = judge(run)
        out.append(f"  {what:<60} {goal:<31} {figure:<42} {'met' if met else 'missed'}")
    return "\n".join(out)


if __name__ == "__main__":
    print(table(Path(sys.argv[1])))
