"""A DesignSpec composed as SVG: badge, subject mark (plus an emblem), the name set in the preset's font, and
optionally the designed scene behind. Each preset is a treatment of the same parts (see TREATMENTS)."""

from __future__ import annotations

import re

from bot.design.assets import marks
from bot.design.badges import badge_path
from bot.design.colors import contrast, lightness, luminance, mix, readable_on, shade, standing, toned
from bot.design.lettering import FONTS, name_plate, outline
from bot.design.moods import pastel
from bot.design.pixels import pixel_mark
from bot.design.scenes import scene_svg
from bot.design.spec import DesignSpec
from bot.design.typeset import fitted, set_line
from bot.design.worn import WORN, worn_box

OUTLINED = ("anime", "gaming", "retro")  # treatments that draw a line around the mark
_D = re.compile(r'\sd="([^"]+)"')


def join(spec: DesignSpec) -> str:
    """Corners of strokes: round for a round mood, mitred (pointed) otherwise."""
    return "round" if spec.roundness > 0 else "miter"


def mark_path(mark_id: str) -> str:
    return " ".join(_D.findall(marks()[mark_id]))


class Roles:
    """Which palette colour plays which part: badge, mark, accent, plate, words."""

    def __init__(self, spec: DesignSpec) -> None:
        p = [*(pastel(c, spec.pastel) for c in spec.palette), "#f5f5f5", "#1b1b2f"]
        tone = spec.tone * 0.35
        self.badge = shade(p[0], tone) if tone else p[0]
        others = p[1:]  # what the accent is chosen from
        # The mark must read on the badge: the next colour with enough contrast (named colours first).
        # A pastel mood never falls back on the neutrals (#1b1b2f drew its marks near-black).
        candidates = p[1 : len(spec.palette)] if spec.pastel else p[1:]
        self.mark = next((c for c in candidates if contrast(c, self.badge) >= 1.8), None)
        if self.mark is None:  # all one lightness (a pastel mood): a deeper tone of a named colour, not black;
            # of the two ways round, the one whose mark stays lightest (purple deepens well, gold turns olive).
            pairs = [(p[0], p[1]), (p[1], p[0])] if len(spec.palette) > 1 else [(p[0], p[0])]
            lead, colour = max(pairs, key=lambda gc: lightness(toned(gc[1], shade(gc[0], tone) if tone else gc[0])))
            self.badge = shade(lead, tone) if tone else lead
            self.mark, others = toned(colour, self.badge), [c for c in p if c != lead]
        if spec.subject_color:  # "a pink bunny": the thing in its colour, on the named colour that sets it off best
            own = pastel(spec.subject_color, spec.pastel)
            ground = max([c for c in p[: max(spec.named, 1)] if c != own] or [p[0]], key=lambda c: contrast(c, own))
            # An outlined mark reads on a close colour; a flat one needs the usual contrast.
            if contrast(own, ground) >= (1.1 if spec.treatment in OUTLINED else 1.8):
                self.mark, self.badge = own, shade(ground, tone) if tone else ground
        rest = [c for c in others if c != self.mark]
        self.accent = rest[0] if rest else mix(self.mark, "#ffffff", 0.4)
        # The name plate is light with dark words: the most legible pairing, for eyes and for OCR alike.
        lightest = max(p[: max(spec.named, 3)], key=luminance)
        self.plate = lightest if luminance(lightest) > 0.6 else mix(lightest, "#ffffff", 0.82)
        darkest = min(p[: max(spec.named, 3)], key=luminance)
        self.words = readable_on(self.plate, darkest, shade(darkest, -0.5), "#111318")


def _glow(d: str, color: str, unit: float) -> str:
    """A soft glow as widening translucent strokes: the look of a blur for a tenth of its rasterising time."""
    return "".join(
        f'<path d="{d}" fill="none" stroke="{color}" stroke-width="{width * unit:.1f}" stroke-linejoin="round" '
        f'stroke-opacity="{opacity}"/>'
        for width, opacity in ((64, 0.10), (44, 0.14), (26, 0.22))
    )


