"""The owner edits the brief by hand (the studio's card, Discord's modal): the same rules for both front ends.

Only what the user set is written, exactly as they typed it (no reading, no guess): a field they left alone keeps
what the coach filed. The edit runs under the session's lock, so it never crosses a coach turn's extraction or a
render; the next render reads the edited brief.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

from bot.imaging import MAX_COLORS, ColorError, parse_color
from bot.model import FIELD_MAX, REQUIREMENTS, Brief, Element, Session, check_brief, has_text
from bot.services import Services
from bot.usecases.coach_turn import NoSuchSession, SessionEnded
from bot.usecases.mark_choice import mark_choices, picked_subject


@dataclass(frozen=True)
class BriefChange:
    """What the user set: ``fields`` by element name (None or blank clears an optional one), ``colors`` the whole new
    list of brand colours (None: unchanged), ``mark`` a picked candidate mark."""

    fields: Mapping[str, str | None] = field(default_factory=dict)
    colors: Sequence[str] | None = None
    mark: str | None = None  # a candidate mark picked (bot.usecases.mark_choice): its name becomes the subject


@dataclass(frozen=True)
class BriefEdited:
    """Saved. ``changed``: the element names (and "colors") whose value changed; empty when the edit changed
    nothing. ``became_ready``: the brief is complete now and was not before (the front end offers Generate)."""

    session: Session
    changed: tuple[str, ...]
    became_ready: bool


Reason = Literal[
    "not_a_field", "required", "too_long", "text_too_long", "not_a_colour", "too_many_colours", "not_offered"
]


@dataclass(frozen=True)
class BriefRefused:
    """Nothing was saved: ``field`` (an element name or "colors") and why; ``label`` the element's name on the card
    for this creation type; ``limit`` for the length and count limits, ``value`` the word that is not a colour."""

    field: str
    reason: Reason
    label: str = ""
    limit: int | None = None
    value: str | None = None


Edited = BriefEdited | BriefRefused | NoSuchSession | SessionEnded


def editable(session: Session) -> tuple[Element, ...]:
    """The elements of this creation type, in the card's order."""
    rules = REQUIREMENTS[session.creation_type]
    return (*rules.required, *rules.recommended)


async def brief_to_edit(services: Services, session_id: int, caller: int) -> Session | NoSuchSession | SessionEnded:
    """The session whose brief the caller may edit (a modal is pre-filled from it)."""
    session = await services.sessions.get(session_id)
    if session is None or session.user_id != caller:
        return NoSuchSession()
    return session if session.live else SessionEnded()


def _apply(session: Session, change: BriefChange) -> tuple[Brief, list[str]] | BriefRefused:
    elements = editable(session)
    rules = REQUIREMENTS[session.creation_type]
    updates: dict[str, str | None] = {}
    for name, raw in change.fields.items():
        if name not in elements:
            return BriefRefused(name[:40], "not_a_field")
        label = rules.labels[name]  # type: ignore[index]
        value = " ".join((raw or "").split()) or None
        if value is None and name in rules.required and getattr(session.brief, name) is not None:
            return BriefRefused(name, "required", label)  # a filled required element is changed, never emptied
        if value is not None and len(value) > FIELD_MAX:
            return BriefRefused(name, "too_long", label, limit=FIELD_MAX)
        updates[name] = value
    brief = session.brief.model_copy(update=updates)
    if "text" in updates and has_text(brief) and len(brief.text or "") > rules.max_text_chars:
        return BriefRefused("text", "text_too_long", rules.labels["text"], limit=rules.max_text_chars)
    colors = list(session.colors)
    if change.colors is not None:
        colors = []
        for word in change.colors:
            try:
                colour = parse_color(word)
            except ColorError:
                return BriefRefused("colors", "not_a_colour", value=word.strip()[:40])
            if colour not in colors:
                colors.append(colour)
        if len(colors) > MAX_COLORS:
            return BriefRefused("colors", "too_many_colours", limit=MAX_COLORS)
    return brief, colors


async def edit_brief(services: Services, session_id: int, caller: int, change: BriefChange) -> Edited:
    """Someone else's session answers exactly like one that does not exist."""
    async with services.locks.hold(session_id):  # after a coach turn's extraction or a render, never across one
        session = await brief_to_edit(services, session_id, caller)
        if not isinstance(session, Session):
            return session
        if change.mark is not None:  # only a mark offered for the subject as it is now
            if change.mark not in {c.mark for c in await mark_choices(services, session.brief)}:
                return BriefRefused("mark", "not_offered", value=change.mark[:40])
            subject = await asyncio.to_thread(picked_subject, change.mark, session.brief.subject)
            change = replace(change, fields={**change.fields, "subject": subject})
        applied = _apply(session, change)
        if isinstance(applied, BriefRefused):
            return applied
        brief, colors = applied
        changed = tuple(e for e in editable(session) if getattr(brief, e) != getattr(session.brief, e))
        changed += ("colors",) if colors != session.colors else ()
        if not changed:
            return BriefEdited(session, (), False)
        await services.sessions.edit_brief(session.id, brief, colors)
        fresh = await services.sessions.get(session.id)
        assert fresh is not None
        was_ready = check_brief(session.creation_type, session.brief).ready
        return BriefEdited(fresh, changed, not was_ready and check_brief(fresh.creation_type, fresh.brief).ready)
