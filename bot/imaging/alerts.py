"""Stream alerts (follow, sub, raid) animated from two still layers, the mark and its line on a plate: the mark pops
in, the plate wipes in from the mark, both hold, then leave the way they came. The first and last frames are empty
(an alert box shows the file from its start and hides it at its end: nothing jumps in or out). No layer fades in
or out at once: a wipe and a scale, so no frame brightens the whole picture (Twitch's flash rule, checked on the
file by the caller)."""

from __future__ import annotations

import io
import math

import numpy as np
from PIL import Image

STEP_MS = 40  # 25 frames a second while moving
HOLD_MS = 2200  # the alert held still: one frame, shown this long
IN_STEPS, OUT_STEPS = 10, 7


def _pop(t: float) -> float:
    """0 -> 1 with an overshoot (ease-out-back), the mark's scale as it lands."""
    c = 1.9
    return 1 + (c + 1) * (t - 1) ** 3 + c * (t - 1) ** 2 if t > 0 else 0.0


def _frame(mark: Image.Image, plate: Image.Image, box: tuple[int, int, int, int], scale: float, reveal: float):
    canvas = Image.new("RGBA", plate.size, (0, 0, 0, 0))
    if reveal > 0:  # the plate shown from the mark's side, up to ``reveal`` of its width
        right = box[2] + round((plate.width - box[2]) * min(reveal, 1.0))
        canvas.alpha_composite(plate.crop((0, 0, right, plate.height)))
    side = round(mark.width * scale)
    if side > 1:
        drawn = mark.resize((side, side), Image.Resampling.BILINEAR)
        cx, cy = (box[0] + box[2]) // 2, (box[1] + box[3]) // 2
        x, y = cx - side // 2, cy - side // 2
        crop = drawn.crop((max(0, -x), max(0, -y), side, side))
        canvas.alpha_composite(crop, (max(x, 0), max(y, 0)))
    return canvas


def alert_frames(
    mark: Image.Image, plate: Image.Image, box: tuple[int, int, int, int]
) -> list[tuple[Image.Image, int]]:
    """(frame, duration ms) for one play of the alert."""
    empty = Image.new("RGBA", plate.size, (0, 0, 0, 0))
    frames = [(empty, 100)]
    for i in range(1, IN_STEPS + 1):
        t = i / IN_STEPS
        reveal = max(0.0, (t - 0.3) / 0.7)  # the plate follows once the mark is most of the way in
        frames.append((_frame(mark, plate, box, _pop(min(t / 0.7, 1.0)), 1 - (1 - reveal) ** 2), STEP_MS))
    frames.append((_frame(mark, plate, box, 1.0, 1.0), HOLD_MS))
    for i in range(1, OUT_STEPS + 1):
        t = i / OUT_STEPS
        frames.append((_frame(mark, plate, box, math.cos(t * math.pi / 2), 1 - t), STEP_MS))
    frames.append((empty, 200))
    return frames


def encode_alert(frames: list[tuple[Image.Image, int]]) -> bytes:
    """Animated WebP, lossless with full alpha, at the encoder's fastest effort (quality 0, method 0 is its speed
    setting in lossless: ~60 ms for the 18 frames, 260 KB; lossy took 3x the time), played once and looped by the
    alert box. The alert's first file: GIF's 1-bit alpha cuts the plate's soft edge (``encode_alert_gif`` makes
    the GIF beside it, for the alert boxes that take GIF and not WebP)."""
    pictures, durations = [f for f, _ in frames], [d for _, d in frames]
    out = io.BytesIO()
    pictures[0].save(out, "WEBP", save_all=True, append_images=pictures[1:], duration=durations, loop=0,
                     lossless=True, quality=0, method=0)  # fmt: skip
    return out.getvalue()


CLEAR = 255  # the GIF's transparent palette index; the other 255 are the alert's colours


