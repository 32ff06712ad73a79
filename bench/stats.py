"""Percentiles and a one-line report format shared by the benchmark scripts."""

from __future__ import annotations

import math
from collections.abc import Sequence


def percentile(values: Sequence[float], q: float) -> float:
    """Nearest-rank percentile (q in 0..100) of a non-empty sequence."""
    ordered = sorted(values)
    rank = max(math.ceil(q / 100 * len(ordered)), 1)
    return ordered[rank - 1]


def report(name: str, value: float, unit: str, goal: str, ok: bool) -> str:
    return f"{name:<48} {value:>10.2f} {unit:<8} goal {goal:<10} {'met' if ok else 'missed'}"
