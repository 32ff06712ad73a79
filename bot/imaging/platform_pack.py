"""The platform pack: one render at every size streamers' platforms ask for, in a ZIP built from the kept source.

The source is cut out once at full resolution; every size is resampled from that, and small sizes are sharpened
after downscaling (a plain shrink turns a 28 px emote to mush). CPU work: call it off the event loop.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from PIL import Image, ImageFilter

from bot.imaging.cutout import cut_out
from bot.imaging.output import has_alpha, needs_backdrop, on_key, resize_cut_out, square_crop
from bot.model import DEFAULT_PACK, PackItem

__all__ = ["DEFAULT_PACK", "PackBase", "PackItem", "PackTooLarge", "build_pack", "pack_base"]

ICO_SIZES = (16, 32, 48)
# Downscaled below this size, an image gets an unsharp mask so strokes keep their edges.
SHARPEN_BELOW = 160
SMALL_MAX = 112  # emotes, badges and icons this size and below take the mark alone when the caller can draw it
PACK_THREADS = 2


class PackTooLarge(Exception):
    """Even split in two, the pack is over the server's upload limit."""


@dataclass(frozen=True)
class Pack:
    parts: list[tuple[str, bytes]]  # (zip file name, bytes): one part, or two when one would be over the limit
    files: int
    total_bytes: int


def _resample(image: Image.Image, size: int) -> Image.Image:
    small = (
        resize_cut_out(image, size) if image.mode == "RGBA" else image.resize((size, size), Image.Resampling.LANCZOS)
    )
    if size < SHARPEN_BELOW:
        # Sharpen colour only: alpha edges stay as the cut-out made them.
        if small.mode == "RGBA":
            rgb, alpha = small.convert("RGB"), small.getchannel("A")
            rgb = rgb.filter(ImageFilter.UnsharpMask(radius=1.0, percent=120, threshold=1))
            small = Image.merge("RGBA", (*rgb.split(), alpha))
        else:
            small = small.filter(ImageFilter.UnsharpMask(radius=1.0, percent=120, threshold=1))
    return small


def _png(image: Image.Image) -> bytes:
    out = io.BytesIO()
    image.save(out, "PNG", compress_level=1)  # level 6 costs ~4x the time for ~20 % smaller files
    return out.getvalue()


@dataclass(frozen=True)
class PackBase:
    """What every file of a pack is resampled from: the full-size cut-out (None when no file needs one) and the
    opaque picture (the cut-out on the backdrop, or the source's own scene). The dearest part of a pack."""

    cut: Image.Image | None
    scene: Image.Image


def pack_base(source: bytes, items: tuple[PackItem, ...], backdrop: Image.Image | None = None) -> PackBase:
    """A source drawn on a key colour (or already cut out) gets its opaque picture on ``backdrop``, never on the
    key."""
    opened = square_crop(Image.open(io.BytesIO(source)))
    if has_alpha(opened):
        cut: Image.Image | None = opened.convert("RGBA")
    else:
        opened = opened.convert("RGB")
        cut = cut_out(opened).image if any(i.transparent for i in items) or on_key(opened) else None
    if cut is not None and needs_backdrop(opened):
        base = (backdrop.convert("RGBA").resize(cut.size, Image.Resampling.LANCZOS) if backdrop is not None
                else Image.new("RGBA", cut.size, (24, 24, 32, 255)))  # fmt: skip
        return PackBase(cut, Image.alpha_composite(base, cut).convert("RGB"))
    return PackBase(cut, opened.convert("RGB"))


def transparent_file(base: PackBase, size: int) -> bytes | None:
    """The pack's transparent file of ``size`` px (the same bytes as in the pack), None without a cut-out."""
    return _png(_resample(base.cut, size)) if base.cut is not None else None


