"""The mark alone, for the small pieces (emotes, sub badges, favicons) and beside a wordmark on wide pieces.

At 112 px and below the whole logo is a smudge: its name plate is a grey bar and its lettering a few pixels. There
the subject mark is drawn alone, no plate and no lettering, filling the frame, with an edge in the badge's colour
that widens as the size drops (about 2 px at any size), so its silhouette reads on a dark or a light chat."""

from __future__ import annotations

import dataclasses
import functools
import io

from PIL import Image

from bot.design.colors import contrast, mix
from bot.design.compose import OUTLINED, Roles, compose_svg, mark_path, outline
from bot.design.moods import pastel
from bot.design.raster import svg_png
from bot.design.spec import DesignSpec
from bot.design.worn import WORN, worn_box

SMALL_MAX = 112  # pieces this size and below use the small mark
EDGE_PX = 2.0  # the edge's width in output pixels (its least in mark units is the design's own 16 of 512)
MARGIN = 0.04  # the mark's margin, a share of the side


def badge_mark_svg(spec: DesignSpec) -> str:
    """The design without its name plate (badge, mark, emblem), for wide pieces where the name stands beside it.
    A wordmark's badge is the plate itself: it becomes a rounded badge around its mark."""
    shape = "rounded" if spec.shape == "wordmark" else spec.shape
    return compose_svg(dataclasses.replace(spec, text=None, shape=shape), scene=False)


def _colours(spec: DesignSpec) -> tuple[str, str, str | None]:
    """The mark's fill, its edge (the badge's colour: the mark reads on it) and an inner line for the treatments
    that draw one (anime, gaming, retro)."""
    roles = Roles(spec)
    edge = roles.badge
    if spec.treatment == "professional" and not spec.subject_color:  # the lead colour on a pale badge, as drawn
        edge = mix(roles.badge, "#ffffff", 0.9)
        if contrast(roles.badge, "#ffffff") >= 1.8:
            roles.mark = roles.badge
    return roles.mark, edge, outline(spec) if spec.treatment in OUTLINED else None


def worn_colour(spec: DesignSpec, mark: str, badge: str) -> str:
    """What the subject wears, in the named colour that stands out most from the mark and its edge (as drawn on
    the badge)."""
    roles = Roles(spec)
    named = [pastel(c, spec.pastel) for c in spec.palette[: max(spec.named, 1)]] + [roles.accent, roles.plate]
    return max(named, key=lambda c: min(contrast(c, mark), contrast(c, badge)))


def small_mark_svg(spec: DesignSpec, size: int) -> str:
    """The mark alone on a 512 unit square (transparent), its edge thick enough for ``size`` px. The words of the
    spec play no part: nothing here sets text (a design without a mark draws its monogram, one letter)."""
    fill, edge, line = _colours(spec)
    if not spec.marks:
        body = compose_svg(dataclasses.replace(spec, text=None, marks=(), accessory=None), scene=False)
        return body  # the monogram on its badge: a letter, never the name
    unit = 512 / size  # mark units per output pixel
    width = max(16.0, EDGE_PX * unit) * 2  # a stroke is drawn half outside: twice the edge seen
    d = mark_path(spec.marks[0])
    inner = (f'<path d="{d}" fill="none" stroke="{line}" stroke-width="{max(10.0, 0.8 * unit) * 2:.1f}" '
             'stroke-linejoin="round"/>') if line else ""  # fmt: skip
    parts = [f'<path d="{d}" fill="{edge}" stroke="{edge}" stroke-width="{width:.1f}" stroke-linejoin="round"/>',
             inner, f'<path d="{d}" fill="{fill}"/>']  # fmt: skip
    if spec.accessory in WORN:  # what the subject wears is part of it ("a cat wearing a crown")
        x, y, s = worn_box(spec.marks[0], spec.accessory, 256, 256, 512)
        a, worn = mark_path(spec.accessory), worn_colour(spec, fill, edge)
        parts.append(f'<g transform="translate({x - s / 2:.1f} {y - s / 2:.1f}) scale({s / 512:.4f})">'
                     f'<path d="{a}" fill="{edge}" stroke="{edge}" stroke-width="{width * 512 / s:.1f}" '
                     f'stroke-linejoin="round"/><path d="{a}" fill="{worn}"/></g>')  # fmt: skip
    pad = width / 2 + (160 if spec.accessory in WORN else 0)  # a crown may rise above the mark's box
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="{-pad:.1f} {-pad:.1f} {512 + 2 * pad:.1f} '
            f'{512 + 2 * pad:.1f}" width="512" height="512">{"".join(parts)}</svg>')  # fmt: skip


def small_mark(spec: DesignSpec, size: int, pixels: int | None = None) -> Image.Image:
    """The mark alone for ``size`` px (RGBA, ``pixels`` px if given: a master to animate and reduce to ``size``),
    cropped to its ink and centred so it fills the frame: drawn at four times the size (at least 256 px) and
    reduced by area, so edges stay smooth. Kept per design and size in this process: a kit's badge tiers share
    their mark (30 badges and icons drew it 30 times, 6 s under load)."""
    return _drawn_mark(spec, size, pixels or size).copy()


