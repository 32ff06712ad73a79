"""A loopback Gemini API server for tests, spoken to by the real google-genai client.

It answers the REST shapes the SDK uses: ``:streamGenerateContent?alt=sse`` (SSE),
and ``:generateContent`` (JSON extraction or image inline data).
Tests script replies per kind and inject HTTP errors, safety blocks and delays.
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
_STATUS_NAMES = {400: "INVALID_ARGUMENT", 403: "PERMISSION_DENIED", 429: "RESOURCE_EXHAUSTED", 500: "INTERNAL"}


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
    safety: bool = False
    empty: bool = False


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
    check_reply: Callable[[Recorded], dict[str, Any]] = lambda r: {
        "text_read": (re.search(r"Requested text: “([^”]*)”", " ".join(r.user_texts)) or [None, ""])[1],
        "background_separable": True,
    }
    # A fixed model time per request kind (benchmarks), on top of any injected fault's delay.
    delays: dict[str, float] = field(default_factory=dict)
    chunk_delay: float = 0.0  # seconds between streamed chunks, to exercise edit throttling
    requests: list[Recorded] = field(default_factory=list)
    _faults: dict[Kind, list[Fault]] = field(default_factory=dict)
    _runner: web.AppRunner | None = None
    base_url: str = ""

    def fail(self, kind: Kind, *faults: Fault) -> None:
        """Apply these faults to the next requests of ``kind``, one each, in order."""
        self._faults.setdefault(kind, []).extend(faults)

    def of_kind(self, kind: Kind) -> list[Recorded]:
        return [r for r in self.requests if r.kind == kind]

    async def start(self) -> str:
        app = web.Application(client_max_size=64 * 1024**2)
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
        if not request.headers.get("x-goog-api-key"):
            return _error(403)
        config = body.get("generationConfig") or {}
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
        if kind == "check":
            text = json.dumps(self.check_reply(recorded))
            return _json({"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}}]})
        if kind == "json":
            reply = self.json_reply(recorded)
            text = reply if isinstance(reply, str) else json.dumps(reply)
            return _json({"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}}]})
        if fault.safety:
            return _json({"candidates": [{"finishReason": "IMAGE_SAFETY"}]})
        if fault.empty:
            return _json({"candidates": [{"content": {"role": "model", "parts": [{"text": "no image"}]}}]})
        data = base64.b64encode(self.image_reply(recorded)).decode()
        parts = [{"inlineData": {"mimeType": "image/png", "data": data}}]
        return _json({"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": "STOP"}]})

    async def _stream(self, request: web.Request, recorded: Recorded, fault: Fault) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        if fault.safety:
            chunks: list[dict[str, Any]] = [{"promptFeedback": {"blockReason": "SAFETY"}}]
        else:
            chunks = [
                {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}}]}
                for text in self.stream_reply(recorded)
            ]
        for chunk in chunks:
            if self.chunk_delay:
                await asyncio.sleep(self.chunk_delay)
            await response.write(f"data: {json.dumps(chunk)}\r\n\r\n".encode())
        await response.write_eof()
        return response


def _json(payload: dict[str, Any]) -> web.Response:
    return web.Response(text=json.dumps(payload), content_type="application/json")


def _error(status: int) -> web.Response:
    name = _STATUS_NAMES.get(status, "UNAVAILABLE")
    payload = {"error": {"code": status, "message": f"fake {name}", "status": name}}
    return web.Response(status=status, text=json.dumps(payload), content_type="application/json")
