"""Candidate marks: when the offline design engine is unsure which mark a subject calls for, the user picks one
(the studio's grid, Discord's select) instead of the engine drawing a silent guess.

Only the offline engine draws marks; with Gemini the model draws the subject itself, so nothing is offered.
Reading a phrase may rank it by meaning (WordLlama): that runs off the event loop.
"""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from bot.design import mark_label, mark_svg, match_subject
from bot.model import Brief
from bot.services import Services


@dataclass(frozen=True)
class MarkChoice:
    """``mark``: the id a pick sends back; ``label``: the words that name it (they become the subject);
    ``svg``: its picture alone."""

    mark: str
    label: str
    svg: str


def _choices(subject: str | None) -> tuple[MarkChoice, ...]:
    match = match_subject(subject)
    if match.sure:
        return ()
    found = ((mark, mark_label(mark), mark_svg(mark)) for mark in match.candidates)
    return tuple(MarkChoice(mark, label, svg) for mark, label, svg in found if svg is not None)


async def mark_choices(services: Services, brief: Brief) -> tuple[MarkChoice, ...]:
    """The marks to offer for this brief's subject, best first (empty: sure, no subject, or not the offline engine)."""
    if not services.provider.offline or not brief.subject:
        return ()
    return await asyncio.to_thread(_choices, brief.subject)


def picked_subject(mark: str, subject: str | None) -> str:
    """The subject that draws ``mark``: its name, keeping what the thing wears or holds ("with headphones")."""
    accessory = match_subject(subject).accessory if subject else None
    label = mark_label(mark)
    return f"{label} with {mark_label(accessory)}" if accessory and accessory != mark else label
