"""The few sentences both front ends say word for word, kept once (each front end words everything else in its
own wording module)."""

from __future__ import annotations

from bot.model import ProviderError

SLOW_DOWN = "That's a lot of files at once — give it a few seconds, then press again."
BUSY = "Hang on — the coach or a render is still working in this session."
GENERATING = "Your image is being generated — hang on a moment."


def already_open(where: str = "") -> str:
    """``where``: how the front end points at the open session (" in <#thread>", " in the studio"), or nothing."""
    return f"You already have a design session open{where}."


def kit_failed(error: ProviderError) -> str:
    """The model's failure on a kit's art, pointing at the kit's own button (a render's says Retry)."""
    return error.user_message.replace("press Retry", "press Brand kit again")
