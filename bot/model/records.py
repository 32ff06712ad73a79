"""What a render and a gallery entry are before they are stored (rows written in one transaction by storage)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Literal

RenderKind = Literal["generate", "vary", "edit"]


@dataclass(frozen=True)
class NewRender:
    session_id: int
    user_id: int
    kind: RenderKind
    source_sha256: str
    source_path: str
    prompt: str
    change_request: str | None
    counted: bool
    cutout_confidence: float | None
    note: str | None
    # The self-check's verdict (JSON; None when unchecked) and the corrective edits it took.
    check_verdict: str | None = field(default=None, kw_only=True)
    auto_fixes: int = field(default=0, kw_only=True)
    legibility_warning: str | None = field(default=None, kw_only=True)  # measured at delivery
    # Drawn by the offline design engine because no image model this key may use has quota (it needs billing).
    billing_fallback: bool = field(default=False, kw_only=True)


@dataclass(frozen=True)
class NewCreation:
    """What the generator knows about an image before it is stored."""

    user_id: int
    session_id: int | None
    creation_type: str
    style: str
    size: int
    format: str
    background: str
    prompt: str
    offline: bool
