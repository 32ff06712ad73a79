"""Twitch's rules for animated emotes, checked on the encoded file as Twitch would receive it: at most 60 frames, at
most 512 KB per size (manual upload), and no flashing more than 3 times a second. A flash is counted as a frame
whose mean luminance (on the chat's dark colour) differs from the previous one by more than FLASH_JUMP, the
WCAG "general flash" figure of a 10 % change; they are counted in every one-second window of the loop, the loop
wrapping around as it plays."""

from __future__ import annotations

import io

import numpy as np
from PIL import Image, ImageSequence

MAX_FRAMES = 60
MAX_BYTES = 512_000
FLASH_JUMP = 0.10  # of full scale, mean relative luminance of the whole frame
MAX_FLASHES_PER_SECOND = 3
CHAT = (24, 24, 27)  # Twitch's dark chat, where a flash is at its brightest against the page


_CODES = np.arange(256, dtype=np.float64) / 255.0
# sRGB code -> linear light, weighted per channel, looked up: in integers, an alert's 18 frames of 720×240 cost a
# tenth of what a power per pixel in floats did.
_LINEAR = np.where(_CODES <= 0.04045, _CODES / 12.92, ((_CODES + 0.055) / 1.055) ** 2.4)
_WEIGHTED = [(_LINEAR * w).astype(np.float32) for w in (0.2126, 0.7152, 0.0722)]


def _luminance(frame: Image.Image) -> float:
    rgba = np.asarray(frame.convert("RGBA"), dtype=np.uint16)
    alpha = rgba[..., 3]
    total = 0.0
    for channel, (chat, table) in enumerate(zip(CHAT, _WEIGHTED, strict=True)):
        on_chat = (rgba[..., channel] * alpha + chat * (255 - alpha) + 127) // 255  # over the chat, sRGB codes
        total += float(table[on_chat].mean())
    return total


def timeline(data: bytes) -> list[tuple[float, int]]:
    """Each frame's mean luminance and duration (ms)."""
    image = Image.open(io.BytesIO(data))
    return [(_luminance(f), int(f.info.get("duration", image.info.get("duration", 100)) or 100))
            for f in ImageSequence.Iterator(image)]  # fmt: skip


def flashes_per_second(data: bytes) -> int:
    """The most luminance jumps in any one second of the looping animation."""
    frames = timeline(data)
    if len(frames) < 2:
        return 0
    starts, t = [], 0
    for _, duration in frames:
        starts.append(t)
        t += duration
    loop = t
    jumps = [starts[i] for i in range(len(frames)) if abs(frames[i][0] - frames[i - 1][0]) > FLASH_JUMP]
    times = sorted(jumps + [j + loop for j in jumps])  # the loop plays again after its end
    return max((sum(1 for u in times if s <= u < s + 1000) for s in jumps), default=0)


def broken_rules(data: bytes, max_bytes: int = MAX_BYTES, max_frames: int = MAX_FRAMES) -> list[str]:
    """Which of the rules the file breaks, in words (empty: it may be shipped)."""
    broken = []
    frames = getattr(Image.open(io.BytesIO(data)), "n_frames", 1)
    if frames > max_frames:
        broken.append(f"{frames} frames (at most {max_frames})")
    if len(data) > max_bytes:
        broken.append(f"{len(data) / 1000:.0f} KB (at most {max_bytes / 1000:.0f} KB)")
    if (flashes := flashes_per_second(data)) > MAX_FLASHES_PER_SECOND:
        broken.append(f"{flashes} flashes in a second (at most {MAX_FLASHES_PER_SECOND})")
    return broken
