"""Offline renders: the design engine (bot.design) composes the brief as SVG and rasterises it.

A transparent render comes back with real alpha (nothing to cut out, no key colour anywhere); a render that keeps
its background comes back on the designed scene. An edit reads the spec of the render it edits from the PNG and
moves its parameters; Vary is a new variation number (layout, mark variant, palette order)."""

from __future__ import annotations

from bot.design import DRAWN_TEXT_KEY, DesignSpec, design_png, edit_spec, read_spec, spec_for
from bot.providers.base import ImageRequest

__all__ = ["DRAWN_TEXT_KEY", "edit_changes_nothing", "render", "request_spec"]


def request_spec(request: ImageRequest) -> DesignSpec:
    """The design a new (not edited) request draws; the render domain draws its scene from the same spec."""
    return spec_for(request.creation_type, request.style, request.brief, request.colors, variation=request.variation)


def _designs(request: ImageRequest) -> tuple[DesignSpec | None, DesignSpec]:
    """(the design an edit starts from, or None for a new design; the design this request draws)."""
    previous = read_spec(request.source) if request.source is not None else None
    if previous is None:
        return None, request_spec(request)
    return previous, edit_spec(previous, request.change or request.prompt, request_spec(request))


def edit_changes_nothing(request: ImageRequest) -> bool:
    """This edit would draw exactly the design it edits (a change the engine cannot make, or one already made)."""
    previous, spec = _designs(request)
    return previous is not None and spec == previous


def render(request: ImageRequest) -> bytes:
    """A 1024 px PNG of the design with real alpha. The designed scene is added in post-processing when asked
    for (bot.render's backdrop), so the kept source serves every later export, transparent or not."""
    return design_png(_designs(request)[1], scene=False)
