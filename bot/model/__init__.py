"""Plain model types every package may import: the brief, presets, chat turns, output options, records, the verdict."""

from bot.model.brand_kit import DEFAULT_PIECES, EMOTE_FILES, MATTES, MOTIONS, KitPiece, Matte, Motion
from bot.model.brief import FIELD_MAX, REQUIREMENTS, Brief, BriefCheck, Element, check_brief, has_text, initial_brief
from bot.model.chat import CHANGE_MARKER, REFERENCE_ONLY, ChatTurn, InlineImage, ThoughtSignature
from bot.model.creation_types import CREATION_TYPES, TYPES, CreationType, CreationTypeInfo
from bot.model.image_problems import ImageProblem, ImageProblemKind
from bot.model.kit_flaws import KitFlaw, flaws_json, flaws_of
from bot.model.model_requests import CoachContext, ImageRequest
from bot.model.options import (
    FORMATS,
    SCENE,
    SIZES,
    TRANSPARENT,
    Format,
    ImagingError,
    OutputOptions,
    Size,
    describes_scene,
    preselected,
)
from bot.model.pack import DEFAULT_PACK, PackItem
from bot.model.plain_text import plain
from bot.model.presets import PRESETS, STYLE_LABELS, STYLE_NAMES, StyleName
from bot.model.provider_errors import ProviderError, Trouble, TroubleKind
from bot.model.records import NewCreation, NewRender, RenderKind
from bot.model.session import LIVE_STATUSES, OpenOutcome, OpenResult, ResumeOutcome, Session, Status
from bot.model.usage import USAGE_SCOPE, CallKind, ModelUsage, UsageScope, usage_scope
from bot.model.verdict import Verdict

__all__ = [
    "CHANGE_MARKER",
    "CREATION_TYPES",
    "DEFAULT_PACK",
    "DEFAULT_PIECES",
    "EMOTE_FILES",
    "FIELD_MAX",
    "FORMATS",
    "LIVE_STATUSES",
    "MATTES",
    "MOTIONS",
    "PRESETS",
    "REFERENCE_ONLY",
    "REQUIREMENTS",
    "SCENE",
    "SIZES",
    "STYLE_LABELS",
    "STYLE_NAMES",
    "TRANSPARENT",
    "TYPES",
    "USAGE_SCOPE",
    "Brief",
    "BriefCheck",
    "CallKind",
    "ChatTurn",
    "CoachContext",
    "CreationType",
    "CreationTypeInfo",
    "Element",
    "Format",
    "ImageProblem",
    "ImageProblemKind",
    "ImageRequest",
    "ImagingError",
    "InlineImage",
    "KitFlaw",
    "KitPiece",
    "Matte",
    "ModelUsage",
    "Motion",
    "NewCreation",
    "NewRender",
    "OpenOutcome",
    "OpenResult",
    "OutputOptions",
    "PackItem",
    "ProviderError",
    "RenderKind",
    "ResumeOutcome",
    "Session",
    "Size",
    "Status",
    "StyleName",
    "ThoughtSignature",
    "Trouble",
    "TroubleKind",
    "UsageScope",
    "Verdict",
    "check_brief",
    "describes_scene",
    "flaws_json",
    "flaws_of",
    "has_text",
    "initial_brief",
    "plain",
    "preselected",
    "usage_scope",
]
