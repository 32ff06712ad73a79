"""The JSON shapes the studio API answers with (one place, so the OpenAPI schema and the page agree)."""

from __future__ import annotations

import base64
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from bot.model import ChatTurn, Session, check_brief
from bot.usecases import MarkChoice, render_notes

if TYPE_CHECKING:
    from bot.accounts import QuotaStatus, SpendFigures
    from bot.gallery import ArchivedKit, Creation
    from bot.render import Render
    from bot.usecases import SessionView

API = "/api/v1/profile-creator"
# A path id: at most 18 digits, so it always fits a 64-bit column; a longer one matches no route (404).
ID = r"{id:\d{1,18}}"


def access_json(status: QuotaStatus, source: str, renders_per_credit: int, *, offline: bool) -> dict[str, Any]:
    """``offline``: the design engine draws a brand kit's art (free); with Gemini, the model paints it once per
    render for one creation credit, and the kit is free again after that."""
    return {
        "tier": status.tier, "tier_source": source, "used": status.used, "limit": status.limit,
        "remaining": status.remaining, "renders_per_credit": renders_per_credit,
        "resets_at": status.resets_at.isoformat(),
        # made from a kept render: no model call, no credit
        "free": ["export", "pack", "emotes", *(["brand_kit"] if offline else [])],
        "brand_kit_credits": 0 if offline else 1,
    }  # fmt: skip


def spend_json(s: SpendFigures) -> dict[str, Any]:
    """The month's Gemini spend for an operator: estimated from usageMetadata and the configured prices."""
    return {
        "month": s.month, "calls": s.calls, "prompt_tokens": s.prompt_tokens, "output_tokens": s.output_tokens,
        "thought_tokens": s.thought_tokens, "thinking_share": round(s.thinking_share, 4), "images": s.images,
        "cost_usd": round(s.cost_usd, 6), "per_session_usd": round(s.per_session, 6),
        "per_render_usd": round(s.per_render, 6), "sessions": s.sessions, "renders": s.renders,
        "by_model_usd": {m: round(c, 6) for m, c in s.by_model.items()},
        # Models with no price row: costed at the highest price of their kind, so these figures are estimates.
        "estimated_models": sorted(s.estimated),
    }  # fmt: skip


def brief_json(session: Session) -> dict[str, Any]:
    check = check_brief(session.creation_type, session.brief)
    return {
        "brief": session.brief.model_dump(),
        "colors": session.colors,  # the brand colours, shown as the card's chips
        "missing": list(check.missing_required),
        "problems": check.problems,
        "ready": check.ready,
        # The background option: a described scene preselects "the designed background" (the page's select follows).
        "background_option": session.options.background,
    }


def marks_json(choices: Sequence[MarkChoice]) -> list[dict[str, str]]:
    """Candidate marks as the card's grid shows them: each picture inline (the page's CSP allows data: images)."""
    return [{"mark": c.mark, "label": c.label,
             "image": "data:image/svg+xml;base64," + base64.b64encode(c.svg.encode()).decode()}
            for c in choices]  # fmt: skip


def creation_json(creation: Creation) -> dict[str, Any]:
    return {
        "id": creation.id, "render_id": creation.render_id, "session_id": creation.session_id,
        "type": creation.creation_type, "style": creation.style, "size": creation.size, "format": creation.format,
        "background": creation.background, "offline": creation.offline, "created_at": creation.created_at,
        "file": f"{API}/creations/{creation.id}/file", "thumbnail": f"{API}/creations/{creation.id}/file?thumb=1",
        "export": f"{API}/renders/{creation.render_id}/export" if creation.render_id else None,
        "pack": f"{API}/renders/{creation.render_id}/pack" if creation.render_id else None,
    }  # fmt: skip


def kit_json(kit: ArchivedKit) -> dict[str, Any]:
    """A kept brand kit as the gallery lists it (web/events.py KeptKitCard)."""
    return {
        "id": kit.id, "render_id": kit.render_id, "name": kit.name, "matte": kit.matte, "titles": list(kit.titles),
        "style": kit.style, "files": kit.files, "bytes": kit.zip_bytes, "charged": kit.charged,
        "created_at": kit.created_at, "download": f"{API}/kits/{kit.id}/file",
    }  # fmt: skip


def numbered_json(creation: Creation, number: int, render: Render | None) -> dict[str, Any]:
    """A session's render as its card shows it: its number, what made it (a Vary or an edit of the one before) and
    its notes (the self-check's, the small-size legibility warning)."""
    kind = render.kind if render else "generate"
    return {
        **creation_json(creation), "number": number, "kind": kind,
        "change": render.change_request if render and kind == "edit" else None,
        "of": number - 1 if kind in ("vary", "edit") and number > 1 else None,
        "notes": [*render_notes(render), *([render.legibility_warning] if render.legibility_warning else [])]
        if render else [],
    }  # fmt: skip


def view_json(view: SessionView) -> dict[str, Any]:
    return session_json(view.session, view.creations, view.transcript, view.budget, view.renders)


def session_json(
    session: Session, creations: list[Creation], transcript: list[ChatTurn], budget: int,
    renders: list[Render] | None = None,
) -> dict[str, Any]:
    by_id = {r.id: r for r in renders or []}
    return {
        "id": session.id, "type": session.creation_type, "style": session.style, "status": session.status,
        "live": session.live, "description": session.description,
        "options": {"size": session.options.size, "format": session.options.format,
                    "background": session.options.background},
        **brief_json(session),
        "transcript": [{"role": t.role, "content": t.content} for t in transcript],
        "renders": [numbered_json(c, n, by_id.get(c.render_id or 0)) for n, c in enumerate(creations, 1)],
        "renders_used": session.renders_used, "renders_left": max(budget - session.renders_used, 0),
        "budget": budget, "credit": session.credit_state,
    }  # fmt: skip