@functools.lru_cache(maxsize=24)
def _drawn_mark(spec: DesignSpec, size: int, pixels: int) -> Image.Image:
    drawn = Image.open(io.BytesIO(svg_png(small_mark_svg(spec, size), max(256, pixels * 4)))).convert("RGBA")
    box = drawn.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox() or (0, 0, *drawn.size)
    ink = drawn.crop(box)
    side = round(max(ink.size) / (1 - 2 * MARGIN))
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.alpha_composite(ink, ((side - ink.width) // 2, (side - ink.height) // 2))
    return square.resize((pixels, pixels), Image.Resampling.BOX)


def small_mark_png(spec: DesignSpec, size: int) -> bytes:
    out = io.BytesIO()
    small_mark(spec, size).save(out, "PNG")
    return out.getvalue()


# A tier's look at 18 px: the mark alone (1 month), then a ring in a colour that steps up with loyalty (3, 6), then
# a filled disc under a gold ring (12 months): each differs in colour and shape at the smallest size.
TIER_RINGS = {1: None, 3: "accent", 6: "mark", 12: "gold"}
GOLD = "#f2c14e"


def tier_badge(spec: DesignSpec, months: int, size: int) -> Image.Image:
    """A subscriber badge for ``months`` at ``size`` px (RGBA): the mark alone, ringed from 3 months on."""
    ring = TIER_RINGS.get(months)
    if ring is None:
        return small_mark(spec, size)
    roles = Roles(spec)
    colour = {"accent": roles.accent, "mark": roles.mark, "gold": GOLD}[ring]
    big = max(256, size * 4)
    canvas = Image.new("RGBA", (big, big), (0, 0, 0, 0))
    line = max(big * 0.09, big * 2.2 / size)  # the ring about 2 px wide at 18 px, thicker as it grows
    disc = roles.badge if ring == "gold" else "none"
    svg = (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {big} {big}" width="{big}" height="{big}">'
           f'<circle cx="{big / 2}" cy="{big / 2}" r="{(big - line) / 2:.1f}" fill="{disc}" stroke="{colour}" '
           f'stroke-width="{line:.1f}"/></svg>')  # fmt: skip
    canvas.alpha_composite(Image.open(io.BytesIO(svg_png(svg, big))).convert("RGBA"))
    inner = round(big - 2 * line - big * 0.04)
    mark = small_mark(spec, max(8, round(size * inner / big)), pixels=inner)
    canvas.alpha_composite(mark, ((big - inner) // 2, (big - inner) // 2))
    return canvas.resize((size, size), Image.Resampling.BOX)


# Twitch's bits badges are told apart by their gem's colour, the same steps for every channel (grey, purple, green,
# blue, red): a viewer reads the tier from it. Ours keep those colours for the gem and set the design's mark on it.
BITS_GEMS = {1: "#c8c8d2", 100: "#9146ff", 1000: "#18c964", 5000: "#38b6ff", 10000: "#e9304b"}


def _mark_on(spec: DesignSpec, size: int, shape: str, inner_share: float) -> Image.Image:
    """The mark alone centred on ``shape`` (SVG elements in a 256 unit square), at ``size`` px (RGBA): drawn at
    four times the size (at least 256 px) and reduced by area."""
    big = max(256, size * 4)
    canvas = Image.open(io.BytesIO(svg_png(
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 256 256" width="{big}" height="{big}">{shape}</svg>',
        big))).convert("RGBA")  # fmt: skip
    inner = round(big * inner_share)
    mark = small_mark(spec, max(8, round(size * inner_share)), pixels=inner)
    canvas.alpha_composite(mark, ((big - inner) // 2, (big - inner) // 2))
    return canvas.resize((size, size), Image.Resampling.BOX)


def bits_badge(spec: DesignSpec, bits: int, size: int) -> Image.Image:
    """A bits badge for cheering ``bits`` at ``size`` px: a gem in the tier's colour, its facets in a lighter and a
    darker tone, an edge in the badge's colour, and the mark on it."""
    gem = BITS_GEMS[bits]
    edge = Roles(spec).badge
    width = max(8.0, 256 * 1.6 / size)  # about 1.6 px at any size
    outline = "128,6 246,128 128,250 10,128"
    return _mark_on(spec, size, (
        f'<polygon points="{outline}" fill="{gem}" stroke="{edge}" stroke-width="{width:.1f}" stroke-linejoin="round"/>'
        f'<polygon points="128,6 246,128 128,128" fill="{mix(gem, "#ffffff", 0.35)}"/>'
        f'<polygon points="10,128 128,250 128,128" fill="{mix(gem, "#000000", 0.3)}"/>'
    ), 0.5)  # fmt: skip


def points_icon(spec: DesignSpec, size: int) -> Image.Image:
    """The channel's points icon at ``size`` px: a coin in the design's accent colour, a rim a shade darker, the
    mark on it."""
    roles = Roles(spec)
    rim = mix(roles.accent, "#000000", 0.35)
    width = max(14.0, 256 * 2.0 / size)
    return _mark_on(spec, size, (
        f'<circle cx="128" cy="128" r="{128 - width / 2:.1f}" fill="{roles.accent}" stroke="{rim}" '
        f'stroke-width="{width:.1f}"/>'
    ), 0.62)  # fmt: skip
