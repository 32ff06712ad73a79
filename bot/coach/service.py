"""One coach turn: record the user's words, update the typed brief, stream the reply."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Sequence
from dataclasses import dataclass, replace

from bot.coach.change_guard import guarded
from bot.coach.prompts import change_instruction, coach_system_prompt, extraction_instruction
from bot.imaging import dominant_colors
from bot.model import REFERENCE_ONLY, Brief, ThoughtSignature, check_brief, usage_scope
from bot.observability import NO_METRICS, Metrics
from bot.providers import ChatTurn, CoachContext, CoachProvider, ProviderError
from bot.references import ReferenceStore, StoredReference
from bot.storage import Session, SessionRepository

log = logging.getLogger(__name__)
# The longest message a turn reads: what Discord lets a person write (a Nitro message, and a modal's text input,
# both 4,000 characters), and the studio's box too. The coach's own messages still split at 2,000 (streaming.py).
MAX_USER_MESSAGE = 4000
# The extraction waits this long after the reply's request: building a Gemini request costs a few ms of CPU on the
# event loop, so in a burst of 20 messages the 20 extractions built at once delayed the last replies' requests by
# ~80 ms (bench.studio_latency p99 593 -> 512 ms at 0.25 s). The brief is needed only when the reply has ended, which
# with a real model (first token ~0.5 s, a reply of 1-3 s) comes after a 0.25 s start plus the extraction.
EXTRACTION_DEFER_SECONDS = 0.25
# Gemini needs a user turn to answer; the greeting has none of the user's words yet.
_OPENING_TURN = ChatTurn("user", "(I just opened a design session. Greet me briefly and ask your first question.)")


@dataclass(frozen=True)
class Earlier:
    """A session's transcript and references as read with the session itself (CoachService.session_now)."""

    session_id: int
    turns: list[ChatTurn]
    references: ChatTurn | None


def _reference_turn(stored: Sequence[StoredReference]) -> ChatTurn | None:
    """The session's references as one leading user turn of inline images, sent with every call."""
    if not stored:
        return None
    return ChatTurn("user", "My reference image(s) for this design:", tuple((r.data, r.mime) for r in stored))


class MessageTooLong(ValueError):
    """A message over MAX_USER_MESSAGE characters: refused whole, nothing recorded (the use case's TooLong is the
    fact the front ends word)."""

    def __init__(self, length: int) -> None:
        super().__init__(f"{length} characters, over {MAX_USER_MESSAGE}")
        self.length = length


@dataclass
class CoachTurn:
    """A reply that streams at once, and the brief extraction running beside it (settled after the reply)."""

    context: CoachContext
    previous_brief: Brief
    _provider: CoachProvider
    _sessions: SessionRepository
    _session_id: int
    _system_prompt: str
    _history: list[ChatTurn]
    _extraction: asyncio.Task[Brief] | None = None
    _recorded: asyncio.Task[None] | None = None  # the user's words being written beside the reply's request

    @property
    def became_ready(self) -> bool:
        """Ready now, and either newly so or with a changed brief worth showing options again for (after settle)."""
        was_ready = check_brief(self.context.creation_type, self.previous_brief).ready
        return self.context.check.ready and (not was_ready or self.previous_brief != self.context.brief)

    async def stream(self) -> AsyncIterator[str]:
        parts: list[str] = []
        signature: str | None = None
        try:
            with usage_scope(self._session_id):
                async for chunk in self._provider.stream_reply(self._system_prompt, self._history, self.context):
                    if isinstance(chunk, ThoughtSignature):
                        signature = chunk.value  # Gemini asks for it back, exactly as sent, with this turn
                        continue
                    parts.append(chunk)
                    yield chunk
        finally:
            await self.recorded()  # the user's words are kept before the reply, whatever became of it
        reply = "".join(parts).strip()
        if reply:
            await self._sessions.add_message(self._session_id, "model", reply, signature=signature)

    async def recorded(self) -> None:
        """Wait until the user's words of this turn are in the transcript."""
        if self._recorded is not None:
            await self._recorded

    async def settle(self) -> CoachContext:
        """Wait for the extraction, save the brief it found; readiness is then decided by the rules on it.
        A failed extraction keeps the previous brief (the next turn extracts again)."""
        await self.recorded()
        if self._extraction is None:
            return self.context
        task, self._extraction = self._extraction, None
        try:
            brief = await task
        except ProviderError as exc:
            log.warning("brief extraction failed: %s", exc)
            return self.context
        check = check_brief(self.context.creation_type, brief)
        self.context = replace(self.context, brief=brief, check=check, previous=self.previous_brief)
        return self.context


