"""Issue 39's four streamer briefs, drawn as the free path draws them now: each sentence read by the offline coach
(bot.providers.offline.read_turn), drawn by the offline engine at 512 px on its designed background, then two mood
variants of it (the same sentence with another mood, or none).

Prints per cell what was understood (subject, colours, mood), what is drawn (marks, accessory, palette, badge) and
what a user would measure: tesseract reads the name, mean lightness and saturation, and the badge's roundness (the
silhouette's isoperimetric quotient, 4πA/P²: a disc 1, a square 0.79).

Run: python -m bench.picture_whole [--sheet docs/picture-whole.png]
"""

from __future__ import annotations

import colorsys
import io
import sys
from pathlib import Path

import numpy as np
from PIL import Image, ImageDraw
from scipy import ndimage

from bench.offline_designs import ocr_reads
from bot.design import design_png, spec_for
from bot.model import Brief, initial_brief
from bot.providers.offline import read_turn

# (creation type, style, the sentence as the user typed it, then two mood variants of it): the table of issue 39,
# each with the mood it said (or none) and the other moods in its place.
BRIEFS = [
    ("streamer_logo", "anime", (
        "a pink bunny with headphones for my channel MochiMoo, pastel pink and mint, cozy vibe",
        "a pink bunny with headphones for my channel MochiMoo, pastel pink and mint",
        "a pink bunny with headphones for my channel MochiMoo, pastel pink and mint, fierce esports vibe")),
    ("streamer_logo", "gaming", (
        "a samurai helmet, red and black, channel KageBlade, esports",
        "a samurai helmet, red and black, channel KageBlade",
        "a samurai helmet, red and black, channel KageBlade, cute cozy vibe")),
    ("profile_picture", "retro", (
        "my cat Luna wearing a tiny crown, purple and gold",
        "my cat Luna wearing a tiny crown, purple and gold, cute pastel vibe",
        "my cat Luna wearing a tiny crown, purple and gold, aggressive vibe")),
    ("streamer_logo", "professional", (
        "a compass rose for my travel stream WanderWithMira, teal and sand",
        "a compass rose for my travel stream WanderWithMira, teal and sand, cozy vibe",
        "a compass rose for my travel stream WanderWithMira, teal and sand, aggressive esports vibe")),
]  # fmt: skip
SIZE = 512
LABEL = 64


def read(creation_type: str, style: str, sentence: str) -> Brief:
    return read_turn(creation_type, sentence, initial_brief(style, []), None, False)  # type: ignore[arg-type]


def lightness_saturation(png: bytes) -> tuple[float, float]:
    image = Image.open(io.BytesIO(png)).convert("RGB").resize((96, 96), Image.Resampling.BOX)
    hls = np.array([colorsys.rgb_to_hls(*(np.array(p) / 255)) for p in np.asarray(image).reshape(-1, 3)])
    return float(hls[:, 1].mean()), float(hls[:, 2].mean())


def roundness(png: bytes) -> float:
    """The silhouette's isoperimetric quotient, 4πA/P² (a disc 1, a square 0.79, a diamond's points lower); the
    perimeter is the total gradient of the slightly blurred mask (the co-area formula)."""
    alpha = np.asarray(Image.open(io.BytesIO(png)).getchannel("A"), dtype=np.float32) > 127
    mask = ndimage.binary_fill_holes(alpha).astype(np.float32)
    gy, gx = np.gradient(ndimage.gaussian_filter(mask, 1.0))
    return float(4 * np.pi * mask.sum() / np.hypot(gx, gy).sum() ** 2)


def main(sheet_path: Path | None) -> None:
    cells: list[tuple[Image.Image, str]] = []
    read_names = 0
    for creation_type, style, sentences in BRIEFS:
        for number, said in enumerate(sentences):
            brief = read(creation_type, style, said)
            variant = "as typed" if number == 0 else f"mood: {brief.mood or 'none said'}"
            spec = spec_for(creation_type, style, brief, [], said)
            png = design_png(spec, scene=True, size=SIZE)
            named = ocr_reads(png, brief.text or "")
            read_names += named
            light, saturation = lightness_saturation(png)
            shape = roundness(design_png(spec, scene=False, size=SIZE))
            print(f"{style:<12} {variant:<24} subject={brief.subject!r} colours={brief.color_scheme!r} "
                  f"mood={brief.mood!r}")  # fmt: skip
            print(f"{'':<37} marks={spec.marks} worn={spec.accessory} palette={spec.palette[: spec.named]}"
                  f"+{spec.palette[spec.named:]} badge={spec.shape}")  # fmt: skip
            print(f"{'':<37} name read by tesseract: {'yes' if named else 'NO'}   lightness {light:.2f}   "
                  f"saturation {saturation:.2f}   roundness {shape:.3f}")  # fmt: skip
            cells.append((Image.open(io.BytesIO(png)).convert("RGB"), f"{style}: {variant}"))
    print(f"names read: {read_names}/{len(cells)}")
    if sheet_path is None:
        return
    columns = len(BRIEFS[0][2])
    sheet = Image.new("RGB", (columns * SIZE, len(BRIEFS) * (SIZE + LABEL)), "#101014")
    draw = ImageDraw.Draw(sheet)
    for index, (cell, label) in enumerate(cells):
        row, column = divmod(index, columns)
        top = row * (SIZE + LABEL)
        sheet.paste(cell, (column * SIZE, top + LABEL))
        if column == 0:
            draw.text((10, top + 6), f"“{BRIEFS[row][2][0]}”  ({BRIEFS[row][1]})", fill="#ffffff", font_size=17)
        draw.text((column * SIZE + 10, top + 34), label, fill="#b8b8c8", font_size=20)
    sheet_path.parent.mkdir(parents=True, exist_ok=True)
    sheet.save(sheet_path, optimize=True)
    print(f"contact sheet: {sheet_path}")


if __name__ == "__main__":
    main(Path(sys.argv[sys.argv.index("--sheet") + 1]) if "--sheet" in sys.argv else None)
