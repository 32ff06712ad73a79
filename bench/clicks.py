"""The Generate and Platform pack clicks of the click-to-post benches: each click's time until the fake Discord
recorded the posted image or ZIP."""

from __future__ import annotations

import asyncio
import time

from tests.fakes.fake_discord import FakeDiscord
from tests.harness import component_id, deliveries, messages_with_components


async def generate_clicks(discord: FakeDiscord, users: list[int], threads: list[int]) -> list[float]:
    """Generate in each thread, one after another: ms from the click to the image posted."""
    times = []
    for user, thread in zip(users, threads, strict=True):
        options = messages_with_components(discord, thread)[-1]
        clicked = time.monotonic()
        await discord.component(user, options, component_id(options, "pc:gen:"))
        posted = await discord.wait_for(lambda t=thread: deliveries(discord, t), within=30, what="image")
        times.append((discord.posted_at[posted[0]["id"]] - clicked) * 1000)
    return times


async def pack_clicks(discord: FakeDiscord, users: list[int], threads: list[int]) -> list[float]:
    """Platform pack under each thread's first delivery: ms from the click to the ZIP posted."""
    await asyncio.sleep(1.0)  # let legibility previews and Done edits settle
    times = []
    for user, thread in zip(users, threads, strict=True):
        delivery = deliveries(discord, thread)[0]
        clicked = time.monotonic()
        click = await discord.component(user, delivery, component_id(delivery, "pc:pack:"))
        await discord.wait_for(lambda c=click: any(f["attachments"] for f in c.followups), within=30, what="pack")
        zipped = next(f for f in click.followups if f["attachments"])
        times.append((discord.posted_at[zipped["id"]] - clicked) * 1000)
    return times
