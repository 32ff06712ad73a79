"""A brand kit's wide art with Gemini: one image call per aspect family, the render's cut-out as the style
reference, no lettering asked for; then a self-check of every finished piece (the art with our mark and our
typeset words on it). A family whose piece shows stray lettering or another style is painted again once.

The words are never the model's: the channel name and the panel titles are typeset by the design engine over the
art (bot.render.brand_kit), so they are spelled right and sit inside each platform's safe area.
"""

from __future__ import annotations

import asyncio
import io
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from PIL import Image

from bot.coach import wide_art_prompt
from bot.design import worker as design_worker
from bot.model import ImageRequest, KitFlaw, ProviderError, Session, Verdict
from bot.model.brand_kit import KitPiece, family_of
from bot.observability import NO_METRICS, Metrics

log = logging.getLogger(__name__)


@dataclass
class KitArt:
    images: dict[str, bytes]  # aspect family ("16:9") -> the model's painting
    calls: int = 0  # image calls made: each is one of the kit credit's attempts
    flaws: list[KitFlaw] = field(default_factory=list)  # what the self-check found


def check_prompt(session: Session, words: str | None) -> str:
    wanted = f"“{words}”" if words else "no text"
    return (
        "You are checking one wide banner of a streamer's brand kit before it is delivered. Look at the attached "
        "image only. Report in text_read every letter you can see, exactly as written. "
        f"Requested text: {wanted}. Requested subject: {session.brief.subject or 'unspecified'} (as the logo in "
        f"the banner). Requested style: {session.brief.style or session.style}. Any other lettering is a fault."
    )


def stray_lettering(verdict: Verdict, words: str | None) -> str:
    """What the model read beyond the words we set (case and spacing aside); '' when nothing."""
    read = verdict.text_read.lower()
    for word in (words or "").lower().split():
        read = read.replace(word, " ", 1)
    return " ".join(t for t in re.findall(r"[a-z0-9]{2,}", read))


CHECK_WIDTH = 1024  # the self-check sees a piece at most this wide: the model's tiles cost tokens, not detail


def for_check(png: bytes) -> bytes:
    """A piece scaled for the self-check (run in a design worker: decoding a 2560 px PNG is CPU)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    if image.width > CHECK_WIDTH:
        image = image.resize((CHECK_WIDTH, round(image.height * CHECK_WIDTH / image.width)), Image.Resampling.LANCZOS)
    out = io.BytesIO()
    image.save(out, "JPEG", quality=90)
    return out.getvalue()


class KitArtist:
    def __init__(self, provider: object, slots: asyncio.Semaphore, check_seconds: float, metrics: Metrics = NO_METRICS):
        self._provider = provider
        self._slots = slots
        self._check_seconds = check_seconds
        self._metrics = metrics
        self._painting: set[int] = set()  # renders whose art is being painted now, in this process

    @contextmanager
    def painting(self, render_id: int) -> Iterator[bool]:
        """One painting per render at a time: yields False while another is under way (a second click)."""
        if render_id in self._painting:
            yield False
            return
        self._painting.add(render_id)
        try:
            yield True
        finally:
            self._painting.discard(render_id)

    async def paint(self, session: Session, cut: bytes, families: set[str], art: KitArt) -> None:
        """Each family painted (concurrently, within the renders' slots); ProviderError if one fails."""

        async def one(aspect: str) -> None:
            request = ImageRequest(
                wide_art_prompt(session.creation_type, session.brief, session.colors, aspect), session.creation_type,
                session.style, session.brief, session.colors, None, references=((cut, "image/png"),), aspect=aspect,
            )  # fmt: skip
            async with self._slots:
                art.calls += 1
                with self._metrics.model_call("image"):
                    art.images[aspect] = await self._provider.generate_image(request)  # type: ignore[attr-defined]

        tasks = [asyncio.create_task(one(aspect)) for aspect in sorted(families)]
        try:
            await asyncio.gather(*tasks)
        finally:  # one failed: the others stop too (nothing is painted after the credit went back)
            for task in tasks:
                task.cancel()

    async def review(
        self, session: Session, pieces: list[tuple[KitPiece, str | None, bytes]]
    ) -> dict[str, KitFlaw]:  # fmt: skip
        """The families whose pieces fail the self-check, with what was found; a check that fails or times out
        passes."""

        async def one(piece: KitPiece, words: str | None, image: bytes) -> tuple[str, KitFlaw] | None:
            image = await design_worker.run(for_check, image)
            try:
                async with asyncio.timeout(self._check_seconds):
                    verdict: Verdict = await self._provider.check_render(image, check_prompt(session, words))  # type: ignore[attr-defined]
            except (ProviderError, TimeoutError) as exc:
                log.warning("brand kit self-check skipped for %s: %s", piece.file, exc.__class__.__name__)
                return None
            if stray := stray_lettering(verdict, words):
                return family_of(piece), KitFlaw("stray_lettering", piece.file, stray[:40])
            if not verdict.style_matches:
                return family_of(piece), KitFlaw("other_style", piece.file)
            return None

        found = await asyncio.gather(*(one(*p) for p in pieces))
        failing: dict[str, KitFlaw] = {}
        for entry in found:
            if entry is not None:
                failing.setdefault(*entry)
        return failing