def _mark(spec: DesignSpec, roles: Roles, mark_id: str | None, cx: float, cy: float, size: float) -> str:
    """The subject mark (or a monogram) centred at (cx, cy), size px, in the treatment's manner."""
    scale = size / 512
    place = f"translate({cx - size / 2:.1f} {cy - size / 2:.1f}) scale({scale:.4f})"
    if mark_id is None:
        line = set_line(spec.monogram, FONTS[spec.treatment])
        transform, _ = fitted(line, size * 0.9, size * 0.62, cx, cy)
        return f'<path d="{line.path}" transform="{transform}" fill="{roles.mark}"/>'
    d = mark_path(mark_id)
    t, line = spec.treatment, outline(spec)
    # A round mood softens the mark's points: a stroke of its own colour with round joins.
    soft = f' stroke="{roles.mark}" stroke-width="14" stroke-linejoin="round"' if spec.roundness > 0 else ""
    if t == "retro":  # the pixel border outlines the mark: it must show on the badge
        edge = standing(roles.accent, roles.badge, 2.0)
        return f'<g transform="{place}" shape-rendering="crispEdges">{pixel_mark(d, roles.mark, edge)}</g>'
    if t == "anime":
        # Thick line art, then a cel shadow: the same shape in a darker tone clipped to its lower-right half.
        return (
            f'<defs><clipPath id="cel"><path d="M0 300 L512 80 L512 512 L0 512 Z"/></clipPath></defs>'
            f'<g transform="{place}"><path d="{d}" fill="{line}" stroke="{line}" stroke-width="30" '
            f'stroke-linejoin="round"/><path d="{d}" fill="{roles.mark}"/>'
            f'<path d="{d}" fill="{shade(roles.mark, -0.3 + 0.18 * spec.pastel)}" clip-path="url(#cel)"/></g>'
        )
    if t == "gaming":
        return (
            f'<g transform="{place}">{_glow(d, roles.accent, 1 / scale)}'
            f'<path d="{d}" fill="{roles.mark}" stroke="{line}" stroke-width="16" stroke-linejoin="{join(spec)}" '
            f'paint-order="stroke"/></g>'
        )
    if t == "vibrant":  # a gradient towards the accent, whose end still stands out from the badge
        end = standing(mix(roles.mark, roles.accent, 0.75), roles.badge, 2.5)
        return (
            f'<defs><linearGradient id="mk" x1="0" y1="0" x2="1" y2="1"><stop offset="0" stop-color="{roles.mark}"/>'
            f'<stop offset="1" stop-color="{end}"/></linearGradient></defs>'
            f'<g transform="{place}"><path d="{d}" fill="url(#mk)"{soft.replace(roles.mark, end)}/></g>'
        )
    return f'<g transform="{place}"><path d="{d}" fill="{roles.mark}"{soft}/></g>'  # minimal, professional: flat


def _worn(spec: DesignSpec, roles: Roles, subject: str, accessory: str, placed: tuple[float, float, float]) -> str:
    """The accessory on the subject, outlined, in the palette's colour that stands out most from both the mark it
    sits on and the badge behind it (named colours first: a tie goes to them)."""
    x, y, size = worn_box(subject, accessory, *placed)
    named = [pastel(c, spec.pastel) for c in spec.palette[: max(spec.named, 1)]] + [roles.accent, roles.plate]
    worn = Roles(spec)
    worn.mark = max(named, key=lambda c: min(contrast(c, roles.mark), contrast(c, roles.badge)))
    worn.accent = outline(spec)
    if spec.treatment == "retro":
        return _mark(spec, worn, accessory, x, y, size)
    scale = size / 512
    return (f'<g transform="translate({x - size / 2:.1f} {y - size / 2:.1f}) scale({scale:.4f})">'
            f'<path d="{mark_path(accessory)}" fill="{worn.mark}" stroke="{outline(spec)}" stroke-width="{28:.0f}" '
            f'stroke-linejoin="round" paint-order="stroke"/></g>')  # fmt: skip


