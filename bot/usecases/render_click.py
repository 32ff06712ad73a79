"""A render click (Generate, Vary, an edit, Retry), the same for a Discord button and the studio's endpoint.

The cheap refusals come first, before the front end acknowledges anything. One render per control state: a
double click is answered without a render. At most one step waits behind a running one. Then the render runs under
the session's lock, with the front end's delivery inside it, so a change typed meanwhile waits its turn. An edit
after a delivery first folds its change into the brief, under the same lock, so a later Vary keeps it. Only the
session's owner renders: anyone else hears NoSuchSession, as for an id that does not exist.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Literal

from bot.model import ProviderError, Trouble
from bot.render import GenerationFailed, GenerationRefused, GenerationResult, RenderKind, Stage
from bot.render.refusals import RefusalReason
from bot.services import Services
from bot.usecases.outcomes import NoSuchSession
from bot.usecases.ownership import owned_session

Progress = Callable[[Stage], Awaitable[None]]
Step = Callable[[], Awaitable[None]]
Say = Callable[[str], Awaitable[None]]
# "next": the session's first render, or a Vary once there is one (Discord's Generate and Retry buttons).
ClickKind = RenderKind | Literal["next"]


@dataclass(frozen=True)
class Rendered:
    result: GenerationResult


@dataclass(frozen=True)
class RenderRefused:
    """Why no render starts (``budget_used``: Done is what is left; ``budget``: the session's renders;
    ``attempts``: its image attempts, when they ran out)."""

    reason: RefusalReason
    budget_used: bool
    budget: int
    attempts: int | None = None

    @classmethod
    def of(cls, refusal: GenerationRefused, budget: int) -> RenderRefused:
        return cls(refusal.reason, refusal.budget_used, budget, refusal.attempts)


@dataclass(frozen=True)
class RenderFailed:
    """The model call failed; the credit and the budget are untouched (``held``: the image was made and is kept,
    only its saving failed; ``by_coach``: the coach's reading of an edit's change failed, before any render)."""

    trouble: Trouble
    held: bool
    renders: int | None = None  # the session's render count now (a Retry control carries it)
    by_coach: bool = False


@dataclass(frozen=True)
class AlreadyOnIt:
    """A second click on the same control while the first one renders."""


@dataclass(frozen=True)
class Busy:
    """The coach or a render is working and another step already waits: nothing more is queued."""


@dataclass(frozen=True)
class EditUnchanged:
    """The edit would draw the same picture (a change the offline engine cannot make, or one already made): no
    render was spent and nothing changed. ``change``: the user's words; front ends say what could not be done."""

    change: str


Clicked = Rendered | RenderRefused | RenderFailed | AlreadyOnIt | Busy | NoSuchSession | EditUnchanged


async def render_now(
    services: Services,
    session_id: int,
    user_id: int,
    kind: ClickKind,
    progress: Progress,
    *,
    change: str = "",
    expect: int | None = None,
    acknowledge: Say | None = None,
    deliver: Callable[[GenerationResult], Awaitable[None]] | None = None,
) -> Rendered | RenderRefused | RenderFailed | NoSuchSession | EditUnchanged:
    """The render under the session's lock. An edit's ``change`` goes into the brief first; ``acknowledge`` gets the
    coach's one-line answer to it. ``deliver`` posts the result before the lock is released."""
    if isinstance(owned := await owned_session(services, session_id, user_id), NoSuchSession):
        return owned
    async with services.locks.hold(session_id):
        try:
            session = await services.sessions.get(session_id)
            if kind == "next":
                kind = "vary" if session is not None and session.renders_used else "generate"
            if kind == "edit" and change:
                if session is not None and session.credit_state == "spent":  # a delivery to edit
                    said = await services.coach.change_request(session, change)
                    if await services.generation.edit_changes_nothing(session_id, change):
                        return EditUnchanged(change)  # the same picture again would cost a render for nothing
                    await services.coach.say(session_id, said)
                    if acknowledge is not None:
                        await acknowledge(said)
            result = await services.generation.render(session_id, kind, progress, change, expect)
        except GenerationRefused as exc:
            return RenderRefused.of(exc, services.generation.budget)
        except GenerationFailed as exc:
            return RenderFailed(exc.trouble, exc.held, await _renders_used(services, session_id))
        except ProviderError as exc:
            return RenderFailed(exc.trouble, False, await _renders_used(services, session_id), by_coach=True)
        if deliver is not None:
            await deliver(result)
        return Rendered(result)


async def _renders_used(services: Services, session_id: int) -> int | None:
    session = await services.sessions.get(session_id)
    return session.renders_used if session is not None else None


async def render_click(
    services: Services,
    session_id: int,
    user_id: int,
    kind: ClickKind,
    progress: Progress,
    *,
    expect: int | None = None,
    change: str = "",
    accepted: Step | None = None,
    acknowledge: Say | None = None,
    deliver: Callable[[GenerationResult], Awaitable[None]] | None = None,
) -> Clicked:
    """``expect``: the render count the control was posted for (a stale or double click renders nothing);
    ``accepted`` runs once the click will render (the front end acknowledges it there); ``acknowledge`` gets the
    coach's line on an edit's change, as with render_now."""
    if isinstance(owned := await owned_session(services, session_id, user_id), NoSuchSession):
        return owned
    try:
        await services.generation.check_can_render(session_id, expect)
    except GenerationRefused as exc:
        return RenderRefused.of(exc, services.generation.budget)
    with services.generation.click(session_id, expect, kind) as first:
        if not first:
            return AlreadyOnIt()
        if services.locks.queued(session_id) >= 2:
            return Busy()
        if accepted is not None:
            await accepted()
        return await render_now(services, session_id, user_id, kind, progress, change=change, expect=expect,
                                acknowledge=acknowledge, deliver=deliver)  # fmt: skip
