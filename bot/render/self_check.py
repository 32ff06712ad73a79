"""Self-check before delivery: the chat model looks at the render and says what it reads and sees.

The verdict's free text is not trusted for the decision: whether the lettering matches the brief is decided here,
by comparing the text the model *read* with the brief's text exactly (case and spelling). A check that errors or
times out never blocks delivery.
"""

from __future__ import annotations

import asyncio
import logging
import re
from dataclasses import dataclass

from bot.model import TYPES, Brief, CreationType, Verdict, has_text

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Failure:
    kind: str  # "text" | "background"
    detail: str  # one honest line for the user


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().strip("\"“”'")


def failures_of(verdict: Verdict, brief: Brief, transparent: bool) -> list[Failure]:
    found = []
    if has_text(brief):
        wanted, read = _normalise(brief.text or ""), _normalise(verdict.text_read)
        if read != wanted:
            seen = f"“{read}”" if read else "no text"
            found.append(Failure("text", f"the lettering reads {seen} instead of “{wanted}”"))
    if transparent and not verdict.background_separable:
        found.append(Failure("background", "the background isn't flat enough to cut out cleanly"))
    return found


def check_prompt(creation_type: CreationType, brief: Brief, transparent: bool) -> str:
    kind = TYPES[creation_type].model_noun
    wanted = f"“{brief.text}”" if has_text(brief) else "no text"
    lines = [
        f"You are checking a {kind} before it is delivered. Look at the attached image only.",
        "Report in text_read every letter you can see, exactly as written (case, spelling, spacing); do not "
        "correct it towards what was asked.",
        f"Requested text: {wanted}. Requested subject: {brief.subject or 'unspecified'}. "
        f"Requested style: {brief.style or 'unspecified'}.",
    ]
    if transparent:
        lines.append("The background will be cut out: is it one flat, even colour with no scenery or gradient?")
    return " ".join(lines)


def fix_prompt(failures: list[Failure], brief: Brief, key_color: str | None) -> str:
    """A corrective edit of the same render: change only what failed."""
    parts = ["Edit the attached image. Keep the design, composition, colours and style exactly as they are."]
    for failure in failures:
        if failure.kind == "text":
            parts.append(f"Fix the lettering: spell the text exactly {brief.text} (this exact case and spelling).")
        elif failure.kind == "background":
            colour = key_color or "#00ff00"
            parts.append(f"Repaint only the background as one perfectly flat, uniform {colour} colour.")
    return " ".join(parts)


class SelfChecker:
    def __init__(self, provider: object, timeout_seconds: float) -> None:
        self._provider = provider
        self._timeout = timeout_seconds

    async def check(self, image: bytes, creation_type: CreationType, brief: Brief, transparent: bool) -> Verdict | None:
        """The verdict, or None when the check failed or timed out (delivery then goes ahead unchecked)."""
        try:
            async with asyncio.timeout(self._timeout):
                return await self._provider.check_render(  # type: ignore[attr-defined]
                    image, check_prompt(creation_type, brief, transparent)
                )
        except Exception as exc:
            log.warning("self-check skipped: %s", exc.__class__.__name__ if isinstance(exc, TimeoutError) else exc)
            return None
