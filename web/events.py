"""The server-sent events the studio's streams send, each ``event: NAME`` with one JSON ``data`` line: their data
shapes, which web/openapi.py documents per stream."""

from __future__ import annotations

from typing import (
    Any,
    NotRequired,  # pydantic reads typing_extensions TypedDicts on 3.11
)

from typing_extensions import TypedDict

from bot.model import Brief
from bot.render.stage import Stage


class SessionOpened(TypedDict):
    id: int
    offline: bool


class Token(TypedDict):
    """A piece of the coach's reply, as it streams."""

    text: str


class Reply(TypedDict):
    """The coach's line on an edit, while it renders; ``unchanged``: the edit would draw the same picture, so
    nothing was rendered and no render was used (the line says so)."""

    text: str
    unchanged: NotRequired[bool]


class MarkOption(TypedDict):
    """A candidate mark when the offline engine is unsure: its name, label and picture (an SVG data: URL)."""

    mark: str
    label: str
    image: str


class BriefCard(TypedDict):
    brief: Brief
    colors: list[str]
    missing: list[str]
    problems: list[str]
    ready: bool
    background_option: str
    marks: list[MarkOption]
    became_ready: bool


class Notice(TypedDict):
    """Why the coach did not answer (turns used up, the model failed…), in one sentence."""

    message: str


class Progress(TypedDict):
    stage: Stage
    message: str


class CreationCard(TypedDict):
    id: int
    render_id: int | None
    session_id: int | None
    type: str
    style: str
    size: int
    format: str
    background: str
    offline: bool
    created_at: float
    file: str
    thumbnail: str
    export: str | None
    pack: str | None


class KeptKitCard(TypedDict):
    """A brand kit kept with its render: what it was made with, and its ZIP to download again (no model call)."""

    id: int
    render_id: int
    name: str | None
    matte: str
    titles: list[str]
    style: str | None
    files: int
    bytes: int
    charged: bool
    created_at: float
    download: str


class KeptKits(TypedDict):
    kits: list[KeptKitCard]


class RenderOutcome(TypedDict):
    render: CreationCard
    number: int
    budget: int
    notes: list[str]


class Refused(TypedDict):
    """The API's error shape: one sentence, with ``reason`` (a refusal's code) or ``retry`` (a failure)."""

    error: str
    reason: NotRequired[str]
    retry: NotRequired[bool]


class Done(TypedDict):
    """The stream's last event."""


EVENTS: dict[str, Any] = {
    "session": SessionOpened, "token": Token, "reply": Reply, "brief": BriefCard, "notice": Notice,
    "progress": Progress, "render": RenderOutcome, "error": Refused, "done": Done,
}  # fmt: skip