def encode_alert_gif(frames: list[tuple[Image.Image, int]]) -> bytes:
    """The same frames as a GIF, for alert boxes that take GIF (StreamElements, Streamlabs and the like): one palette
    for the whole alert (``_palette``), each frame mapped to it without dithering (a lookup, not a quantisation per
    frame: a tenth of the time). GIF has
    1-bit alpha: a pixel at least half opaque keeps its own colour (the stream under it is unknown, so no matte
    is blended in), the rest are clear. Each frame is drawn on a cleared canvas (disposal 2), so the mark can
    shrink and leave nothing behind."""
    pictures, durations = [f for f, _ in frames], [d for _, d in frames]
    palette = _palette(pictures, pictures[durations.index(max(durations))])
    colours = (palette.getpalette() or [])[: CLEAR * 3]
    indexed = []
    for picture in pictures:
        mapped = np.asarray(picture.convert("RGB").quantize(palette=palette, dither=Image.Dither.NONE)).copy()
        mapped[np.asarray(picture.getchannel("A")) < 128] = CLEAR
        frame = Image.fromarray(mapped, "P")
        frame.putpalette(colours + [0] * (768 - len(colours)))
        indexed.append(frame)
    # Pillow (13.0) writes an all-clear frame after a disposal-2 frame as a second global header, which no decoder
    # reads: the clear frames at the end (the alert gone) are one frame appended here by hand (1x1, clear).
    empty_end = 0
    while len(indexed) > 2 and not pictures[len(indexed) - 1].getchannel("A").getbbox():
        indexed, empty_end = indexed[:-1], empty_end + durations[len(indexed) - 1]
    out = io.BytesIO()
    indexed[0].save(out, "GIF", save_all=True, append_images=indexed[1:], duration=durations[: len(indexed)], loop=0,
                    disposal=2, transparency=CLEAR, optimize=False)  # fmt: skip
    data = out.getvalue()
    return data[:-1] + _clear_frame(empty_end) + b";" if empty_end else data


def _palette(pictures: list[Image.Image], hold: Image.Image) -> Image.Image:
    """255 colours from the opaque pixels of the held frame at full size and of every frame at a third (nearest
    pixels, so no colour is made up): the held frame shows nearly every colour; a frame that differs still counts."""
    thumbs = [p.resize((p.width // 3, p.height // 3), Image.Resampling.NEAREST) for p in pictures]
    montage = Image.new("RGBA", (hold.width, hold.height + thumbs[0].height * -(-len(thumbs) // 3)))
    montage.paste(hold, (0, 0))
    for i, thumb in enumerate(thumbs):
        montage.paste(thumb, ((i % 3) * thumb.width, hold.height + (i // 3) * thumb.height))
    opaque = np.asarray(montage)
    colours = opaque[opaque[..., 3] >= 128][:, :3]
    if not len(colours):
        colours = np.zeros((1, 3), np.uint8)
    strip = Image.fromarray(np.ascontiguousarray(colours).reshape(1, -1, 3), "RGB")
    return strip.quantize(CLEAR, method=Image.Quantize.MEDIANCUT)


def _clear_frame(duration_ms: int) -> bytes:
    """A GIF frame of one clear pixel shown ``duration_ms``: a graphic control extension (disposal 2, the clear
    index), an image descriptor for 1x1 at the origin and its LZW data (8-bit codes: clear, the pixel, end)."""
    control = b"\x21\xf9\x04" + bytes([2 << 2 | 1]) + (duration_ms // 10).to_bytes(2, "little") + bytes([CLEAR, 0])
    descriptor = b"\x2c" + bytes(4) + (1).to_bytes(2, "little") * 2 + b"\x00"
    codes = sum(code << 9 * i for i, code in enumerate((256, CLEAR, 257))).to_bytes(4, "little")  # 9-bit codes
    return control + descriptor + b"\x08" + bytes([len(codes)]) + codes + b"\x00"
