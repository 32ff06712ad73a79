"""What the bot can make, as one table (like the style presets): a new type is one row here plus its drawing.

Every front end and domain package reads a type's words, the brief elements it needs and its output from here
instead of spelling the type's id; cogs/, the studio's API, its OpenAPI schema and the page (through /presets).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

CreationType = Literal["profile_picture", "streamer_logo"]
Element = Literal["subject", "style", "mood", "background", "text", "color_scheme", "shape"]


@dataclass(frozen=True)
class Requirements:
    required: tuple[Element, ...]
    recommended: tuple[Element, ...]
    labels: dict[Element, str]
    # Lettering longer than this is unreadable at 256 px for this creation type.
    max_text_chars: int


@dataclass(frozen=True)
class CreationTypeInfo:
    value: CreationType
    label: str  # a card or a choice: "Streamer logo"
    emoji: str
    noun: str  # in a sentence: "your streamer logo"
    file_stem: str  # file names: logo-12-512.png
    model_noun: str  # what the image model and the self-check are told they are looking at
    prompt_lead: str  # the image prompt's first sentence; {subject} is the brief's subject
    prompt_details: tuple[tuple[Element, str], ...]  # further sentences, each when its element is set
    requirements: Requirements
    shape_is_badge: bool  # the brief's shape decides the badge (the offline engine and its reader)
    aspect: tuple[int, int] = (1, 1)  # square today; wide for the banners to come


TYPES: dict[CreationType, CreationTypeInfo] = {
    "profile_picture": CreationTypeInfo(
        value="profile_picture", label="Profile picture", emoji="🧑‍🎤", noun="profile picture", file_stem="profile",
        model_noun="streamer profile picture (avatar)", prompt_lead="A square streamer profile picture of {subject}.",
        prompt_details=(("mood", "Expression and mood: {}."),),
        requirements=Requirements(
            required=("subject", "style", "mood", "background"), recommended=("text",),
            labels={"subject": "subject", "style": "style", "mood": "expression / mood", "background": "background",
                    "text": "text or symbols"},
            max_text_chars=12,
        ),
        shape_is_badge=False,
    ),
    "streamer_logo": CreationTypeInfo(
        value="streamer_logo", label="Streamer logo", emoji="🛡️", noun="streamer logo", file_stem="logo",
        model_noun="streamer logo", prompt_lead="A square streamer logo whose main element is {subject}.",
        prompt_details=(("shape", "Overall shape: {}."),),
        requirements=Requirements(
            required=("subject", "style", "color_scheme", "shape"), recommended=("text",),
            labels={"subject": "main element", "style": "style", "color_scheme": "colour scheme", "shape": "shape",
                    "text": "text or symbols"},
            max_text_chars=24,
        ),
        shape_is_badge=True,
    ),
}  # fmt: skip
CREATION_TYPES: tuple[CreationType, ...] = tuple(TYPES)
