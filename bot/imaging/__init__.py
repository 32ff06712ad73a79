"""Imaging: post-processing (square, cut-out, size, encode), colours, legibility, the platform pack, contact sheets."""

from bot.imaging.color_words import ColorPhrase, find_color_phrases
from bot.imaging.colors import (
    MAX_COLORS,
    NAMED_COLORS,
    ColorError,
    dominant_colors,
    find_colors_in_text,
    hex_to_rgb,
    parse_color,
    parse_colors,
)
from bot.imaging.contact_sheet import contact_sheet_async
from bot.imaging.legibility import Legibility, assess
from bot.imaging.output import (
    SCENE,
    SIZES,
    TRANSPARENT,
    ImagingError,
    OutputOptions,
    Processed,
    choose_key_color,
    image_extension,
    image_mime,
    process,
    process_async,
    process_image,
    process_image_async,
)
from bot.imaging.platform_pack import Pack, PackTooLarge, build_pack

__all__ = [
    "MAX_COLORS",
    "NAMED_COLORS",
    "SCENE",
    "SIZES",
    "TRANSPARENT",
    "ColorError",
    "ColorPhrase",
    "ImagingError",
    "Legibility",
    "OutputOptions",
    "Pack",
    "PackTooLarge",
    "Processed",
    "assess",
    "build_pack",
    "choose_key_color",
    "contact_sheet_async",
    "dominant_colors",
    "find_color_phrases",
    "find_colors_in_text",
    "hex_to_rgb",
    "image_extension",
    "image_mime",
    "parse_color",
    "parse_colors",
    "process",
    "process_async",
    "process_image",
    "process_image_async",
]