def render_pack_files(
    source: bytes, items: tuple[PackItem, ...] = DEFAULT_PACK, backdrop: Image.Image | None = None,
    extra: tuple[tuple[str, bytes], ...] = (), small: Callable[[int], Image.Image] | None = None,
    base: PackBase | None = None,
) -> list[tuple[str, bytes]]:
    """Every file of the pack, plus favicon.ico and README.txt (and ``extra`` files such as logo.svg), from
    ``base`` (made from ``source`` and ``backdrop`` when None). ``small``: the mark alone drawn for a size (no
    plate, no lettering), for the transparent files of SMALL_MAX px and below and the favicon; None: the whole
    picture resampled."""
    made = base or pack_base(source, items, backdrop)
    cut, scene = made.cut, made.scene

    def one(item: PackItem) -> tuple[str, bytes]:
        if small is not None and item.transparent and item.size <= SMALL_MAX:
            return item.file, _png(small(item.size))
        return item.file, _png(_resample(cut if item.transparent and cut is not None else scene, item.size))

    def icon() -> tuple[str, bytes]:
        ico = io.BytesIO()
        if small is not None:  # each size drawn for itself
            drawn = [small(s) for s in reversed(ICO_SIZES)]
            drawn[0].save(ico, "ICO", sizes=[(s, s) for s in ICO_SIZES], append_images=drawn[1:])
        else:
            _resample(cut if cut is not None else scene, 48).save(ico, "ICO", sizes=[(s, s) for s in ICO_SIZES])
        return "favicon.ico", ico.getvalue()

    # Pillow releases the GIL while resampling and encoding: two threads make the dozen files in about half the time.
    with ThreadPoolExecutor(PACK_THREADS) as pool:
        made = [pool.submit(one, item) for item in items] + [pool.submit(icon)]
        files = [job.result() for job in made]
    lines = ["Profile Creator platform pack", ""]
    lines += [f"{item.file:<32} {item.size}x{item.size}  {item.use}" for item in items]
    lines.append(f"{'favicon.ico':<32} {'/'.join(map(str, ICO_SIZES))} px  website favicon (one file, three sizes)")
    files.append(("README.txt", ("\n".join(lines) + "\n").encode()))
    return add_files(files, extra)


def add_files(files: list[tuple[str, bytes]], extra: tuple[tuple[str, bytes], ...]) -> list[tuple[str, bytes]]:
    """``extra`` vector files added before README.txt (kept last), each with its line in the README."""
    if not extra:
        return files
    name, readme = files[-1]
    lines = [f"{file:<32} {'vector':<9}  the design as SVG: any size, for print and overlays" for file, _ in extra]
    return [*files[:-1], *extra, (name, readme + ("\n".join(lines) + "\n").encode())]


def _zip(files: list[tuple[str, bytes]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        for name, data in files:
            # PNG and ICO are compressed already: stored as they are; the README is deflated.
            kind = zipfile.ZIP_DEFLATED if name.endswith((".txt", ".svg")) else zipfile.ZIP_STORED
            archive.writestr(name, data, compress_type=kind)
    return out.getvalue()


def build_pack(
    source: bytes, name: str, limit_bytes: int, items: tuple[PackItem, ...] = DEFAULT_PACK,
    backdrop: Image.Image | None = None, extra: tuple[tuple[str, bytes], ...] = (),
) -> Pack:
    """One ZIP within ``limit_bytes`` (the server's upload limit), else two parts; PackTooLarge if even two are over."""
    return pack_from_files(render_pack_files(source, items, backdrop, extra), name, limit_bytes)


def pack_from_files(files: list[tuple[str, bytes]], name: str, limit_bytes: int) -> Pack:
    """The ZIP (or two) of files made already; README.txt last."""
    whole = _zip(files)
    total = sum(len(data) for _, data in files)
    if len(whole) <= limit_bytes:
        return Pack([(f"{name}.zip", whole)], len(files), total)
    # Two parts balanced by size; README.txt goes in both so each part explains itself.
    readme = files[-1]
    ordered = sorted(files[:-1], key=lambda f: len(f[1]), reverse=True)
    halves: list[list[tuple[str, bytes]]] = [[], []]
    for entry in ordered:
        lighter = min(halves, key=lambda h: sum(len(d) for _, d in h))
        lighter.append(entry)
    parts = [(f"{name}-part{i + 1}of2.zip", _zip([*half, readme])) for i, half in enumerate(halves)]
    if any(len(data) > limit_bytes for _, data in parts):
        raise PackTooLarge(f"{len(whole)} bytes, limit {limit_bytes}")
    return Pack(parts, len(files), total)
