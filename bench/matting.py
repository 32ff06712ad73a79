"""Cut-out quality per background class, through the real pipeline (transparent PNG, as users get it).

Prints mean and min IoU (alpha > 0.5) and mean alpha MAE per class on a held-out seed (the tests use
another), the share of cases the cut-out itself called doubtful, and ms per 1024 px cut-out + resize + encode.
"""

from __future__ import annotations

import argparse
import io
import time
from collections import defaultdict

import numpy as np
from PIL import Image

from bench.stats import percentile
from bot.imaging.output import OutputOptions, process_image
from tests.matting_set import BACKGROUND_CLASSES, MattingCase, matting_set

OUTPUT = 512
GOALS = {"mean IoU": 0.97, "min IoU": 0.90, "alpha MAE": 0.01}


def score(case: MattingCase, size: int = OUTPUT) -> tuple[float, float]:
    """(IoU of alpha > 0.5, mean absolute alpha error) of the pipeline's transparent output."""
    result = Image.open(io.BytesIO(process_image(case.data, OutputOptions(size=size))))
    alpha = np.asarray(result, np.float32)[..., 3] / 255.0
    truth = case.truth_at(size)
    a, b = alpha > 0.5, truth > 0.5
    return float((a & b).sum() / max((a | b).sum(), 1)), float(np.abs(alpha - truth).mean())


def per_class(cases: list[MattingCase]) -> dict[str, list[tuple[str, float, float]]]:
    results: dict[str, list[tuple[str, float, float]]] = defaultdict(list)
    for case in cases:
        iou, mae = score(case)
        results[case.background_class].append((case.subject, iou, mae))
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seed", type=int, default=2026, help="held-out seed (the tests use 7)")
    parser.add_argument("--rounds", type=int, default=2, help="cases per class and subject (seeds seed..seed+n-1)")
    parser.add_argument("--verbose", action="store_true", help="print every case")
    args = parser.parse_args()
    cases = [case for r in range(args.rounds) for case in matting_set(args.seed + r)]
    results = per_class(cases)
    print(f"matting: {len(cases)} cases (seeds {args.seed}..{args.seed + args.rounds - 1}), output {OUTPUT} px")
    print(f"  {'class':<18} {'n':>3} {'mean IoU':>9} {'min IoU':>8} {'alpha MAE':>10}  worst subject")
    misses = 0
    for background_class in BACKGROUND_CLASSES:
        rows = results[background_class]
        ious, maes = [r[1] for r in rows], [r[2] for r in rows]
        worst = min(rows, key=lambda r: r[1])
        ok = np.mean(ious) >= GOALS["mean IoU"] and min(ious) >= GOALS["min IoU"] and np.mean(maes) <= 0.01
        misses += not ok
        print(
            f"  {background_class:<18} {len(rows):>3} {np.mean(ious):>9.4f} {min(ious):>8.4f} {np.mean(maes):>10.4f}"
            f"  {worst[0]} ({worst[1]:.3f}) {'PASS' if ok else 'MISS'}"
        )
        if args.verbose:
            for subject, iou, mae in rows:
                print(f"      {subject:<14} IoU {iou:.4f} MAE {mae:.4f}")
    print(f"  goal per class: mean IoU >= 0.97, min IoU >= 0.90, alpha MAE <= 0.01 -> {misses} class(es) missed")
    source = next(c for c in matting_set(args.seed, sizes=(1024,)) if c.background_class == "radial_gradient")
    timings = []
    for _ in range(12):
        start = time.perf_counter()
        process_image(source.data, OutputOptions(size=1024))
        timings.append((time.perf_counter() - start) * 1000)
    print(f"  1024 px cut-out + resize + encode: p50 {percentile(timings, 50):.1f} ms, "
          f"p95 {percentile(timings, 95):.1f} ms (goal < 150 ms)")  # fmt: skip


if __name__ == "__main__":
    main()
