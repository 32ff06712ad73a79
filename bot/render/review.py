"""The self-check loop between post-processing and delivery: check, at most N corrective edits, keep the best.

Corrective edits are the bot's own quality work: they take no render from the user's budget, but each is an
image call, so it takes one of the credit's model attempts (none left: delivered as it is, with the note).
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, replace

from bot.imaging import TRANSPARENT, ImagingError, OutputOptions, Processed, process_async
from bot.providers import ImageProvider, ImageRequest, ProviderError
from bot.render.self_check import Failure, SelfChecker, Verdict, failures_of, fix_prompt
from bot.render.stage import Progress, Stage
from bot.storage import Session

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Reviewed:
    raw: bytes
    processed: Processed
    verdict: Verdict | None  # None: unchecked (self-check off, failed or timed out)
    auto_fixes: int
    fixed: tuple[str, ...]  # what a corrective edit fixed ("lettering", "background")
    note: str | None  # what is still off, with the fix to ask for


@dataclass
class EarlyCheck:
    """The self-check started the moment the model's image arrived, so it runs beside the cut-out."""

    raw: bytes
    transparent: bool
    task: asyncio.Task[Verdict | None]


class RenderReview:
    def __init__(
        self,
        provider: ImageProvider,
        checker: SelfChecker,
        slots: asyncio.Semaphore,
        max_fixes: int,
    ) -> None:
        self._provider = provider
        self._checker = checker
        self._slots = slots
        self._max_fixes = max_fixes

    def start_check(self, raw: bytes, session: Session, transparent: bool) -> EarlyCheck:
        task = asyncio.create_task(self._checker.check(raw, session.creation_type, session.brief, transparent))
        return EarlyCheck(raw, transparent, task)

    async def review(
        self,
        raw: bytes,
        processed: Processed,
        request: ImageRequest,
        session: Session,
        options: OutputOptions,
        progress: Progress,
        take_attempt: Callable[[], Awaitable[bool]],
        first: EarlyCheck | None = None,
    ) -> Reviewed:
        transparent = options.background == TRANSPARENT
        await progress(Stage.CHECKING)
        if first is not None and first.transparent == transparent and first.raw is raw:
            verdict = await first.task  # asked as soon as the image arrived, beside the cut-out
        else:
            if first is not None:
                first.task.cancel()  # a repaint changed the image: its early verdict is about another one
            verdict = await self._checker.check(raw, session.creation_type, session.brief, transparent)
        if verdict is None:
            return Reviewed(raw, processed, None, 0, (), None)
        failures = failures_of(verdict, session.brief, transparent)
        first_failures, fixes = failures, 0
        while failures and fixes < self._max_fixes:
            if not await take_attempt():  # a corrective edit is an image call: it takes one of the attempts
                break
            fixes += 1
            await progress(Stage.FIXING_TEXT if failures[0].kind == "text" else Stage.FIXING_BACKGROUND)
            attempt = await self._fix(raw, request, session, options, failures)
            if attempt is None:
                break
            fixed_raw, fixed_processed = attempt
            await progress(Stage.CHECKING)
            second = await self._checker.check(fixed_raw, session.creation_type, session.brief, transparent)
            if second is None:
                break  # an unchecked fix is no better known than the checked original
            second_failures = failures_of(second, session.brief, transparent)
            if len(second_failures) < len(failures):  # the better of the two; a tie keeps the original
                raw, processed, verdict, failures = fixed_raw, fixed_processed, second, second_failures
        fixed = tuple(_what(f) for f in first_failures if f.kind not in {x.kind for x in failures})
        return Reviewed(raw, processed, verdict, fixes, fixed, _note(failures, session))

    async def _fix(
        self, raw: bytes, request: ImageRequest, session: Session, options: OutputOptions, failures: list[Failure]
    ) -> tuple[bytes, Processed] | None:
        corrective = replace(request, prompt=fix_prompt(failures, session.brief, request.key_color), source=raw,
                             references=())  # fmt: skip
        try:
            async with self._slots:
                fixed_raw = await self._provider.generate_image(corrective)
            return fixed_raw, await process_async(fixed_raw, options, offline=self._provider.offline)
        except (ProviderError, ImagingError) as exc:
            log.warning("self-check fix failed: %s", exc)
            return None


def _what(failure: Failure) -> str:
    return "lettering" if failure.kind == "text" else "background"


def _note(failures: list[Failure], session: Session) -> str | None:
    if not failures:
        return None
    details = "; ".join(f.detail for f in failures)
    if any(f.kind == "text" for f in failures):
        ask = f"type “spell it exactly {session.brief.text}” here to edit it"
    else:
        ask = "ask for a plain background here to edit it"
    return f"Self-check: {details}. I tried to fix it once; {ask}."