class CoachService:
    def __init__(
        self,
        sessions: SessionRepository,
        provider: CoachProvider,
        metrics: Metrics = NO_METRICS,
        references: ReferenceStore | None = None,
        max_turns: int = 24,
    ) -> None:
        self._max_turns = max_turns
        self._pending: set[asyncio.Task[Brief]] = set()
        self._writes: set[asyncio.Task[None]] = set()  # user's words still being written (finished at shutdown)
        self._sessions = sessions
        self._provider = provider
        self._metrics = metrics
        self._references = references

    @property
    def offline(self) -> bool:
        return self._provider.offline

    async def opening(self, session: Session) -> CoachTurn:
        """The first turn: the /profile create description (and any reference) counts as the user's first message."""
        has_reference = bool(self._references and await self._references.count(session.id))
        if session.description.strip() or has_reference:
            return await self.turn(session, session.description or REFERENCE_ONLY, new_reference=has_reference)
        return self._build(session, session.brief, session.brief, [])

    async def _reference_turn(self, session_id: int) -> ChatTurn | None:
        """The session's references as one leading user turn of inline images, sent with every call."""
        return _reference_turn(await self._references.for_session(session_id) if self._references else [])

    @staticmethod
    def _words(user_text: str | list[str]) -> list[str]:
        """The user's words (one message, or several folded into this turn), refused whole when one is too long."""
        texts = [t.strip() for t in ([user_text] if isinstance(user_text, str) else user_text) if t.strip()]
        longest = max((len(t) for t in texts), default=0)
        if longest > MAX_USER_MESSAGE:
            raise MessageTooLong(longest)
        return texts

    async def _write(self, session_id: int, texts: list[str]) -> None:
        for text in texts:
            await self._sessions.add_message(session_id, "user", text)

    async def _record(self, session: Session, user_text: str | list[str]) -> tuple[str, list[ChatTurn]]:
        """Record the user's words; returns (text, transcript to send): the newest ``max_turns`` messages, older ones
        being folded into the brief, plus the references."""
        texts = self._words(user_text)
        await self._write(session.id, texts)
        history, references = await asyncio.gather(
            self._sessions.transcript(session.id, limit=self._max_turns), self._reference_turn(session.id)
        )
        return "\n".join(texts), history if references is None else [references, *history]

    async def _heard(
        self, session: Session, texts: list[str], known: Earlier | None = None
    ) -> tuple[list[ChatTurn], asyncio.Task[None]]:
        """For a reply: the transcript to send (what was said before, the new words, the references) and the task
        writing the new words. The reply's request waits for no write: with many sessions talking, every read and
        write waits its turn at the database, and the first words waited for each one in front of the request
        (bench.coach_latency). The two reads go together; the write runs beside the request, and the reply is
        kept (and the session's lock let go) only after it."""
        keep = max(self._max_turns - len(texts), 0)
        if known is not None and known.session_id == session.id:
            earlier, references = (known.turns[-keep:] if keep else []), known.references
        else:
            earlier, references = await asyncio.gather(
                self._sessions.transcript(session.id, limit=keep), self._reference_turn(session.id)
            )
        writing = asyncio.create_task(self._write(session.id, texts), name=f"words-{session.id}")
        self._writes.add(writing)
        writing.add_done_callback(self._writes.discard)
        history = [*earlier, *(ChatTurn("user", t) for t in texts)][-self._max_turns :]
        return (history if references is None else [references, *history]), writing

    async def _extract(self, session: Session, instruction: str, history: list[ChatTurn]) -> Brief:
        with self._metrics.model_call("extract"):
            return await self._provider.extract_brief(instruction, history, session.brief, session.creation_type)

    async def _extract_and_save(self, session: Session, instruction: str, history: list[ChatTurn]) -> Brief:
        """Saved as soon as it is known, not when the reply ends: a restart mid-reply keeps what was understood.
        It starts a moment after the reply's request, so when many sessions talk at once the replies' requests
        (what users wait to see) leave first; the extraction is needed only when the reply has finished. Offline,
        the reply is written from the brief itself, so nothing waits."""
        if not self._provider.offline:
            await asyncio.sleep(EXTRACTION_DEFER_SECONDS)
        brief = await self._extract(session, instruction, history)
        if brief != session.brief:
            await self._sessions.save_brief(session.id, brief)
        return brief

    async def aclose(self) -> None:
        """Stop extractions still running (shutdown), before the database closes under them."""
        pending = [task for task in self._pending if not task.done()]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, *self._writes, return_exceptions=True)

    async def _take(
        self, session: Session, user_text: str | list[str], instruction: str
    ) -> tuple[str, Brief, list[ChatTurn]]:
        text, history = await self._record(session, user_text)
        return text, await self._extract(session, instruction, history), history

    async def session_now(self, session_id: int, user_text: str | list[str]) -> tuple[Session | None, Earlier]:
        """The session as it is now, and what was said before that a reply to ``user_text`` sends: one round trip
        to the database (under the session's lock, right before the reply's request). Pass both to ``turn``."""
        keep = max(self._max_turns - len(self._words(user_text)), 0)
        also = [self._references.query_for(session_id)] if self._references else []
        session, said, rows = await self._sessions.get_with_transcript(session_id, keep, *also)
        stored = await self._references.from_rows(rows[0]) if self._references else []
        return session, Earlier(session_id, said, _reference_turn(stored))

    async def turn(
        self,
        session: Session,
        user_text: str | list[str],
        *,
        new_reference: bool = False,
        earlier: Earlier | None = None,
    ) -> CoachTurn:
        """The reply starts streaming at once; the extraction runs beside it (one model call each). ``earlier``:
        the transcript read with the session (``session_now``), not read again."""
        history, writing = await self._heard(session, self._words(user_text), earlier)
        instruction = extraction_instruction(session.creation_type, session.brief)
        with usage_scope(session.id):  # the task copies the context now: its usage is this session's
            extraction = asyncio.create_task(
                self._extract_and_save(session, instruction, history), name=f"extract-{session.id}"
            )
        self._pending.add(extraction)
        extraction.add_done_callback(self._pending.discard)
        colors: tuple[str, ...] = ()
        if history and history[0].images:
            colors = tuple(await asyncio.to_thread(dominant_colors, history[0].images[-1][0]))
        turn = self._build(session, session.brief, session.brief, history, colors, new_reference)
        turn._extraction, turn._recorded = extraction, writing
        if self._provider.offline:
            await turn.settle()  # instant offline, and the offline reply is written from the brief itself
        return turn

    async def change_request(self, session: Session, user_text: str) -> str:
        """After a delivery: record the change and fold what it names into the brief (so a later Vary keeps it);
        a request (bigger, darker, move, swap) writes no field. Returns the coach's one short line, which the caller
        records with ``say`` once the edit goes ahead: the render that follows is the real answer."""
        with usage_scope(session.id):
            text, brief, _ = await self._take(
                session, user_text, change_instruction(session.creation_type, session.brief)
            )
        brief = guarded(session.brief, brief, text)  # whichever reader read it, only named fields change
        if brief != session.brief and check_brief(session.creation_type, brief).ready:
            await self._sessions.save_brief(session.id, brief)
        shown = text if len(text) <= 80 else text[:77] + "…"
        return f"On it — “{shown}”. Editing your last render…"

    async def say(self, session_id: int, line: str) -> None:
        """A line of the coach's that needed no model call, kept in the transcript."""
        await self._sessions.add_message(session_id, "model", line)

    def _build(
        self,
        session: Session,
        previous: Brief,
        brief: Brief,
        history: list[ChatTurn],
        reference_colors: tuple[str, ...] = (),
        new_reference: bool = False,
    ) -> CoachTurn:
        check = check_brief(session.creation_type, brief)
        references = len(history[0].images) if history and history[0].images else 0
        context = CoachContext(session.creation_type, session.style, session.colors, brief, check,
                               reference_colors, new_reference)  # fmt: skip
        prompt = coach_system_prompt(session.creation_type, session.style, session.colors, brief, check,
                                     references, new_reference)  # fmt: skip
        return CoachTurn(
            context, previous, self._provider, self._sessions, session.id, prompt, history or [_OPENING_TURN]
        )
