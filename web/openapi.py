"""The studio API's OpenAPI 3.1 schema, served at /api/v1/profile-creator/openapi.json."""

from __future__ import annotations

from typing import Any

from bot.model import CREATION_TYPES
from web.views import API

_ERROR = {"description": "One sentence saying why", "content": {"application/json": {"schema": {
    "type": "object", "properties": {"error": {"type": "string"}}, "required": ["error"]}}}}  # fmt: skip
_SSE = {"description": "Server-sent events", "content": {"text/event-stream": {"schema": {"type": "string"}}}}
_JSON = {"description": "OK", "content": {"application/json": {"schema": {"type": "object"}}}}
_FILE = {"description": "The file", "content": {"image/png": {}, "image/webp": {}, "application/zip": {}}}
_ID = [{"name": "id", "in": "path", "required": True, "schema": {"type": "integer"}}]


def _body(properties: dict[str, Any], required: list[str]) -> dict[str, Any]:
    schema = {"type": "object", "properties": properties, "required": required}
    return {"required": True, "content": {"application/json": {"schema": schema}}}


def _op(summary: str, ok: dict[str, Any], *, body: dict[str, Any] | None = None, params: list | None = None,
        errors: tuple[int, ...] = (400, 401, 404)) -> dict[str, Any]:  # fmt: skip
    op: dict[str, Any] = {"summary": summary, "responses": {"200": ok, **{str(c): _ERROR for c in errors}}}
    if body:
        op["requestBody"] = body
    if params:
        op["parameters"] = params
    return op


def schema() -> dict[str, Any]:
    types = {"type": {"enum": list(CREATION_TYPES)},
             "style": {"enum": ["gaming", "minimal", "vibrant", "anime", "retro", "professional", "custom"]},
             "colors": {"type": "string"}, "description": {"type": "string", "maxLength": 1000}}  # fmt: skip
    options = {"size": {"enum": [256, 512, 1024]}, "format": {"enum": ["png", "webp"]},
               "background": {"type": "string", "description": "transparent, scene, or #rrggbb"},
               "change": {"type": "string", "description": "an edit of the last render"},
               "vary": {"type": "boolean"},
               "expect_renders": {"type": "integer", "description": "renders when pressed"}}  # fmt: skip
    queries = ("size", "format", "background")
    export = [*_ID, *({"name": n, "in": "query", "schema": {"type": "string"}} for n in queries)]
    paths = {
        f"{API}/access": {"get": _op("Tier, credits used, limit, remaining, renders per credit, the open session and "
                                     "whether its credit is in use (reserved, given back without a render)", _JSON)},
        f"{API}/start": {"post": _op("Open a session: SSE session, token…, brief, done", _SSE,
                                     body=_body(types, ["type", "style"]), errors=(400, 401, 402, 409, 429))},
        f"{API}/sessions/current": {"get": _op("The caller's open session", _JSON)},
        f"{API}/sessions/{{id}}": {"get": _op("Brief, options, transcript, renders, renders left", _JSON, params=_ID)},
        f"{API}/sessions/{{id}}/messages": {"post": _op(
            "A coach turn: SSE token…, brief (with ready), done", _SSE, params=_ID,
            body=_body({"content": {"type": "string"}, "new_reference": {"type": "boolean"}}, ["content"]),
            errors=(400, 401, 404, 409, 429))},
        f"{API}/sessions/{{id}}/references": {"post": {**_op(
            "Upload a reference image (the body: PNG, JPEG, WebP or GIF, up to 8 MB), checked and cleaned as the "
            "bot's are", _JSON, params=_ID, errors=(400, 401, 404, 409, 413)), "requestBody": {"required": True,
            "content": {m: {"schema": {"type": "string", "format": "binary"}} for m in
                        ("image/png", "image/jpeg", "image/webp", "image/gif")}}}},
        f"{API}/sessions/{{id}}/generate": {"post": _op(
            "Render (or edit with change, or vary): SSE progress…, render | error; JSON with Accept: application/json",
            _SSE, params=_ID, body=_body(options, []), errors=(400, 401, 404, 409, 502))},
        f"{API}/sessions/{{id}}/brief": {"patch": _op(
            "Edit the brief as the user typed it (only the fields given; null clears an optional one) and the brand "
            "colours (the whole list), or pick a candidate mark: the brief with ready, colors, marks (candidates "
            "when the offline engine is unsure), changed, became_ready", _JSON, params=_ID,
            body=_body({"fields": {"type": "object", "additionalProperties": {"type": ["string", "null"]}},
                        "colors": {"type": "array", "maxItems": 5, "items": {"type": "string"}},
                        "mark": {"type": "string", "description": "a candidate mark picked (one of marks[].mark)"}},
                       []),
            errors=(400, 401, 404, 409))},
        f"{API}/sessions/{{id}}/done": {"post": _op("Close the session", _JSON, params=_ID)},
        f"{API}/sessions/{{id}}/resume": {"post": _op("Resume an expired session", _JSON, params=_ID,
                                                      errors=(401, 404, 409))},
        f"{API}/gallery": {"get": _op("The caller's creations, 12 a page", _JSON, params=[
            {"name": "page", "in": "query", "schema": {"type": "integer", "minimum": 1}}])},
        f"{API}/creations/{{id}}/file": {"get": _op("An image from the gallery (thumb=1: a thumbnail)", _FILE,
                                                    params=_ID)},
        f"{API}/renders/{{id}}/export": {"get": _op("A render in any size, format or background (no model call)",
                                                    _FILE, params=export)},
        f"{API}/renders/{{id}}/pack": {"get": _op("The platform pack ZIP", _FILE, params=_ID)},
        f"{API}/renders/{{id}}/brand-kit": {"post": _op(
            "The brand kit ZIP: banners, offline screen, panels and animated emotes in the render's style (no model "
            "call, no credit)", _FILE, params=_ID, errors=(400, 401, 404, 413, 429),
            body=_body({"name": {"type": "string", "maxLength": 40},
                        "titles": {"type": "array", "maxItems": 4, "items": {"type": "string", "maxLength": 40}},
                        "matte": {"enum": ["dark", "light"]}}, []))},
        f"{API}/renders/{{id}}/emotes": {"get": _op("One animated emote (motion, file, matte)", _FILE, params=[
            *_ID, *({"name": n, "in": "query", "schema": {"type": "string"}} for n in ("motion", "file", "matte"))],
            errors=(400, 401, 404, 429))},
        f"{API}/renders/{{id}}/rating": {"post": _op("Rate a render 1-5", _JSON, params=_ID,
                                                     body=_body({"stars": {"type": "integer"}}, ["stars"]))},
        f"{API}/forget": {"post": _op("Delete everything kept about the caller", _JSON,
                                      body=_body({"confirm": {"const": True}}, ["confirm"]))},
    }
    return {"openapi": "3.1.0", "info": {"title": "Profile Creator studio API", "version": "1"}, "paths": paths,
            "components": {"securitySchemes": {"session": {"type": "apiKey", "in": "cookie", "name": "pc_session"}}}}
