"""A loopback Gemini API server for tests, spoken to by the real google-genai client.

It holds Google's published contract, not our code's assumptions:
- ``GET /{version}/models`` lists a realistic mix (chat, lite, Pro, image, preview, a predict-only Imagen, live,
  tts, embedding, an alias), paged with ``pageSize``/``nextPageToken``; ids are of a generation no code has seen.
- A model it does not list (or one that does not answer generateContent) gets 404 NOT_FOUND in Google's error JSON;
  a bad key gets 400 INVALID_ARGUMENT with reason API_KEY_INVALID; ``thinkingLevel`` on a pre-3 model gets 400.
- ``:streamGenerateContent?alt=sse`` (SSE) and ``:generateContent`` (JSON, verdict or image inline data), with
  thought parts (``"thought": true``) in every answer, as thinking models send them.
Tests script replies per kind and inject HTTP errors, every refusal shape, and delays.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Literal

from aiohttp import web
from PIL import Image, ImageDraw

Kind = Literal["stream", "json", "image", "check"]
_STATUS_NAMES = {
    400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 404: "NOT_FOUND", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL",
}  # fmt: skip
_GENERATE = ["generateContent", "countTokens", "createCachedContent", "batchGenerateContent"]


def listed_model(model_id: str, methods: list[str] | None = None, thinking: bool = True) -> dict[str, Any]:
    """One entry of models.list, in the fields Google returns."""
    entry: dict[str, Any] = {
        "name": f"models/{model_id}",
        "version": "001",
        "displayName": model_id.replace("-", " ").title(),
        "description": f"fake {model_id}",
        "inputTokenLimit": 1048576,
        "outputTokenLimit": 65536,
        "supportedGenerationMethods": methods or _GENERATE,
        "temperature": 1,
        "maxTemperature": 2,
        "topP": 0.95,
        "topK": 64,
    }
    if thinking:
        entry["thinking"] = True
    return entry


def default_catalog() -> list[dict[str, Any]]:
    """A key's model list a few generations from now: the rules must pick chat 7.2 Flash and image 7.1 Flash."""
    return [
        listed_model("gemini-6.5-flash"),
        listed_model("gemini-7.2-flash"),
        listed_model("gemini-7.2-flash-001"),
        listed_model("gemini-7.2-flash-lite"),
        listed_model("gemini-7.4-pro"),
        listed_model("gemini-7.5-flash-preview-09-2031"),
        listed_model("gemini-flash-latest"),
        listed_model("gemini-7.1-flash-image", thinking=False),
        listed_model("gemini-7.3-flash-image-preview", thinking=False),
        listed_model("gemini-7.2-pro-image", thinking=False),
        listed_model("imagen-9.0-generate-001", ["predict"], thinking=False),
        listed_model("gemini-7.2-flash-live", ["bidiGenerateContent"]),
        listed_model("gemini-7.2-flash-tts", ["generateContent"], thinking=False),
        listed_model("gemini-embedding-004", ["embedContent"], thinking=False),
    ]


def verdict(text_read: str, **overrides: Any) -> dict[str, Any]:
    """A complete self-check verdict (every field is required by the schema)."""
    fields = {"text_matches": True, "subject_matches": True, "style_matches": True, "background_separable": True}
    return {"text_read": text_read, **fields, "notes": "", **overrides}


THOUGHT = {"text": "**Weighing the brief** I should ask about the mood.", "thought": True}


@dataclass
class Recorded:
    kind: Kind
    model: str
    body: dict[str, Any]

    @property
    def system_text(self) -> str:
        parts = (self.body.get("systemInstruction") or {}).get("parts") or []
        return "".join(p.get("text", "") for p in parts)

    @property
    def user_texts(self) -> list[str]:
        return [
            part.get("text", "")
            for content in self.body.get("contents", [])
            if content.get("role") == "user"
            for part in content.get("parts", [])
        ]


@dataclass
class Fault:
    status: int = 0  # HTTP error status; 0 = none
    delay: float = 0.0
    safety: bool = False  # the kind's usual block: IMAGE_SAFETY for images, promptFeedback for the others
    empty: bool = False  # an image model answering with text only
    finish: str = ""  # a finishReason with no usable content (RECITATION, MAX_TOKENS, NO_IMAGE, ...)
    block_reason: str = ""  # promptFeedback.blockReason with no candidates at all