def _badge(spec: DesignSpec, roles: Roles) -> str:
    t, line = spec.treatment, outline(spec)

    def inner(inset: float) -> str:  # the outline and its inner rings, all as round (or sharp) as the mood
        return badge_path(spec.shape, inset, spec.roundness)

    outer = inner(0)
    if t == "gaming":
        slashes = (f'<clipPath id="bc"><path d="{outer}"/></clipPath>'
                   f'<g clip-path="url(#bc)"><path d="M180 1024 L560 0 L640 0 L260 1024 Z M700 1024 '
                   f'L1000 0 L1040 0 L740 1024 Z" fill="{roles.accent}" fill-opacity="0.28"/></g>')  # fmt: skip
        return (f'{_glow(outer, roles.accent, 1.0)}'
                f'<path d="{outer}" fill="{roles.badge}" stroke="{line}" stroke-width="26" '
                f'stroke-linejoin="{join(spec)}"/>{slashes}'
                f'<path d="{inner(34)}" fill="none" stroke="{roles.accent}" '
                'stroke-width="10"/>')  # fmt: skip
    if t == "vibrant":
        return (f'<defs><linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">'
                f'<stop offset="0" stop-color="{roles.badge}"/>'
                f'<stop offset="1" stop-color="{roles.accent}"/></linearGradient></defs>'
                f'<path d="{outer}" fill="url(#bg)"/>')  # fmt: skip
    if t == "anime":
        return (f'<path d="{outer}" fill="{roles.badge}" stroke="{line}" stroke-width="22" stroke-linejoin="round"/>'
                f'<ellipse cx="380" cy="300" rx="170" ry="90" fill="#ffffff" fill-opacity="0.28" '
                f'transform="rotate(-30 380 300)"/>')  # fmt: skip
    if t == "retro":
        return (f'<path d="{outer}" fill="{roles.badge}" stroke="{roles.plate}" stroke-width="24"/>'
                f'<path d="{inner(40)}" fill="none" stroke="{roles.accent}" stroke-width="12" '
                'stroke-dasharray="24 12"/>')  # fmt: skip
    if t == "professional":
        pale = mix(roles.badge, "#ffffff", 0.9)
        return (f'<path d="{outer}" fill="{pale}" stroke="{roles.badge}" stroke-width="18"/>'
                f'<path d="{inner(30)}" fill="none" stroke="{roles.mark}" stroke-width="8"/>')  # fmt: skip
    return (f'<path d="{outer}" fill="{roles.badge}"/>'
            f'<path d="{inner(26)}" fill="none" stroke="{roles.mark}" stroke-width="12"/>')  # fmt: skip


def compose_svg(spec: DesignSpec, *, scene: bool) -> str:
    """The whole design at 1024 × 1024; ``scene`` paints the designed background, otherwise it is transparent."""
    roles = Roles(spec)
    if spec.treatment == "professional" and not spec.subject_color:  # restraint: the lead colour on a pale badge
        roles.mark = roles.badge if contrast(roles.badge, "#ffffff") >= 1.8 else roles.mark
    subject = spec.marks[0] if spec.marks else None
    # What the subject wears is drawn on it ("a cat wearing a crown"), not in a roundel beside it.
    worn = spec.accessory if subject is not None and spec.accessory in WORN else None
    emblem = spec.marks[1] if len(spec.marks) > 1 and spec.marks[1] != worn else None
    parts: list[str] = []
    if scene:
        parts.append(scene_svg(spec))
    parts.append(_badge(spec, roles))
    angled = spec.treatment == "gaming"
    placed = (512.0, 512.0, 600.0)  # where the subject mark is drawn: centre and size
    if spec.shape == "wordmark":
        # The name is what a wordmark is for: it takes most of the width, the mark a square beside it.
        placed = (205, 512, 260)
        parts.append(_mark(spec, roles, subject, *placed))
        plate = (350, 392, 610, 240)
        if spec.text:
            parts.append(name_plate(spec, roles, plate, angled))
        elif subject is not None:
            parts.append(name_plate(spec.__class__(**{**spec.__dict__, "text": spec.monogram}), roles, plate, angled))
    elif spec.text:
        top_text = spec.layout == 1 and worn is None  # a crown needs the room above the mark
        plate_y = 128 if top_text else 662
        placed = (512, 580 if top_text else 420, 470)
        parts.append(_mark(spec, roles, subject, *placed))
        parts.append(name_plate(spec, roles, (72, plate_y, 880, 200), angled))
    else:
        parts.append(_mark(spec, roles, subject, *placed))
    if worn is not None and subject is not None:
        parts.append(_worn(spec, roles, subject, worn, placed))
    if emblem is not None:
        ex, ey = (780, 250) if spec.layout != 2 else (250, 250)
        if spec.text and spec.layout == 1:  # the name plate is on top: the emblem goes to a lower corner
            ex, ey = 790, 800
        if spec.shape == "wordmark":
            ex, ey = 830, 330
        disc = outline(spec) if spec.treatment in ("gaming", "anime") else roles.plate
        parts.append(f'<circle cx="{ex}" cy="{ey}" r="118" fill="{roles.accent}" stroke="{disc}" stroke-width="14"/>')
        emblem_roles = Roles(spec)
        emblem_roles.mark = readable_on(roles.accent, roles.plate, roles.badge, roles.mark)
        emblem_roles.accent = roles.mark
        drawn = _mark(spec, emblem_roles, emblem, ex, ey, 170)
        for ref in ("cel", "mk"):  # the emblem's own gradient and clip ids
            drawn = drawn.replace(f'id="{ref}"', f'id="{ref}2"').replace(f"url(#{ref})", f"url(#{ref}2)")
        parts.append(drawn)
    body = "".join(parts)
    return ('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 1024 1024" width="1024" height="1024">'
            f'{body}</svg>')  # fmt: skip
