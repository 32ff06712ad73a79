"""Generate: claim the session, ask the provider, post-process, store, spend the credit.

The credit is spent in the same transaction that records the creation; any failure
before that puts the session back to 'active' with its credit still reserved.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import Enum

from bot.coach.brief import check_brief
from bot.coach.presets import PRESETS
from bot.coach.prompts import image_prompt
from bot.gallery import Creation, GalleryStore, NewCreation
from bot.imaging import ImagingError, choose_key_color, process_image_async
from bot.providers.base import ImageProvider, ImageRequest, ProviderError
from bot.storage.sessions import Session, SessionRepository

log = logging.getLogger(__name__)


class Stage(Enum):
    QUEUED = "queued"
    GENERATING = "generating"
    FINISHING = "finishing"


Progress = Callable[[Stage], Awaitable[None]]


class GenerationRefused(Exception):
    """Generate cannot start; the message says why (shown ephemerally)."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


class GenerationFailed(Exception):
    """Generation started but failed; the credit is still reserved and Retry is allowed."""

    def __init__(self, user_message: str) -> None:
        super().__init__(user_message)
        self.user_message = user_message


@dataclass(frozen=True)
class GenerationResult:
    creation: Creation
    data: bytes


async def _no_progress(stage: Stage) -> None:
    return None


class GenerationService:
    def __init__(
        self,
        sessions: SessionRepository,
        gallery: GalleryStore,
        provider: ImageProvider,
        max_concurrent: int,
    ) -> None:
        self._sessions = sessions
        self._gallery = gallery
        self._provider = provider
        self._slots = asyncio.Semaphore(max_concurrent)

    def request_for(self, session: Session) -> ImageRequest:
        palette = session.colors or list(PRESETS[session.style].palette)
        key = choose_key_color(palette) if session.options.keyed else None
        prompt = image_prompt(session.creation_type, session.brief, session.colors, key_color=key)
        return ImageRequest(prompt, session.creation_type, session.style, session.brief, session.colors, key)

    async def generate(self, session_id: int, progress: Progress = _no_progress) -> GenerationResult:
        session = await self._sessions.get(session_id)
        if session is None or not session.live:
            raise GenerationRefused("This session has ended. Start a new one with /profile create.")
        if not check_brief(session.creation_type, session.brief).ready:
            raise GenerationRefused("The brief isn't complete yet; answer the coach's questions first.")
        if not await self._sessions.claim_for_generation(session_id):
            raise GenerationRefused("A generation for this session is already running.")
        try:
            return await self._run(session, progress)
        except ProviderError as exc:
            await self._sessions.release_after_failure(session_id)
            log.warning("generation for session %s failed: %s", session_id, exc)
            raise GenerationFailed(exc.user_message) from exc
        except ImagingError as exc:
            await self._sessions.release_after_failure(session_id)
            log.warning("post-processing for session %s failed: %s", session_id, exc)
            raise GenerationFailed("The image came back unusable. Your credit is safe: press Retry.") from exc
        except BaseException:
            # Cancellation or a bug: never strand the credit in 'generating'.
            await asyncio.shield(self._sessions.release_after_failure(session_id))
            raise

    async def _run(self, session: Session, progress: Progress) -> GenerationResult:
        request = self.request_for(session)
        await progress(Stage.QUEUED)
        async with self._slots:
            await progress(Stage.GENERATING)
            raw = await self._provider.generate_image(request)
        await progress(Stage.FINISHING)
        options = session.options
        data = await process_image_async(raw, options, request.key_color, offline=self._provider.offline)
        digest, relative = await self._gallery.store_file(data, options.format)
        new = NewCreation(
            user_id=session.user_id,
            session_id=session.id,
            creation_type=session.creation_type,
            style=session.style,
            size=options.size,
            format=options.format,
            background=options.background,
            prompt=request.prompt,
            offline=self._provider.offline,
        )
        creation_id = await self._sessions.complete(session, new, digest, relative)
        creation = await self._gallery.get(creation_id)
        assert creation is not None
        return GenerationResult(creation, data)
