"""Wide pieces of a brand kit (banners, offline screen, panels) in the design's own style: its designed background,
its cut-out as the mark, and the channel name (or a panel title) on the design's name plate in its font, all inside
the piece's safe area. The words are outlines we typeset, so they are always spelled right."""

from __future__ import annotations

import base64
import dataclasses
import io

from PIL import Image

from bot.design.colors import readable_on
from bot.design.compose import Roles
from bot.design.lettering import FONTS, name_plate
from bot.design.raster import svg_png
from bot.design.scenes import scene_colors, scene_svg
from bot.design.spec import DesignSpec
from bot.design.typeset import fitted, set_line

PANEL_HEIGHT = 200  # pieces this tall or less are panels: a title beside the mark alone
UNIT_HEIGHT = 440  # the safe area's height in the units the badge's name plate is drawn in (its strokes stay true)
STATUS_SHARE = 0.3  # of a screen's safe area, under the mark and the name: the line saying what the screen is for


def subject_png(cutout: Image.Image) -> bytes:
    """The cut-out cropped to its ink on a transparent square: the mark fills its box."""
    rgba = cutout.convert("RGBA")
    box = rgba.getchannel("A").point(lambda a: 255 if a > 8 else 0).getbbox() or (0, 0, *rgba.size)
    subject = rgba.crop(box)
    side = max(subject.size)
    canvas = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    canvas.paste(subject, ((side - subject.width) // 2, (side - subject.height) // 2), subject)
    out = io.BytesIO()
    canvas.resize((min(side, 768),) * 2, Image.Resampling.LANCZOS).save(out, "PNG")
    return out.getvalue()


def wide_svg(
    spec: DesignSpec,
    subject: bytes,
    width: int,
    height: int,
    safe: tuple[int, int] | None,
    words: str | None,
    art: bytes | None = None,
    status: str | None = None,
) -> str:
    """``art``: a model's wide painting to set everything over (cropped to cover the piece, centred); None: the
    design engine's own scene. ``status``: a line under the mark and the name saying what the screen is for
    ("Currently offline", "Be right back"), in the design's typeface, on a band that reads over any scene."""
    safe_w, full_h = safe or (int(width * 0.9), int(height * 0.8))
    safe_h = full_h * (1 - STATUS_SHARE) if status else full_h
    top = (height - full_h) / 2
    # A panel (160 px tall) is its title first: the mark alone, smaller, and the title on a taller plate.
    group = lockup(spec, subject, ((width - safe_w) / 2, top, safe_w, safe_h), words, height <= PANEL_HEIGHT,
                   art is not None)  # fmt: skip
    defs = LIFT if art is not None else ""
    scene = scene_layer(spec, width, height, art)
    line = status_svg(spec, status, (width / 2, top + safe_h + full_h * STATUS_SHARE / 2),
                      (safe_w * 0.8, full_h * STATUS_SHARE * 0.82), art is not None) if status else ""  # fmt: skip
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" width="{width}" '
            f'height="{height}">{defs}{scene}{group}{line}</svg>')  # fmt: skip


# Over a model's painting, in the design's own palette, the mark can melt into it: a soft shadow lifts it.
LIFT = ('<defs><filter id="lift" x="-20%" y="-20%" width="140%" height="140%"><feDropShadow dx="0" dy="8" '
        'stdDeviation="12" flood-color="#000" flood-opacity="0.55"/></filter></defs>')  # fmt: skip


def scene_layer(spec: DesignSpec, width: int, height: int, art: bytes | None = None) -> str:
    """What a piece is set over: the model's painting cropped to cover it, or the design's own square scene
    covering it, centred."""
    if art is not None:
        return (f'<image x="0" y="0" width="{width}" height="{height}" preserveAspectRatio="xMidYMid slice" '
                f'href="data:image/png;base64,{base64.b64encode(art).decode()}"/>')  # fmt: skip
    cover = max(width, height) / 1024
    return (f'<g transform="translate({(width - 1024 * cover) / 2:.1f} {(height - 1024 * cover) / 2:.1f}) '
            f'scale({cover:.5f})">{scene_svg(spec)}</g>')  # fmt: skip


def lockup(
    spec: DesignSpec, subject: bytes, box: tuple[float, float, float, float], words: str | None, panel: bool = False,
    lifted: bool = False,
) -> str:
    """The mark with the words on the design's name plate beside it (or the mark alone, centred), fitted to ``box``
    (x, y, width, height); ``lifted``: the mark's soft shadow (LIFT in the document's defs)."""
    left, top, safe_w, safe_h = box
    k = safe_h / UNIT_HEIGHT
    unit_w = safe_w / k
    mark = min(300.0 if panel else 400.0, unit_w * (0.3 if panel else 0.42))
    href = "data:image/png;base64," + base64.b64encode(subject).decode()
    lift = ' filter="url(#lift)"' if lifted else ""
    parts = []
    if words:
        parts.append(f'<image x="0" y="{(UNIT_HEIGHT - mark) / 2:.1f}" width="{mark:.1f}" height="{mark:.1f}" '
                     f'href="{href}"{lift}/>')  # fmt: skip
        plate_h = min(280.0 if panel else 200.0, UNIT_HEIGHT * (0.64 if panel else 0.46))
        plate = (mark + 40, (UNIT_HEIGHT - plate_h) / 2, unit_w - mark - 40, plate_h)
        parts.append(name_plate(dataclasses.replace(spec, text=words), Roles(spec), plate, spec.treatment == "gaming"))
    else:
        parts.append(f'<image x="{(unit_w - 400) / 2:.1f}" y="20" width="400" height="400" href="{href}"{lift}/>')
    return f'<g transform="translate({left:.1f} {top:.1f}) scale({k:.5f})">{"".join(parts)}</g>'


def status_svg(
    spec: DesignSpec, text: str, centre: tuple[float, float], box: tuple[float, float], over_art: bool
) -> str:
    """The status line centred in ``box``: capitals, spaced, in the design's typeface, on a rounded band of the
    scene's deep tone (so it reads over stars, stripes or a model's painting), with a rule in the accent colour
    either side."""
    roles = Roles(spec)
    deep, _ = scene_colors(spec)
    words = readable_on(deep, roles.plate, roles.words, roles.accent)
    line = set_line(text.upper(), FONTS[spec.treatment], 0.12)
    (cx, cy), (box_w, box_h) = centre, box
    transform, scale = fitted(line, box_w * 0.78, box_h * 0.5, cx, cy)
    ink_w, band_h = line.width * scale, box_h
    band_w = min(box_w, ink_w + band_h * 1.4)
    rule_w, rule_h = (band_w - ink_w) / 2 - band_h * 0.3, max(band_h * 0.05, 3.0)
    return (f'<rect x="{cx - band_w / 2:.1f}" y="{cy - band_h / 2:.1f}" width="{band_w:.1f}" height="{band_h:.1f}" '
            f'rx="{band_h * 0.22:.1f}" fill="{deep}" fill-opacity="{0.82 if over_art else 0.6}"/>'
            f'<rect x="{cx - band_w / 2 + band_h * 0.2:.1f}" y="{cy - rule_h / 2:.1f}" width="{rule_w:.1f}" '
            f'height="{rule_h:.1f}" fill="{roles.accent}"/>'
            f'<rect x="{cx + ink_w / 2 + band_h * 0.1:.1f}" y="{cy - rule_h / 2:.1f}" width="{rule_w:.1f}" '
            f'height="{rule_h:.1f}" fill="{roles.accent}"/>'
            f'<path d="{line.path}" transform="{transform}" fill="{words}"/>')  # fmt: skip


def wide_png(
    spec: DesignSpec,
    subject: bytes,
    width: int,
    height: int,
    safe: tuple[int, int] | None,
    words: str | None,
    art: bytes | None = None,
    status: str | None = None,
) -> bytes:
    """The piece at its exact pixel size, as resvg encodes it: the scene covers every pixel, so it is opaque
    (platforms show banners on their own backgrounds) without a second encode."""
    return svg_png(wide_svg(spec, subject, width, height, safe, words, art, status), width)
