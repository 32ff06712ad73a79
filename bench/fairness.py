"""Fair design workers: a fourth user's offline render (Vary, 512 px, through the render use case), p95 over 20,
alone and while three accounts ask for brand kits in a loop, and the ratio (goal: at most 2×; before the fair
scheduler the review measured 28-34× through the studio). The unloaded renders are half before the load and half
after, so the shared machine's own drift counts on both sides. Then each user's recent share of the workers.

Run: python -m bench.fairness
"""

from __future__ import annotations

import asyncio
import tempfile

from bench.stats import percentile, report
from bot.config import Settings
from bot.services import Services
from tests.test_brand_kit import open_ready
from tests.test_fair_workers import RENDERS, measure, roomy_settings


async def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        services = await Services.create(Settings.model_validate(roomy_settings(folder)))
        try:
            measured = await measure(services, await open_ready(services, 4, "studio"))
        finally:
            await services.close()
    before, after = percentile(measured.alone, 95), percentile(measured.loaded, 95)
    print(f"fourth user's offline render, p95 over {RENDERS} (seconds)")
    print(report("alone (half before the load, half after)", before, "s", "-", True))
    print(report("three accounts asking for brand kits in a loop", after, "s", "-", True))
    print(report("ratio, loaded / alone", after / before, "x", "<= 2", after / before <= 2))
    shares = [(key.split('"')[1], float(v)) for key, v in measured.scraped.items() if "_design_user_share{" in key]
    print(f"kits finished meanwhile: {measured.kits}; recent worker shares: "
          + ", ".join(f"user {user} {share:.0%}" for user, share in sorted(shares, key=lambda s: -s[1])))


if __name__ == "__main__":
    asyncio.run(main())