@functools.lru_cache(maxsize=16)
def key_colored_design(prompt: str, size: int = 1024) -> bytes:
    """What a well-behaved model draws: a disc with a hole on the key colour the prompt asks for."""
    match = re.search(r"uniform (#[0-9a-f]{6}) background", prompt)
    key = tuple(int(match.group(1)[i : i + 2], 16) for i in (1, 3, 5)) if match else (40, 40, 90)
    image = Image.new("RGB", (size, size), key)
    draw = ImageDraw.Draw(image)
    draw.ellipse((size * 0.15, size * 0.15, size * 0.85, size * 0.85), fill=(200, 60, 30))
    draw.ellipse((size * 0.4, size * 0.4, size * 0.6, size * 0.6), fill=key)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


@dataclass
class FakeGemini:
    # Scripted replies; each gets the recorded request.
    stream_reply: Callable[[Recorded], list[str]] = lambda r: ["Love it! ", "What mood ", "should it have?"]
    json_reply: Callable[[Recorded], dict[str, Any] | str] = lambda r: {}
    image_reply: Callable[[Recorded], bytes] = lambda r: key_colored_design(
        "".join(p.get("text", "") for c in r.body.get("contents", []) for p in c.get("parts", []))
    )
    # The self-check: by default the model reads exactly the text it was asked for, on a flat background.
    check_reply: Callable[[Recorded], dict[str, Any]] = lambda r: verdict(
        (re.search(r"Requested text: “([^”]*)”", " ".join(r.user_texts)) or [None, ""])[1]
    )
    # A fixed model time per request kind (benchmarks), on top of any injected fault's delay.
    delays: dict[str, float] = field(default_factory=dict)
    chunk_delay: float = 0.0  # seconds between streamed chunks, to exercise edit throttling
    requests: list[Recorded] = field(default_factory=list)
    catalog: list[dict[str, Any]] = field(default_factory=default_catalog)
    keys: set[str] | None = None  # accepted API keys; None accepts any non-empty key
    send_thoughts: bool = True
    versions: list[str] = field(default_factory=list)  # the API version of every request, in order
    _faults: dict[Kind, list[Fault]] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    base_url: str = ""

    def fail(self, kind: Kind, *faults: Fault) -> None:
        """Apply these faults to the next requests of ``kind``, one each, in order."""
        self._faults.setdefault(kind, []).extend(faults)

    def of_kind(self, kind: Kind) -> list[Recorded]:
        return [r for r in self.requests if r.kind == kind]

    def withdraw(self, model_id: str) -> None:
        """Google shuts a model down: it leaves the list and its calls answer 404."""
        self.catalog = [m for m in self.catalog if m["name"] != f"models/{model_id}"]

    def _listed(self, model_id: str) -> dict[str, Any] | None:
        return next((m for m in self.catalog if m["name"] == f"models/{model_id}"), None)

    def _key_error(self, request: web.Request) -> web.Response | None:
        key = request.headers.get("x-goog-api-key", "")
        if not key:
            return _error(403, "Method doesn't allow unregistered callers. Please use an API Key.")
        if self.keys is not None and key not in self.keys:
            return _error(400, "API key not valid. Please pass a valid API key.", reason="API_KEY_INVALID")
        return None

    async def _list(self, request: web.Request) -> web.Response:
        self.versions.append(request.match_info["version"])
        refused = self._key_error(request)
        if refused is not None:
            return refused
        size = int(request.query.get("pageSize", 50))
        start = int(request.query.get("pageToken") or 0)
        page: dict[str, Any] = {"models": self.catalog[start : start + size]}
        if start + size < len(self.catalog):
            page["nextPageToken"] = str(start + size)
        return _json(page)

    async def start(self) -> str:
        app = web.Application(client_max_size=64 * 1024**2)
        app.router.add_get("/{version}/models", self._list)
        app.router.add_post("/{version}/models/{call}", self._handle)
        # A request still sleeping in an injected delay must not hold the test's teardown for aiohttp's 60 s.
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=0.5)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        model, _, method = request.match_info["call"].partition(":")
        body = await request.json()
        version = request.match_info["version"]
        self.versions.append(version)
        refused = self._key_error(request)
        if refused is not None:
            return refused
        listed = self._listed(model)
        if listed is None or "generateContent" not in listed["supportedGenerationMethods"]:
            return _error(404, f"models/{model} is not found for API version {version}, or is not supported for "
                          f"{method}. Call ListModels to see the list of available models and their supported methods.")
        config = body.get("generationConfig") or {}
        thinking = _camel(config.get("thinkingConfig") or {})  # Google's JSON parser takes both spellings
        if "thinkingLevel" in thinking and not re.match(r"gemini-([3-9]|\d\d)", model):
            return _error(400, "Thinking level is not supported for this model.")
        if method == "streamGenerateContent":
            kind: Kind = "stream"
        elif "IMAGE" in (config.get("responseModalities") or []):
            kind = "image"
        elif "text_read" in json.dumps(config):  # the self-check's verdict schema
            kind = "check"
        else:
            kind = "json"
        recorded = Recorded(kind, model, body)
        self.requests.append(recorded)
        queue = self._faults.get(kind) or []
        fault = queue.pop(0) if queue else Fault()
        if fault.delay or self.delays.get(kind):
            await asyncio.sleep(fault.delay + self.delays.get(kind, 0.0))
        if fault.status:
            return _error(fault.status)
        if kind == "stream":
            return await self._stream(request, recorded, fault)
        refusal = self._refusal(kind, fault)
        if refusal is not None:
            return _json(refusal)
        if kind in ("check", "json"):
            reply = self.check_reply(recorded) if kind == "check" else self.json_reply(recorded)
            text = reply if isinstance(reply, str) else json.dumps(reply)
            return _json(self._answer([{"text": text}]))
        if fault.empty:
            return _json(self._answer([{"text": "Here is a description of the logo instead of an image."}]))
        data = base64.b64encode(self.image_reply(recorded)).decode()
        parts: list[dict[str, Any]] = [{"inlineData": {"mimeType": "image/png", "data": data}}]
        if self.send_thoughts:  # image models think in draft images; only the final one is the answer
            draft = base64.b64encode(key_colored_design("draft", 64)).decode()
            parts.insert(0, {"inlineData": {"mimeType": "image/png", "data": draft}, "thought": True})
        return _json(self._answer(parts))

    def _answer(self, parts: list[dict[str, Any]], finish: str = "STOP") -> dict[str, Any]:
        if self.send_thoughts:
            parts = [THOUGHT, *parts]
        return {"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": finish, "index": 0}]}

    def _refusal(self, kind: Kind, fault: Fault) -> dict[str, Any] | None:
        if fault.block_reason or (fault.safety and kind != "image"):
            return {"promptFeedback": {"blockReason": fault.block_reason or "SAFETY"}}
        finish = fault.finish or ("IMAGE_SAFETY" if fault.safety else "")
        if not finish:
            return None
        # A stop with no usable content; a thinking model that ran out of room has only its thoughts.
        parts = [THOUGHT] if self.send_thoughts else []
        return {"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": finish, "index": 0}]}

    async def _stream(self, request: web.Request, recorded: Recorded, fault: Fault) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        refusal = self._refusal("stream", fault)
        chunks: list[dict[str, Any]] = []
        if self.send_thoughts:
            chunks.append({"candidates": [{"content": {"role": "model", "parts": [THOUGHT]}, "index": 0}]})
        if refusal is not None:
            chunks.append(refusal)
        else:
            chunks += [
                {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "index": 0}]}
                for text in self.stream_reply(recorded)
            ]
        for chunk in chunks:
            if self.chunk_delay:
                await asyncio.sleep(self.chunk_delay)
            await response.write(f"data: {json.dumps(chunk)}\r\n\r\n".encode())
        await response.write_eof()
        return response


def _camel(fields: dict[str, Any]) -> dict[str, Any]:
    return {re.sub(r"_([a-z])", lambda m: m.group(1).upper(), key): value for key, value in fields.items()}


def thinking_of(recorded: Recorded) -> dict[str, Any]:
    """The request's thinkingConfig, in the API's camelCase spelling."""
    return _camel((recorded.body.get("generationConfig") or {}).get("thinkingConfig") or {})


def _json(payload: dict[str, Any]) -> web.Response:
    return web.Response(text=json.dumps(payload), content_type="application/json")


def _error(status: int, message: str = "", reason: str = "") -> web.Response:
    name = _STATUS_NAMES.get(status, "UNAVAILABLE")
    error: dict[str, Any] = {"code": status, "message": message or f"fake {name}", "status": name}
    if reason:
        error["details"] = [{
            "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"},
        }]  # fmt: skip
    payload = {"error": error}
    return web.Response(status=status, text=json.dumps(payload), content_type="application/json")
