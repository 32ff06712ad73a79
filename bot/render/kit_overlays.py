"""A brand kit's stream overlays, in the design's style: the webcam frames (a clear window of a camera's shape, the
name on the border)."""

from __future__ import annotations

from bot.design.overlays import frame_png
from bot.model import Session
from bot.model.brand_kit import WEBCAM_FRAMES
from bot.render.kit_marks import Marks, kit_spec, wide_marks, within_limit


def frames_for(
    source: bytes, cut: bytes, session: Session | None, name: str | None, marks: Marks | None = None
) -> list[tuple[str, bytes]]:
    """The webcam frames (16:9 and 4:3 windows, left clear), the name on their lower border in the design's style."""
    spec = kit_spec(source, session)
    whole, beside, _ = marks or wide_marks(source, cut, {"beside" if name else "whole"})
    return [(f.path, within_limit(frame_png(spec, beside if name else whole, f.window, name), f.max_bytes))
            for f in WEBCAM_FRAMES]  # fmt: skip
