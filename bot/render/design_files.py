"""Files made from a render's kept source without a model call: its designed background (the backdrop a source
painted on a key colour is set on), its SVG, and the platform pack with logo.svg.

Offline designs carry their spec in the PNG, so their SVG is the original vector and their scene is exact. A
model render has no vector: its cut-out is traced into colour layers (vtracer), and its backdrop is the design
engine's scene for the session's brief (the brief's background words, the palette's tones)."""

from __future__ import annotations

import asyncio
import hashlib
import io
from collections import OrderedDict
from typing import Any

import vtracer
from PIL import Image

from bot.design import backdrop, design_svg, read_spec, spec_for
from bot.design import worker as design_worker
from bot.design.small import small_mark
from bot.design.spec import DesignSpec
from bot.imaging import TRANSPARENT, OutputOptions, Pack, process
from bot.imaging.output import needs_backdrop, square_crop
from bot.imaging.platform_pack import (
    PackBase,
    add_files,
    pack_base,
    pack_from_files,
    render_pack_files,
    transparent_file,
)
from bot.model import PackItem
from bot.providers import ImageRequest, offline_request_spec
from bot.storage import Session

TRACE_SIDE = 512  # traced at this size: enough for a logo's shapes, ~0.2 s


def session_spec(session: Session) -> DesignSpec:
    return spec_for(session.creation_type, session.style, session.brief, session.colors, session.description)


def backdrop_for(source: bytes, session: Session | None, size: int = 1024) -> Image.Image | None:
    spec = read_spec(source) or (session_spec(session) if session is not None else None)
    return backdrop(spec, size) if spec is not None else None


def svg_for(source: bytes, cut: bytes | None = None) -> bytes:
    """The render as SVG: the original vector of an offline design, or the cut-out (``cut``, a transparent PNG
    of TRACE_SIDE px when the caller made one already) traced into colour layers."""
    spec = read_spec(source)
    if spec is not None:
        return design_svg(spec, scene=False).encode()
    cut = cut or process(source, OutputOptions(TRACE_SIDE, "png", TRANSPARENT)).data
    traced = vtracer.convert_raw_image_to_svg(
        cut, img_format="png", colormode="color", hierarchical="stacked", mode="spline", filter_speckle=6,
        color_precision=6, layer_difference=24, corner_threshold=60, length_threshold=4.0, splice_threshold=45,
        path_precision=2,
    )  # fmt: skip
    # A viewBox, so the traced file scales like the original instead of staying 512 px.
    traced = traced.replace(f'width="{TRACE_SIDE}" height="{TRACE_SIDE}"',
                            f'width="{TRACE_SIDE}" height="{TRACE_SIDE}" viewBox="0 0 {TRACE_SIDE} {TRACE_SIDE}"', 1)
    return traced.encode()


def export_file(source: bytes, session: Session | None, options: OutputOptions, offline: bool) -> bytes:
    base = backdrop_for(source, session, options.size) if not options.keyed else None
    return process(source, options, offline=offline, backdrop=base).data


# Each of these rasterises or traces (resvg and vtracer hold the GIL): in a worker process, off the event loop.
async def export_async(source: bytes, session: Session | None, options: OutputOptions, offline: bool) -> bytes:
    return await design_worker.run(export_file, source, session, options, offline)


def backdrop_if_needed(source: bytes, session: Session | None, size: int) -> Image.Image | None:
    """The designed background, only for a source with none of its own (alpha, or painted on a key colour)."""
    return backdrop_for(source, session, size) if needs_backdrop(square_crop(Image.open(io.BytesIO(source)))) else None


def request_backdrop(request: ImageRequest, size: int) -> Image.Image:
    """The scene of the design an offline request will draw (the same spec the offline renderer computes)."""
    return backdrop(offline_request_spec(request), size)


async def backdrop_async(source: bytes, session: Session | None, size: int) -> Image.Image | None:
    return await design_worker.run(backdrop_if_needed, source, session, size)


async def request_backdrop_async(request: ImageRequest, size: int) -> Image.Image:
    return await design_worker.run(request_backdrop, request, size)


async def svg_async(source: bytes) -> bytes:
    return await design_worker.run(svg_for, source)


# The pack's dear part (the full-size cut-out, the backdrop, the trace), kept in the worker that made it for the
# pack click that may follow: prepared after each delivery as bulk work, and bulk work runs on one worker (with the
# two workers: one takes renders only), so the pack finds it there. A miss (another worker, or dropped) makes it anew.
_PREPARED: OrderedDict[tuple[Any, ...], tuple[PackBase, bytes]] = OrderedDict()
PREPARED_KEPT = 4  # about 7 MB each at 1024 px


def _pack_key(source: bytes, session: Session | None, items: tuple[PackItem, ...]) -> tuple[Any, ...]:
    """The source and what its backdrop is drawn from (a later edit of the brief draws another)."""
    brief = None if session is None else (session.creation_type, session.style, session.brief.model_dump_json(),
                                          tuple(session.colors), session.description)  # fmt: skip
    return hashlib.blake2b(source, digest_size=16).digest(), brief, items


def _prepared(source: bytes, session: Session | None, items: tuple[PackItem, ...]) -> tuple[PackBase, bytes]:
    """The pack's base and logo.svg (traced from the pack's own transparent 512 px file: no second cut-out)."""
    key = _pack_key(source, session, items)
    if (found := _PREPARED.get(key)) is not None:
        _PREPARED.move_to_end(key)
        return found
    opaque = [i.size for i in items if not i.transparent]
    base = pack_base(source, items, backdrop_for(source, session, max(opaque)) if opaque else None)
    traced = any(i.transparent and i.size == TRACE_SIDE for i in items)
    made = base, svg_for(source, transparent_file(base, TRACE_SIDE) if traced else None)
    _PREPARED[key] = made
    while len(_PREPARED) > PREPARED_KEPT:
        _PREPARED.popitem(last=False)
    return made


def prepare_pack(source: bytes, session: Session | None, items: tuple[PackItem, ...]) -> None:
    _prepared(source, session, items)


def prepare_pack_soon(source: bytes, session: Session | None, items: tuple[PackItem, ...]) -> None:
    """Queue the pack's base in a worker (the caller's bulk work, see ``on_behalf_of``); nobody waits for it. Never
    behind other waiting bulk work (a kit's jobs, a pack someone waits for, an earlier preparation): then it is left
    to the click, so at most one preparation waits, behind the job running now."""
    if not design_worker.stats().waiting["bulk"]:
        design_worker.start(prepare_pack, source, session, items)


def pack_files_for(source: bytes, session: Session | None, items: tuple[PackItem, ...]) -> list[tuple[str, bytes]]:
    """The pack's images and logo.svg, from the prepared base when this worker has it."""
    base, svg = _prepared(source, session, items)
    spec = read_spec(source)  # an offline design: its small files are the mark alone, drawn for their size
    files = render_pack_files(source, items, base=base,
                              small=(lambda size: small_mark(spec, size)) if spec is not None else None)  # fmt: skip
    return add_files(files, (("logo.svg", svg),))


async def pack_async(
    source: bytes, session: Session | None, name: str, limit: int, items: tuple[PackItem, ...]
) -> Pack:
    files = await design_worker.run(pack_files_for, source, session, items)
    return await asyncio.to_thread(pack_from_files, files, name, limit)

