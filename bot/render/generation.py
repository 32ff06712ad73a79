"""Renders: claim the session, ask the provider, post-process, keep the source, record, count.

A credit buys a session with a render budget. The credit is spent in the same transaction that records the first
render; later renders only count against the budget. Any failure before that transaction puts the session back to
'active' with its credit and budget untouched, so Retry costs nothing. When Gemini has no image model this key may
use (a free key: image models need billing), the offline design engine (``fallback``) draws the render instead,
labelled as offline, and the user and the operator read one sentence saying why.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace

from PIL import Image

from bot.coach import edit_prompt, image_prompt
from bot.config import GenerationSettings, QuotaSettings
from bot.design.worker import on_behalf_of
from bot.gallery import GalleryStore
from bot.imaging import (
    SCENE,
    TRANSPARENT,
    ImagingError,
    OutputOptions,
    choose_key_color,
    process_async,
)
from bot.model import PRESETS, Trouble, TroubleKind, check_brief, usage_scope
from bot.observability import NO_METRICS, Metrics
from bot.providers import (
    ImageProvider,
    ImageRequest,
    InlineImage,
    ModelsNeedBilling,
    ProviderError,
    ProviderUnavailable,
    offline_edit_changes_nothing,
)
from bot.references import ReferenceStore
from bot.render.design_files import backdrop_async, request_backdrop_async
from bot.render.keeper import GenerationFailed, GenerationHeld, GenerationResult, Held, RenderKeeper
from bot.render.refusals import GenerationRefused, failure_kind, refusal_for
from bot.render.rescue import rescue_cut_out
from bot.render.review import EarlyCheck, RenderReview
from bot.render.self_check import SelfChecker
from bot.render.stage import Progress, Stage
from bot.render.store import Render, RenderKind, RenderStore
from bot.storage import Session, SessionRepository

__all__ = [
    "GenerationFailed",
    "GenerationHeld",
    "GenerationRefused",
    "GenerationResult",
    "GenerationService",
    "Stage",
]
log = logging.getLogger(__name__)
# Two stateless clicks (no render count) of the same kind this close together are one double click, even when a fast
# render (an offline one takes ~0.3 s) has ended between them.
DOUBLE_CLICK_SECONDS = 0.8


async def _no_progress(stage: Stage) -> None:
    return None


class GenerationService:
    def __init__(
        self,
        sessions: SessionRepository,
        gallery: GalleryStore,
        renders: RenderStore,
        provider: ImageProvider,
        max_concurrent: int,
        renders_per_credit: int,
        quota: QuotaSettings | None = None,
        metrics: Metrics = NO_METRICS,
        references: ReferenceStore | None = None,
        self_check: GenerationSettings | None = None,
        fallback: ImageProvider | None = None,
    ) -> None:
        self._sessions = sessions
        self._gallery = gallery
        self._renders = renders
        self._provider = provider
        self._slots = asyncio.Semaphore(max_concurrent)
        self._keeper = RenderKeeper(sessions, gallery, renders, offline=provider.offline, budget=renders_per_credit)
        self.budget = renders_per_credit
        self._quota = quota or QuotaSettings()
        self._metrics = metrics
        self._references = references
        self._review: RenderReview | None = None
        self._clicks: set[tuple[int, int | str]] = set()
        # The offline design engine, for when the key has no image model it may use (image models need billing).
        self._fallback = fallback
        self._told_billing = False
        if self_check is not None and self_check.self_check and hasattr(provider, "check_render"):
            checker = SelfChecker(provider, self_check.self_check_timeout_seconds)
            self._review = RenderReview(provider, checker, self._slots, self_check.max_auto_fixes)

    @property
    def slots(self) -> asyncio.Semaphore:
        """Image calls at once (settings.sessions.max_concurrent_generations), shared with a brand kit's art."""
        return self._slots

    def attempts_for(self, session: Session) -> int:
        """Model attempts this session may make: renders plus failures the model was paid for."""
        return self._quota.spend_for(session.tier).attempts_per_credit

    def key_color(self, session: Session) -> str | None:
        palette = session.colors or list(PRESETS[session.style].palette)
        return choose_key_color(palette) if session.options.keyed else None

    @staticmethod
    def is_ready(session: Session) -> bool:
        return check_brief(session.creation_type, session.brief).ready

    def request_for(
        self, session: Session, variation: int = 0, references: tuple[InlineImage, ...] = ()
    ) -> ImageRequest:
        key = self.key_color(session)
        prompt = image_prompt(session.creation_type, session.brief, session.colors, key_color=key,
                              references=len(references))  # fmt: skip
        return ImageRequest(prompt, session.creation_type, session.style, session.brief, session.colors, key,
                            variation=variation, references=references)  # fmt: skip

    async def check_can_render(self, session_id: int, expect_renders: int | None = None) -> Session:
        """The cheap refusals, checked before a render is even acknowledged; raises GenerationRefused.
        ``expect_renders`` is the render count the clicked control was posted for: once more renders exist, the
        click is stale (a double click, or a Retry left over after the retry succeeded)."""
        session = await self._sessions.get(session_id)
        refusal = refusal_for(session, expect_renders, self.budget,
                              self.attempts_for(session) if session else 0, holding=self.holds(session_id))  # fmt: skip
        if refusal is not None:
            raise refusal
        assert session is not None
        return session

    @contextmanager
    def click(self, session_id: int, expect_renders: int | None, kind: RenderKind = "generate") -> Iterator[bool]:
        """One render per control state: yields False for a second click on the same control while the first is
        under way (or queued), which is then answered without a render; the claim ends with the block. A click
        that carries no state (None: a client that did not say which render count it saw) is told apart by its
        kind, and its claim lasts at least DOUBLE_CLICK_SECONDS from the click, so the second click of a double
        click that lands after a fast render has ended renders nothing either."""
        key = (session_id, kind if expect_renders is None else expect_renders)
        if key in self._clicks:
            yield False
            return
        self._clicks.add(key)
        loop = asyncio.get_running_loop()
        clicked = loop.time()
        try:
            yield True
        finally:
            left = clicked + DOUBLE_CLICK_SECONDS - loop.time() if expect_renders is None else 0
            if left > 0:
                loop.call_later(left, self._clicks.discard, key)
            else:
                self._clicks.discard(key)

    async def render(
        self,
        session_id: int,
        kind: RenderKind = "generate",
        progress: Progress = _no_progress,
        change: str = "",
        expect_renders: int | None = None,
    ) -> GenerationResult:
        session = await self.check_can_render(session_id, expect_renders)
        held = self._keeper.held(session_id)
        previous = await self._renders.latest(session_id) if kind == "edit" and held is None else None
        if kind == "edit" and previous is None:
            kind = "generate"  # nothing to edit yet: the change is already in the brief
        # A held render was already paid for: saving it takes no model attempt.
        claimed = await self._sessions.claim_for_generation(
            session_id, self.budget, self.attempts_for(session), take_attempt=held is None
        )
        if not claimed:
            raise GenerationRefused("busy")
        # Usage of every call below (image, rescue, self-check, fixes) is this session's and this render's.
        with usage_scope(session_id, session.renders_used + 1):
            try:
                if held is not None:
                    await progress(Stage.FINISHING)
                    result = await self._keeper.record(held)
                    self._keeper.release(session_id)
                    return result
                with on_behalf_of(session.user_id):  # the design workers are shared fairly between users
                    result = await self._run(session, kind, previous, change, progress)
                self._metrics.render_delivered(kind)
                return result
            except GenerationHeld:
                await self._sessions.release_after_failure(session_id)
                raise
            except ProviderError as exc:
                # An outage (429/5xx after retries, or no connection) was never billed: the attempt comes back.
                # A timeout may have been billed (the model kept working), so it counts like any paid attempt.
                unreached = isinstance(exc, ProviderUnavailable)
                await self._sessions.release_after_failure(session_id, return_attempt=unreached)
                await self._renders.record_failure(session_id, failure_kind(exc))
                self._metrics.render_failed(failure_kind(exc))
                log.warning("render for session %s failed: %s", session_id, exc)
                raise GenerationFailed(exc.trouble) from exc
            except ImagingError as exc:
                await self._sessions.release_after_failure(session_id)
                await self._renders.record_failure(session_id, "other")
                self._metrics.render_failed("other")
                log.warning("post-processing for session %s failed: %s", session_id, exc)
                raise GenerationFailed(Trouble(TroubleKind.UNUSABLE_IMAGE)) from exc
            except BaseException:
                # Cancellation or a bug: never strand the credit in 'generating'.
                await asyncio.shield(self._sessions.release_after_failure(session_id, return_attempt=True))
                raise

    async def edit_changes_nothing(self, session_id: int, change: str) -> bool:
        """An offline edit that would draw exactly the design it edits (a change the engine cannot make, or one
        already made): the caller answers it without a render. A model's edit always draws anew."""
        session = await self._sessions.get(session_id)
        if not self._provider.offline or session is None or self._keeper.held(session_id) is not None:
            return False
        previous = await self._renders.latest(session_id)
        if previous is None:
            return False
        source = await self._gallery.read_path(previous.source_path)
        request = replace(self.request_for(session, await self._renders.count(session_id)), source=source,
                          change=change)  # fmt: skip
        return await asyncio.to_thread(offline_edit_changes_nothing, request)

    def holds(self, session_id: int) -> bool:
        return self._keeper.holds(session_id)

    def discard_held(self, session_id: int) -> None:
        """Forget: a paid image held in memory for a session that is going away is dropped."""
        self._keeper.release(session_id)

    async def _run(
        self, session: Session, kind: RenderKind, previous: Render | None, change: str, progress: Progress
    ) -> GenerationResult:
        # References stay with every render of the session: generate, Vary and edits keep the likeness.
        stored = await self._references.for_session(session.id) if self._references else []
        references = tuple((r.data, r.mime) for r in stored)
        request = self.request_for(session, await self._renders.count(session.id), references)
        if previous is not None:
            source = await self._gallery.read_path(previous.source_path)
            prompt = edit_prompt(session.creation_type, session.brief, session.colors, change,
                                 key_color=request.key_color, references=len(references))  # fmt: skip
            request = replace(request, prompt=prompt, source=source, change=change)
        options = session.options
        offline = self._provider.offline
        # Offline, the designed background is drawn beside the design (both are known from the request).
        scene: asyncio.Task[Image.Image] | None = None
        if offline and not options.keyed and request.source is None:
            scene = asyncio.create_task(request_backdrop_async(request, options.size))
        await progress(Stage.QUEUED)
        try:
            async with self._slots:
                await progress(Stage.GENERATING)
                with self._metrics.model_call("image"):
                    try:
                        raw = await self._provider.generate_image(request)
                    except ModelsNeedBilling:
                        if self._fallback is None:
                            raise
                        raw, offline = await self._draw_offline(request), True
        except BaseException:
            if scene is not None:
                scene.cancel()
            raise
        if offline and scene is None and not options.keyed and request.source is None:
            scene = asyncio.create_task(request_backdrop_async(request, options.size))
        await progress(Stage.FINISHING)
        # The self-check's request leaves now, beside the cut-out: the check's round trip hides behind the CPU work.
        # A design the fallback engine drew needs none: it sets its lettering in real fonts.
        fell_back = offline and not self._provider.offline
        review = self._review if not fell_back else None
        early = review.start_check(raw, session, options.background == TRANSPARENT) if review else None
        try:
            return await self._finish(session, kind, change, request, raw, options, early, progress, scene, offline,
                                      fell_back)  # fmt: skip
        finally:
            if early is not None:
                early.task.cancel()  # already done when it was used; dropped when the render failed first

    async def _draw_offline(self, request: ImageRequest) -> bytes:
        """No image model this key may use: the offline design engine draws it; the operator is told once."""
        assert self._fallback is not None
        if not self._told_billing:
            self._told_billing = True
            log.warning("Gemini's image models need billing on this bot's key (its free tier has no image quota). "
                        "Renders use the offline design engine until the key's project has billing.")
        return await self._fallback.generate_image(request)

    async def _finish(
        self,
        session: Session,
        kind: RenderKind,
        change: str,
        request: ImageRequest,
        raw: bytes,
        options: OutputOptions,
        early: EarlyCheck | None,
        progress: Progress,
        scene: asyncio.Task[Image.Image] | None = None,
        offline: bool = False,
        fell_back: bool = False,
    ) -> GenerationResult:
        # "The designed background" of a source with no scene of its own (offline designs, or a model's painting
        # on the key colour) is the design engine's scene for this brief.
        backdrop = None
        if scene is not None:
            backdrop = await scene
        elif not options.keyed:
            backdrop = await backdrop_async(raw, session, options.size)
        with self._metrics.post_processing():
            processed = await process_async(raw, options, offline=offline, backdrop=backdrop)
        counted, note = True, None

        async def take_attempt() -> bool:  # every further image call is one of the credit's attempts
            return await self._sessions.take_attempt(session.id, self.attempts_for(session))

        if options.background == TRANSPARENT and processed.doubtful and not fell_back:
            raw, processed, counted, note = await rescue_cut_out(
                self._provider, self._slots, raw, processed, request, options, progress, take_attempt
            )
        verdict, fixes = None, 0
        if self._review is not None and not fell_back:
            # After a failed cut-out rescue the design keeps its scene: only the lettering is checked then.
            checked_options = options if counted else replace(options, background=SCENE)
            reviewed = await self._review.review(
                raw, processed, request, session, checked_options, progress, take_attempt, early
            )
            raw, processed, fixes = reviewed.raw, reviewed.processed, reviewed.auto_fixes
            verdict = reviewed.verdict.model_dump_json() if reviewed.verdict else None
            note = " ".join(n for n in (note, reviewed.note) if n) or None
            if reviewed.fixed and not reviewed.note:
                note = f"Self-check fixed the {' and '.join(reviewed.fixed)} before delivery."
        held = Held(session, kind, change, request.prompt, raw, processed, options, counted, note, verdict, fixes,
                    offline, billing_fallback=fell_back)  # fmt: skip
        try:
            return await self._keeper.record(held)
        except GenerationHeld:
            self._keeper.hold(held)
            raise
