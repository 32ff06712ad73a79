"""The doubtful cut-out's rescue: one repaint with a flat background (an attempt), else the designed background."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import replace

from bot.coach import repaint_prompt
from bot.imaging import SCENE, ImagingError, OutputOptions, Processed, choose_key_color, process_async
from bot.providers import EmptyResult, ImageProvider, ImageRequest, ProviderError
from bot.render.stage import Progress, Stage

log = logging.getLogger(__name__)


async def rescue_cut_out(
    provider: ImageProvider,
    slots: asyncio.Semaphore,
    raw: bytes,
    processed: Processed,
    request: ImageRequest,
    options: OutputOptions,
    progress: Progress,
    take_attempt: Callable[[], Awaitable[bool]],
) -> tuple[bytes, Processed, bool, str | None]:
    """The cut-out was doubtful: ask once for the same render with a flat background; if that fails too,
    deliver with the designed background, say why, and do not count the render."""
    key = request.key_color or choose_key_color(request.colors)
    try:
        if not await take_attempt():
            raise EmptyResult("no image attempts left for a repaint")
        await progress(Stage.REPAINTING)
        async with slots:
            repainted = await provider.generate_image(replace(request, prompt=repaint_prompt(key), source=raw))
        second = await process_async(repainted, options, offline=provider.offline)
        if not second.doubtful:
            return repainted, second, True, None
    except (ProviderError, ImagingError) as exc:
        log.warning("background repaint failed: %s", exc)
    reason = processed.doubt or "the background could not be separated from the design"
    kept = await process_async(raw, replace(options, background=SCENE), offline=provider.offline)
    note = (
        f"I couldn't cut this one out cleanly ({reason}), so it keeps its designed background. "
        "It didn't count against your renders: try Vary, or ask for a plain background."
    )
    return raw, kept, False, note
