"""Animated emotes from a design's cut-out, with no model call: pulse, wiggle, bounce, spin, shine sweep, pop-in.

Frames are drawn at twice each size (256 px at most) and halved with area averaging, so edges stay smooth (a
28 px emote drawn at 256 px cost 80 times the pixels for the same look). GIF has 1-bit transparency: pixels at
least half opaque are blended onto a matte (the chat's dark or light background, the user's choice) and the rest
are transparent, so no grey fringe shows in chat. A GIF over its platform's byte limit is made again with fewer
frames, then fewer colours, until it fits. APNG and WebP keep full alpha.
"""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image, ImageChops, ImageDraw

from bot.model.brand_kit import MATTES, EmoteFile, Matte, Motion

FRAMES = 24
FRAME_MS = 50  # 1.2 s a loop; nothing flashes (the shine sweeps once a loop)


def square_subject(cutout: Image.Image) -> Image.Image:
    """The cut-out cropped to its ink and centred on a square with a small margin, so the subject fills the emote."""
    rgba = cutout.convert("RGBA")
    box = rgba.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox() or (0, 0, *rgba.size)
    subject = rgba.crop(box)
    side = int(max(subject.size) * 1.12)
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    canvas.paste(subject, ((side - subject.width) // 2, (side - subject.height) // 2), subject)
    return canvas


def _place(subject: Image.Image, side: int, scale: float, angle: float, dy: float, squash: float = 1.0) -> Image.Image:
    frame = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    w, h = max(1, int(side * scale * (2 - squash))), max(1, int(side * scale * squash))
    drawn = subject.resize((w, h), Image.Resampling.BOX)
    if angle:
        drawn = drawn.rotate(angle, resample=Image.Resampling.BICUBIC, expand=True)
    x, y = (side - drawn.width) // 2, (side - drawn.height) // 2 + int(dy * side)
    frame.alpha_composite(drawn, (max(x, -drawn.width), max(y, -drawn.height)))
    return frame


def _shine(frame: Image.Image, t: float) -> Image.Image:
    """A light band crossing the subject diagonally, only where the subject is."""
    side = frame.width
    band = Image.new("L", (side, side), 0)
    x = int((t * 1.6 - 0.3) * side * 2)
    ImageDraw.Draw(band).polygon([(x - side, side), (x - side + side // 5, side), (x + side // 5, 0), (x, 0)],
                                 fill=150)  # fmt: skip
    light = Image.new("RGBA", (side, side), (255, 255, 255, 0))
    light.putalpha(ImageChops.multiply(band, frame.getchannel("A")))
    return Image.alpha_composite(frame, light)


def drawing_side(size: int) -> int:
    """The side the frames of a ``size`` px emote are drawn at: twice it, 256 px at most."""
    return min(2 * size, 256)


def frames_for(cutout: Image.Image, motion: Motion, size: int, count: int = FRAMES) -> list[Image.Image]:
    """The motion's frames at ``size`` px, drawn at twice that and reduced by area."""
    drawn = drawn_frames(cutout, motion, count, side=drawing_side(size))
    return [frame.resize((size, size), Image.Resampling.BOX) for frame in drawn]


def drawn_frames(cutout: Image.Image, motion: Motion, count: int = FRAMES, *, side: int) -> list[Image.Image]:
    subject = square_subject(cutout).resize((side, side), Image.Resampling.LANCZOS)
    frames = []
    for i in range(count):
        t = i / count
        if motion == "pulse":
            frame = _place(subject, side, 0.9 + 0.08 * math.sin(2 * math.pi * t), 0, 0)
        elif motion == "wiggle":
            frame = _place(subject, side, 0.86, 9 * math.sin(2 * math.pi * t), 0)
        elif motion == "bounce":
            lift = abs(math.sin(math.pi * t))
            frame = _place(subject, side, 0.8, 0, 0.08 - 0.16 * lift, squash=1.0 - 0.08 * (1 - lift) ** 4)
        elif motion == "spin":
            frame = _place(subject, side, 0.8, -360 * t, 0)
        elif motion == "shine":
            frame = _shine(_place(subject, side, 0.92, 0, 0), t)
        else:  # pop: grows in with an overshoot, then holds
            grow = min(t / 0.4, 1.0)
            scale = 0.92 * (grow * 1.12 if grow < 0.75 else 1.12 - (grow - 0.75) * 0.48) if t < 0.4 else 0.92
            frame = _place(subject, side, max(scale, 0.05), 0, 0)
        frames.append(frame)
    return frames


def _on_matte(frame: Image.Image, matte: str) -> tuple[Image.Image, np.ndarray]:
    """The frame's colours blended onto the chat's colour (half-opaque edges become the edge the chat will show),
    and which pixels stay transparent."""
    pixels = np.asarray(frame, dtype=np.float32)
    alpha = pixels[..., 3:4] / 255.0
    back = np.array([int(matte[i:i + 2], 16) for i in (1, 3, 5)], dtype=np.float32)
    rgb = pixels[..., :3] * alpha + back * (1 - alpha)
    return Image.fromarray(rgb.round().astype(np.uint8), "RGB"), pixels[..., 3] < 128


def _gif_frames(frames: list[Image.Image], matte: str, colors: int) -> list[Image.Image]:
    """One palette for the whole loop (from a montage of its frames), each frame mapped to it: as fast as a
    lookup, and a global palette keeps the file small."""
    blended = [_on_matte(f, matte) for f in frames]
    size = frames[0].width
    montage = Image.new("RGB", (size * len(blended[::3]), size))
    for i, (rgb, _) in enumerate(blended[::3]):
        montage.paste(rgb, (i * size, 0))
    palette = montage.quantize(colors, method=Image.Quantize.MEDIANCUT)
    out = []
    for rgb, clear in blended:
        indexed = np.asarray(rgb.quantize(palette=palette, dither=Image.Dither.NONE)).copy()
        indexed[clear] = colors  # the spare index is the transparent one
        picture = Image.fromarray(indexed.astype(np.uint8), "P")
        picture.putpalette((palette.getpalette() or [])[: colors * 3] + [0, 0, 0] * (256 - colors))
        picture.info["transparency"] = colors
        out.append(picture)
    return out


def encode(frames: list[Image.Image], target: EmoteFile, matte: Matte = "dark") -> bytes:
    """The frames in the target's format, within its byte and frame limits (fewer frames, then fewer colours)."""
    attempts = [(step, colors) for colors in (255, 128, 64) for step in (1, 2, 3)]
    if target.format != "GIF":
        attempts = [(step, 0) for step in (1, 2, 3, 4)]
    data = b""
    for step, colors in attempts:
        chosen = frames[::step][: target.max_frames]
        out = io.BytesIO()
        duration = FRAME_MS * step
        if target.format == "GIF":
            pictures = _gif_frames(chosen, MATTES[matte], colors)
            pictures[0].save(out, "GIF", save_all=True, append_images=pictures[1:], duration=duration, loop=0,
                             disposal=2, transparency=colors, optimize=False)  # fmt: skip
        elif target.format == "PNG":
            chosen[0].save(out, "PNG", save_all=True, append_images=chosen[1:], duration=duration, loop=0,
                           disposal=1, blend=0)  # fmt: skip
        else:
            chosen[0].save(out, "WEBP", save_all=True, append_images=chosen[1:], duration=duration, loop=0,
                           quality=82, method=4)  # fmt: skip
        data = out.getvalue()
        if len(data) <= target.max_bytes:
            return data
    return data  # the smallest we could make; the caller checks the limit and says so


def emote(cutout: Image.Image, motion: Motion, target: EmoteFile, matte: Matte = "dark") -> bytes:
    return encode(frames_for(cutout, motion, target.size), target, matte)


def emotes(
    cutout: Image.Image, motion: Motion, targets: tuple[EmoteFile, ...], matte: Matte,
    marks: dict[int, Image.Image] | None = None,
) -> list[bytes]:
    """One motion in every target: drawn once per subject, reduced per size. ``marks``: a subject drawn for a size
    (the mark alone, its edge as thick as that size needs), used instead of the cut-out at that size."""
    marks = marks or {}
    drawn = {size: drawn_frames(marks.get(size, cutout), motion, side=drawing_side(size))
             for size in {t.size for t in targets}}  # fmt: skip
    return [encode([f.resize((t.size, t.size), Image.Resampling.BOX) for f in drawn[t.size]], t, matte)
            for t in targets]  # fmt: skip
