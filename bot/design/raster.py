"""SVG to pixels with resvg (the maintained Rust renderer, through its `resvg` binding): the engine's only
rasteriser; Pillow does the rest. Text is already outlines, so no font is loaded here."""

from __future__ import annotations

import io
import re
import threading

import resvg
from PIL import Image

_local = threading.local()
# The root element's own size: the binding's pixmap is always this size, whatever the transform says.
_ROOT = re.compile(r"<svg\b[^>]*>")
_SIZE = re.compile(r'\s(width|height)="([0-9.]+)(?:px)?"')


def _options() -> resvg.usvg.Options:
    # resvg's Options may not cross threads (the binding refuses it): one per thread that renders.
    options = getattr(_local, "options", None)
    if options is None:
        options = _local.options = resvg.usvg.Options.default()
    return options


def sized(svg: str, width: int) -> str:
    """The SVG with its root's width and height set for a raster ``width`` px wide (the height in proportion).

    The binding draws into a pixmap of the document's own size: scaling with its transform instead left a 512 px
    render as the top-left quarter of a 1024 px image. Every SVG here has a viewBox, so its drawing follows."""
    root = _ROOT.search(svg)
    if root is None:
        return svg
    sizes = {name: float(value) for name, value in _SIZE.findall(root.group(0))}
    if "width" not in sizes or "height" not in sizes or round(sizes["width"]) == width:
        return svg
    height = max(1, round(sizes["height"] * width / sizes["width"]))
    tag = _SIZE.sub(lambda m: f' {m.group(1)}="{width if m.group(1) == "width" else height}"', root.group(0))
    return svg[: root.start()] + tag + svg[root.end() :]


def svg_png(svg: str, size: int = 1024) -> bytes:
    """PNG bytes of the SVG, ``size`` px wide (the height in proportion)."""
    tree = resvg.usvg.Tree.from_str(sized(svg, size), _options())
    return bytes(resvg.render(tree, (1, 0, 0, 0, 1, 0)))


def rasterise(svg: str, size: int = 1024) -> Image.Image:
    return Image.open(io.BytesIO(svg_png(svg, size))).convert("RGBA")
