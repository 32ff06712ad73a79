"""Plain model types every package may import: the brief, presets, chat turns, output options, records, the verdict."""

from bot.model.brief import REQUIREMENTS, Brief, BriefCheck, Element, check_brief, has_text, initial_brief
from bot.model.chat import CHANGE_MARKER, REFERENCE_ONLY, ChatTurn, InlineImage, ThoughtSignature
from bot.model.options import FORMATS, SCENE, SIZES, TRANSPARENT, Format, ImagingError, OutputOptions, Size
from bot.model.pack import DEFAULT_PACK, PackItem
from bot.model.presets import CREATION_TYPES, PRESETS, STYLE_LABELS, STYLE_NAMES, CreationType, StyleName
from bot.model.records import NewCreation, NewRender, RenderKind
from bot.model.usage import USAGE_SCOPE, CallKind, ModelUsage, UsageScope, usage_scope
from bot.model.verdict import Verdict

__all__ = [
    "CHANGE_MARKER",
    "CREATION_TYPES",
    "DEFAULT_PACK",
    "FORMATS",
    "PRESETS",
    "REFERENCE_ONLY",
    "REQUIREMENTS",
    "SCENE",
    "SIZES",
    "STYLE_LABELS",
    "STYLE_NAMES",
    "TRANSPARENT",
    "USAGE_SCOPE",
    "Brief",
    "BriefCheck",
    "CallKind",
    "ChatTurn",
    "CreationType",
    "Element",
    "Format",
    "ImagingError",
    "InlineImage",
    "ModelUsage",
    "NewCreation",
    "NewRender",
    "OutputOptions",
    "PackItem",
    "RenderKind",
    "Size",
    "StyleName",
    "ThoughtSignature",
    "UsageScope",
    "Verdict",
    "check_brief",
    "has_text",
    "initial_brief",
    "usage_scope",
]
