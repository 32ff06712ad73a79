"""The designed background, from the brief's words: plain, gradient, stars or pattern, in the palette's tones.

Also the backdrop for a render whose source was painted on a cut-out key colour (either mode): the design is cut
out and set on this scene, so no export or pack file ever shows the key colour."""

from __future__ import annotations

import random

from bot.design.colors import luminance, mix, shade
from bot.design.moods import pastel
from bot.design.spec import DesignSpec

LIGHT_SCENES = ("minimal", "professional")


def scene_colors(spec: DesignSpec) -> tuple[str, str]:
    """(deep, lift): the scene's two tones. Dark for most treatments; light for minimal and professional."""
    darkest = min(spec.palette, key=luminance)
    if spec.pastel:  # a soft mood: a light tint of the lead colour, never a dark scene
        deep = pastel(mix(spec.palette[0], "#ffffff", 0.35), spec.pastel)
        lift = mix(deep, "#ffffff", 0.6)
    elif spec.treatment in LIGHT_SCENES:
        deep, lift = mix(spec.palette[0], "#ffffff", 0.88), "#ffffff"
    else:
        deep = shade(darkest, -0.55) if luminance(darkest) > 0.05 else darkest
        lift = mix(spec.palette[0], deep, 0.45)
    if spec.tone:
        deep, lift = shade(deep, spec.tone * 0.6), shade(lift, spec.tone * 0.6)
    return deep, lift


def scene_svg(spec: DesignSpec) -> str:
    """SVG elements (defs included) that paint the whole 1024 canvas."""
    deep, lift = scene_colors(spec)
    rng = random.Random(spec.seed)
    if spec.scene == "plain":
        return f'<rect width="1024" height="1024" fill="{deep}"/>'
    if spec.scene == "gradient":
        return (
            f'<defs><radialGradient id="sc" cx="50%" cy="42%" r="75%"><stop offset="0" stop-color="{lift}"/>'
            f'<stop offset="1" stop-color="{deep}"/></radialGradient></defs>'
            '<rect width="1024" height="1024" fill="url(#sc)"/>'
        )
    if spec.scene == "stars":
        darkest = min(spec.palette, key=luminance)
        night = shade(darkest, -0.6 + min(spec.tone, 0) * 0.35 + max(spec.tone, 0) * 0.5)
        if spec.pastel:  # a dusk in the lead colour's tint rather than a black night: the stars still show
            night = shade(pastel(spec.palette[0], 1.0), -0.35)
        lift = mix(night, lift, 0.5 + spec.tone * 0.4)  # darker: less glow in the sky
        parts = [
            f'<defs><radialGradient id="sc" cx="30%" cy="25%" r="90%">'
            f'<stop offset="0" stop-color="{lift}"/>'
            f'<stop offset="1" stop-color="{night}"/></radialGradient></defs>',
            '<rect width="1024" height="1024" fill="url(#sc)"/>',
        ]
        for opacity in (0.45, 0.7, 1.0):  # one path per brightness: resvg's cost is per element
            dots = []
            for _ in range(45):
                x, y, r = rng.uniform(0, 1024), rng.uniform(0, 1024), rng.choice((1.2, 1.8, 2.6, 3.4))
                dots.append(f"M{x - r:.0f} {y:.0f}a{r} {r} 0 1 0 {2 * r} 0a{r} {r} 0 1 0 {-2 * r} 0")
            parts.append(f'<path d="{"".join(dots)}" fill="#ffffff" fill-opacity="{opacity}"/>')
        planet = spec.palette[min(1, len(spec.palette) - 1)]
        px, py = rng.choice(((150, 170), (880, 860), (870, 160)))
        parts.append(f'<circle cx="{px}" cy="{py}" r="70" fill="{planet}"/>')
        ring = mix(planet, "#ffffff", 0.4)
        parts.append(f'<ellipse cx="{px}" cy="{py}" rx="120" ry="26" fill="none" stroke="{ring}" '
                     f'stroke-width="8" transform="rotate(-18 {px} {py})"/>')  # fmt: skip
        return "".join(parts)
    # pattern: a synthwave grid for retro, halftone dots for anime, diagonal stripes otherwise
    accent = mix(spec.palette[-1 if len(spec.palette) > 2 else 0], deep, 0.55)
    if spec.treatment == "retro":
        grid = "".join(f"M{i} 0V1024M0 {i}H1024" for i in range(0, 1025, 64))
        return (f'<rect width="1024" height="1024" fill="{deep}"/>'
                f'<path d="{grid}" stroke="{accent}" stroke-width="4" stroke-opacity="0.7"/>')  # fmt: skip
    if spec.treatment == "anime":
        dots = [f'<rect width="1024" height="1024" fill="{deep}"/>']
        rings = []
        for row in range(0, 1048, 48):
            for col in range(0, 1048, 48):
                x = col + (24 if (row // 48) % 2 else 0)
                rings.append(f"M{x - 9} {row}a9 9 0 1 0 18 0a9 9 0 1 0 -18 0")
        dots.append(f'<path d="{"".join(rings)}" fill="{accent}"/>')
        return "".join(dots)
    return (
        f'<defs><pattern id="st" width="80" height="80" patternUnits="userSpaceOnUse" patternTransform="rotate(35)">'
        f'<rect width="80" height="80" fill="{deep}"/><rect width="34" height="80" fill="{accent}"/></pattern></defs>'
        '<rect width="1024" height="1024" fill="url(#st)"/>'
    )
