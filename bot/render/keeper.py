"""Everything after the paid model call: keep the source and the delivered file, record the render.

A failure here (a full or read-only store, a database error) must not lose an image the model already made, so
the render is held in memory and the next render request of the session saves it without another model call.
"""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass

from bot.gallery import Creation, GalleryStore, NewCreation
from bot.imaging import SCENE, OutputOptions, Processed, image_extension
from bot.model import Trouble, TroubleKind
from bot.render.store import NewRender, Render, RenderKind, RenderStore
from bot.storage import Session, SessionRepository

log = logging.getLogger(__name__)


class GenerationFailed(Exception):
    """A render started but failed; the credit and the budget are untouched and Retry is allowed."""

    held = False

    def __init__(self, trouble: Trouble) -> None:
        super().__init__(trouble.kind.value)
        self.trouble = trouble


class GenerationHeld(GenerationFailed):
    """The model's image is in hand but could not be kept or recorded (storage full or read-only, a database
    error). It is held in memory: the next render request for the session saves and delivers it without
    another model call."""

    held = True


@dataclass(frozen=True)
class Held:
    """A paid render waiting to be stored and recorded."""

    session: Session
    kind: RenderKind
    change: str
    prompt: str
    raw: bytes
    processed: Processed
    options: OutputOptions
    counted: bool
    note: str | None
    check_verdict: str | None = None
    auto_fixes: int = 0
    offline: bool = False  # drawn by the offline design engine (no key, or no image model the key may use)
    billing_fallback: bool = False  # the latter: the key's image models need billing


# Held renders live in memory until saved; a bound keeps a broken disk from growing the process without limit.
MAX_HELD = 64


@dataclass(frozen=True)
class GenerationResult:
    render: Render
    creation: Creation
    data: bytes
    number: int  # this render's place in the budget ("render 2 of 4"); uncounted renders repeat the last number
    budget: int


class RenderKeeper:
    def __init__(
        self, sessions: SessionRepository, gallery: GalleryStore, renders: RenderStore, *, offline: bool, budget: int
    ) -> None:
        self._sessions = sessions
        self._gallery = gallery
        self._renders = renders
        self._offline = offline
        self._budget = budget
        self._held: dict[int, Held] = {}

    def holds(self, session_id: int) -> bool:
        return session_id in self._held

    def held(self, session_id: int) -> Held | None:
        return self._held.get(session_id)

    def release(self, session_id: int) -> None:
        self._held.pop(session_id, None)

    def hold(self, held: Held) -> None:
        if len(self._held) >= MAX_HELD and held.session.id not in self._held:
            dropped = next(iter(self._held))
            log.error("dropping the held render of session %s: too many held renders", dropped)
            del self._held[dropped]
        self._held[held.session.id] = held

    async def record(self, held: Held) -> GenerationResult:
        """Keep the source and the delivered file, then record the render: everything after the paid model call.
        Any failure here becomes GenerationHeld, so the image is never lost to a full disk or a database error."""
        session, processed, options = held.session, held.processed, held.options
        try:
            # Both files at once: each is a thread's hash and write, and the user is waiting for the post.
            (source_sha, source_path), (digest, relative) = await asyncio.gather(
                self._gallery.store_file(held.raw, image_extension(held.raw)),
                self._gallery.store_file(processed.data, options.format),
            )
            new_render = NewRender(
                session_id=session.id, user_id=session.user_id, kind=held.kind, source_sha256=source_sha,
                source_path=source_path, prompt=held.prompt, change_request=held.change or None,
                counted=held.counted, cutout_confidence=processed.confidence, note=held.note,
                check_verdict=held.check_verdict, auto_fixes=held.auto_fixes, billing_fallback=held.billing_fallback,
            )  # fmt: skip
            new = NewCreation(
                user_id=session.user_id,
                session_id=session.id,
                creation_type=session.creation_type,
                style=session.style,
                size=options.size,
                format=options.format,
                background=options.background if held.counted else SCENE,
                prompt=held.prompt,
                offline=self._offline or held.offline,
            )
            render_id, creation_id = await self._sessions.complete(session, new_render, new, digest, relative)
        except Exception as exc:
            log.error("render for session %s made but not kept: %s", session.id, exc)
            what = "storage" if isinstance(exc, OSError) else "database"
            raise GenerationHeld(Trouble(TroubleKind.NOT_SAVED, where=what)) from exc
        render, creation, current = await asyncio.gather(
            self._renders.get(render_id), self._gallery.get(creation_id), self._sessions.get(session.id)
        )
        assert render is not None and creation is not None
        number = current.renders_used if current else session.renders_used + int(held.counted)
        return GenerationResult(render, creation, processed.data, max(number, 1), self._budget)
