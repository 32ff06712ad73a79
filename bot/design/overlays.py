"""Stream overlays in the design's style. A webcam frame: a transparent PNG whose window (the camera's exact shape)
is left fully clear, framed in the design's scene tones (a gradient: the scene's stars or planet cut by a thin
border read as clutter), with the mark and the channel name on its lower border. An alert's layers: the mark and
a line on the design's name plate, for bot.imaging.alerts to animate."""

from __future__ import annotations

import dataclasses
import io

from PIL import Image

from bot.design.compose import Roles
from bot.design.lettering import name_plate
from bot.design.raster import svg_png
from bot.design.scenes import scene_colors
from bot.design.spec import DesignSpec
from bot.design.wide import lockup

BORDER = 28  # px around the window, left, top and right
BAR = 150  # px under the window: the border that carries the mark and the name
CORNER = 26  # px: the frame's outer corners are rounded; the window's are square (a camera's picture is)


def frame_size(window: tuple[int, int]) -> tuple[int, int]:
    return window[0] + 2 * BORDER, window[1] + BORDER + BAR


def window_box(window: tuple[int, int]) -> tuple[int, int, int, int]:
    """The clear window's (left, top, right, bottom) in the frame."""
    return BORDER, BORDER, BORDER + window[0], BORDER + window[1]


def frame_svg(spec: DesignSpec, subject: bytes, window: tuple[int, int], words: str | None) -> str:
    width, height = frame_size(window)
    left, top, right, bottom = window_box(window)
    roles = Roles(spec)
    deep, lift = scene_colors(spec)
    r = CORNER
    outer = (f"M{r} 0H{width - r}Q{width} 0 {width} {r}V{height - r}Q{width} {height} {width - r} {height}H{r}"
             f"Q0 {height} 0 {height - r}V{r}Q0 0 {r} 0Z")  # fmt: skip
    # Even-odd: the outer shape less the window, so the scene (and everything on it) never enters the window.
    shape = f"{outer}M{left} {top}V{bottom}H{right}V{top}Z"
    ring = 8  # an accent line just outside the window, its inner edge on the window's
    bar_top = bottom + 10
    name = lockup(spec, subject, (width * 0.2, bar_top + 8, width * 0.6, height - bar_top - 24), words)
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}"><defs><clipPath id="frame"><path d="{shape}" clip-rule="evenodd"/></clipPath>'
            f'<linearGradient id="tone" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{lift}"/>'
            f'<stop offset="1" stop-color="{deep}"/></linearGradient></defs>'
            f'<g clip-path="url(#frame)"><rect width="{width}" height="{height}" fill="url(#tone)"/>'
            f'<rect x="{left - ring / 2}" y="{top - ring / 2}" width="{right - left + ring}" '
            f'height="{bottom - top + ring}" fill="none" stroke="{roles.accent}" stroke-width="{ring}"/>'
            f'<path d="{outer}" fill="none" stroke="{roles.badge}" stroke-width="10"/>{name}</g></svg>')  # fmt: skip


def frame_png(spec: DesignSpec, subject: bytes, window: tuple[int, int], words: str | None) -> bytes:
    """The frame at its exact size (RGBA PNG as resvg encodes it): opaque border, clear window."""
    return svg_png(frame_svg(spec, subject, window, words), frame_size(window)[0])


def alert_layers(
    spec: DesignSpec, subject: bytes, line: str, size: tuple[int, int]
) -> tuple[Image.Image, Image.Image, tuple[int, int, int, int]]:
    """An alert's two layers at ``size`` (RGBA): the mark (square, its height less a margin) and the line on the
    design's name plate beside it, on a transparent canvas; and the mark's box (left, top, right, bottom)."""
    width, height = size
    pad = round(height * 0.08)
    side = height - 2 * pad
    mark = Image.open(io.BytesIO(subject)).convert("RGBA").resize((side, side), Image.Resampling.LANCZOS)
    plate_h = height * 0.5
    box = (side + 2 * pad, (height - plate_h) / 2, width - side - 3 * pad, plate_h)
    words = dataclasses.replace(spec, text=line)
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
           f'height="{height}">{name_plate(words, Roles(spec), box, spec.treatment == "gaming")}</svg>')  # fmt: skip
    plate = Image.open(io.BytesIO(svg_png(svg, width))).convert("RGBA")
    return mark, plate, (pad, pad, pad + side, pad + side)
