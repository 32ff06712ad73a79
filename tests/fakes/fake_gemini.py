"""A loopback Gemini API server for tests, spoken to by the real google-genai client.

It holds Google's published contract, not our code's assumptions:
- ``GET /{version}/models`` lists a realistic mix (chat, lite, Pro, image, preview, a predict-only Imagen, live,
  tts, embedding, an alias), paged with ``pageSize``/``nextPageToken``; ids are of a generation no code has seen.
- A model it does not list (or one that does not answer generateContent) gets 404 NOT_FOUND in Google's error JSON;
  a bad key gets 400 INVALID_ARGUMENT with reason API_KEY_INVALID; ``thinkingLevel`` on a pre-3 model gets 400.
- Each model takes the thinking levels Google documents for its kind, and answers others with Google's 400 wording:
  the newest Flash refuses MINIMAL (as 3.7/3.8 Flash do), Pro takes LOW/HIGH, and the newest image model, named
  like ``gemini-nano-banana-X.Y`` (no "image" in the id; its displayName and description say it), MINIMAL/HIGH.
- ``:streamGenerateContent?alt=sse`` (SSE) and ``:generateContent`` (JSON, verdict or image inline data). Thought
  parts (``"thought": true``) only when ``includeThoughts`` is asked for; a ``thoughtSignature`` on the answer's last
  part of a thinking model; ``usageMetadata`` (prompt, candidates, thoughts by level) and ``finishReason`` on the
  last chunk.
- ``imageConfig.aspectRatio``: an image comes back at the 1K size Google publishes for the ratio (16:9 is 1344x768,
  21:9 is 1536x672); a ratio the model does not take gets Google's 400 listing the ones it does ("aspect_ratio must
  be one of '1:1', ... or '21:9'."), and a model with no ratios at all "Aspect ratio is not enabled for this model".
- 429 RESOURCE_EXHAUSTED with ``google.rpc.QuotaFailure`` (quotaId) and ``google.rpc.RetryInfo`` (retryDelay),
  per minute or per day (``per_minute``, ``per_day``).
- Two key modes (``key_mode``): a paid key calls every listed model; a free key gets Google's no-access 429 for the
  paid-only models (``paid_only``) in the two wordings Google uses: "Quota exceeded for metric: ...free_tier_requests,
  limit: 0, model: X" (with FreeTier quota ids, per day and per minute, and a RetryInfo of seconds or of hours, as
  Google sends them) and
  "X doesn't have a free quota tier".
- ``december_2026_catalog``: the models a key lists in early December 2026 (3.8/3.6 Flash, 3.5 Flash-Lite, Gemini 4
  Hydrogen and Argon, the two aliases, Nano Banana 2.1, 3.1 Flash-Lite Image, 3 Pro Image), with the fields
  models.list returns (name, baseModelId, version, displayName, description, token limits, methods, thinking).
Every request's body is recorded (``store`` included); tests script replies per kind and inject HTTP errors, every
refusal shape, and delays.
"""

from __future__ import annotations

import asyncio
import base64
import functools
import hashlib
import io
import json
import re
import time
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


def listed_model(
    model_id: str, methods: list[str] | None = None, thinking: bool = True, display_name: str = "",
    description: str = "", version: str = "001",
) -> dict[str, Any]:  # fmt: skip
    """One entry of models.list, in the fields Google returns."""
    entry: dict[str, Any] = {
        "name": f"models/{model_id}",
        "baseModelId": model_id,
        "version": version,
        "displayName": display_name or model_id.replace("-", " ").title(),
        "description": description or f"fake {model_id}",
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


NANO_BANANA = "gemini-nano-banana-7.6"


def default_catalog() -> list[dict[str, Any]]:
    """A key's model list a few generations from now: the rules must pick chat 7.2 Flash and the image model
    Google recommends, Nano Banana 7.6, whose id has no "image" in it."""
    return [
        listed_model("gemini-6.5-flash"),
        listed_model("gemini-7.2-flash"),
        listed_model("gemini-7.2-flash-001"),
        listed_model("gemini-7.2-flash-lite"),
        listed_model("gemini-7.4-pro"),
        listed_model("gemini-7.5-flash-preview-09-2031"),
        listed_model("gemini-flash-latest"),
        listed_model("gemini-7.1-flash-image", thinking=False),
        listed_model(NANO_BANANA, display_name="Nano Banana 7.6",
                     description="Gemini's state-of-the-art image generation and editing model."),
        listed_model("gemini-7.4-flash-lite-image", thinking=False),
        listed_model("gemini-7.3-flash-image-preview", thinking=False),
        listed_model("gemini-7.2-pro-image", thinking=False),
        listed_model("imagen-9.0-generate-001", ["predict"], thinking=False),
        listed_model("gemini-7.2-flash-live", ["bidiGenerateContent"]),
        listed_model("gemini-7.2-flash-tts", ["generateContent"], thinking=False),
        listed_model("gemini-embedding-004", ["embedContent"], thinking=False),
    ]


def december_2026_catalog() -> list[dict[str, Any]]:
    """What a key lists in early December 2026. Gemini 4 Argon (GA 2026-10-13, "latest, most capable", paid tier only)
    and Hydrogen (2026-11-12, succeeds 3.8 Flash) carry no "flash" in their ids; Nano Banana 2.1 no "image"."""
    return [
        listed_model("gemini-3.8-flash", display_name="Gemini 3.8 Flash", version="3.8"),
        listed_model("gemini-3.6-flash", display_name="Gemini 3.6 Flash", version="3.6"),
        listed_model("gemini-3.5-flash-lite", display_name="Gemini 3.5 Flash-Lite", version="3.5"),
        listed_model("gemini-4-hydrogen", display_name="Gemini 4 Hydrogen", version="4.0",
                     description="Our fast, cost-efficient Gemini 4 model; succeeds Gemini 3.8 Flash."),
        listed_model("gemini-4-argon", display_name="Gemini 4 Argon", version="4.0",
                     description="Our latest, most capable model."),
        listed_model("gemini-flash-latest", display_name="Gemini Flash Latest", version="latest"),
        listed_model("gemini-pro-latest", display_name="Gemini Pro Latest", version="latest"),
        listed_model("gemini-nano-banana-2.1", display_name="Nano Banana 2.1", version="2.1",
                     description="Gemini's state-of-the-art image generation and editing model."),
        listed_model("gemini-3.1-flash-lite-image", thinking=False, display_name="Nano Banana 2 Lite", version="3.1",
                     description="Fast, low-cost image generation."),
        listed_model("gemini-3-pro-image", thinking=False, display_name="Nano Banana Pro", version="3.0",
                     description="Studio-quality image generation and editing."),
        listed_model("gemini-embedding-2", ["embedContent"], thinking=False, version="2"),
    ]


# What a free key cannot call in December 2026 (paid tier only): the frontier model, Pro and every image model.
DECEMBER_PAID_ONLY = frozenset({
    "gemini-4-argon", "gemini-pro-latest", "gemini-nano-banana-2.1", "gemini-3.1-flash-lite-image",
    "gemini-3-pro-image",
})  # fmt: skip


def verdict(text_read: str, **overrides: Any) -> dict[str, Any]:
    """A complete self-check verdict (every field is required by the schema)."""
    fields = {"text_matches": True, "subject_matches": True, "style_matches": True, "background_separable": True}
    return {"text_read": text_read, **fields, "notes": "", **overrides}


THOUGHT = {"text": "**Weighing the brief** I should ask about the mood.", "thought": True}
LEVELS = ("MINIMAL", "LOW", "MEDIUM", "HIGH")
# Thought tokens a call spends at each level (the model's default, with no thinking config, is MEDIUM).
THOUGHT_TOKENS = {"MINIMAL": 8, "LOW": 96, "MEDIUM": 640, "HIGH": 2400}


def default_levels(model: str) -> tuple[str, ...]:
    """The thinking levels each kind of model takes, as Google's thinking page lists them for today's kinds."""
    if "nano-banana" in model:
        return ("MINIMAL", "HIGH")
    if "-pro" in model:
        return ("LOW", "HIGH")
    if re.match(r"gemini-7\.2-flash(-\d+)?$", model):  # the newest Flash: no MINIMAL, as 3.7 and 3.8 Flash
        return ("LOW", "MEDIUM", "HIGH")
    if re.match(r"gemini-3\.[78]-flash|gemini-4-", model):  # 3.7/3.8 Flash and Gemini 4: low, medium, high
        return ("LOW", "MEDIUM", "HIGH")
    return LEVELS


def per_minute(delay: str = "2s") -> Fault:
    """Google's per-minute 429: QuotaFailure with a PerMinute quota id and RetryInfo's retryDelay."""
    return Fault(status=429, quota_id="GenerateRequestsPerMinutePerProjectPerModel-FreeTier", retry_delay=delay)


def per_day() -> Fault:
    return Fault(status=429, quota_id="GenerateRequestsPerDayPerProjectPerModel-FreeTier", retry_delay="43200s")


@dataclass
class Recorded:
    kind: Kind
    model: str
    body: dict[str, Any]
    at: float = 0.0  # time.monotonic() when it arrived
    status: int = 200  # what the fake answered

    @property
    def signatures_sent(self) -> list[str]:
        """thoughtSignatures of the model turns in the history, as the client sent them back."""
        return [
            part["thoughtSignature"]
            for content in self.body.get("contents", [])
            if content.get("role") == "model"
            for part in content.get("parts", [])
            if part.get("thoughtSignature")
        ]

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
    quota_id: str = ""  # a 429's QuotaFailure violation
    retry_delay: str = ""  # a 429's RetryInfo


# The 1K sizes Google publishes per aspect ratio for its Flash image models.
ASPECT_SIZES = {
    "1:1": (1024, 1024), "2:3": (832, 1248), "3:2": (1248, 832), "3:4": (864, 1184), "4:3": (1184, 864),
    "4:5": (896, 1152), "5:4": (1152, 896), "9:16": (768, 1344), "16:9": (1344, 768), "21:9": (1536, 672),
}  # fmt: skip


def aspect_of(recorded: Recorded) -> str:
    image = _camel((recorded.body.get("generationConfig") or {}).get("imageConfig") or {})
    return str(image.get("aspectRatio") or "1:1")


@functools.lru_cache(maxsize=16)
def wide_scene(width: int, height: int, palette: tuple[tuple[int, int, int], ...] = ()) -> bytes:
    """What a model paints for wide art: a sky in bands, hills and a moon, no lettering (as asked), in the colours
    of the style reference it was given (a dusk palette without one)."""
    sky, hills, moon = [*palette, (60, 50, 120), (25, 20, 50), (250, 230, 170)][:3]
    image = Image.new("RGB", (width, height), sky)
    draw = ImageDraw.Draw(image)
    for band in range(12):
        shade = tuple(min(255, int(c * (0.55 + band * 0.05))) for c in sky)
        draw.rectangle((0, band * height // 12, width, (band + 1) * height // 12), fill=shade)
    draw.ellipse((width * 0.72, height * 0.12, width * 0.72 + height * 0.22, height * 0.34), fill=moon)
    draw.polygon([(0, height), (width * 0.3, height * 0.62), (width * 0.6, height), (width, height * 0.7),
                  (width, height)], fill=hills)  # fmt: skip
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def reference_palette(recorded: Recorded) -> tuple[tuple[int, int, int], ...]:
    """The three commonest opaque colours of the request's first inline image (the style reference)."""
    for content in recorded.body.get("contents", []):
        for part in content.get("parts", []):
            inline = part.get("inlineData") or part.get("inline_data")
            if inline:
                # Google takes standard and URL-safe base64 (the SDK sends the latter).
                raw = base64.urlsafe_b64decode(inline["data"].replace("+", "-").replace("/", "_"))
                image = Image.open(io.BytesIO(raw)).convert("RGBA").resize((64, 64))
                counts: dict[tuple[int, int, int], int] = {}
                for r, g, b, a in image.getdata():
                    if a > 200:
                        key = (r // 16 * 16, g // 16 * 16, b // 16 * 16)
                        counts[key] = counts.get(key, 0) + 1
                return tuple(sorted(counts, key=counts.get, reverse=True)[:3])  # type: ignore[arg-type]
    return ()


def model_image(recorded: Recorded) -> bytes:
    """A square design on the key colour the prompt asks for, or wide art at the asked ratio's published size."""
    prompt = "".join(p.get("text", "") for c in recorded.body.get("contents", []) for p in c.get("parts", []))
    aspect = aspect_of(recorded)
    if aspect == "1:1":
        return key_colored_design(prompt)
    return wide_scene(*ASPECT_SIZES.get(aspect, (1024, 1024)), reference_palette(recorded))


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
    image_reply: Callable[[Recorded], bytes] = model_image
    # The self-check: by default the model reads exactly the text it was asked for, on a flat background.
    check_reply: Callable[[Recorded], dict[str, Any]] = lambda r: verdict(
        (re.search(r"Requested text: “([^”]*)”", " ".join(r.user_texts)) or [None, ""])[1]
    )
    # A fixed model time per request kind (benchmarks), on top of any injected fault's delay.
    delays: dict[str, float] = field(default_factory=dict)
    chunk_delay: float = 0.0  # seconds between streamed chunks, to exercise edit throttling
    # How long a 400 for a refused setting, or a free key's no-access 429, takes to come back (a network round trip).
    refusal_delay: float = 0.0
    requests: list[Recorded] = field(default_factory=list)
    refused: list[Recorded] = field(default_factory=list)  # requests answered 400 for a setting the model refuses
    catalog: list[dict[str, Any]] = field(default_factory=default_catalog)
    keys: set[str] | None = None  # accepted API keys; None accepts any non-empty key
    # Thought parts go out when the request asks (includeThoughts), as Google sends them; "always" stands for a
    # proxy or an SDK change that lets them through, to prove the bot never shows them.
    send_thoughts: bool | str = True
    # Thinking levels per model id (default_levels for the rest).
    thinking_levels: dict[str, tuple[str, ...]] = field(default_factory=dict)
    versions: list[str] = field(default_factory=list)  # the API version of every request, in order
    # Aspect ratios per image model id (all of ASPECT_SIZES for the rest; an empty tuple: the field is refused).
    aspect_ratios: dict[str, tuple[str, ...]] = field(default_factory=dict)
    # "paid": every listed model answers; "free": the paid-only ones answer Google's no-access 429 (limit 0).
    key_mode: Literal["paid", "free"] = "paid"
    paid_only: frozenset[str] = DECEMBER_PAID_ONLY
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

    def _thinking_refusal(self, model: str, listed: dict[str, Any], thinking: dict[str, Any]) -> web.Response | None:
        """Google's 400s for a thinking setting the model does not take."""
        if not thinking:
            return None
        if not listed.get("thinking"):
            return _error(400, "thinking_config is not supported.")
        level = str(thinking.get("thinkingLevel", "")).upper()
        if level and not re.match(r"gemini-([3-9]|\d\d)|gemini-[a-z-]+-\d", model):
            return _error(400, "Thinking level is not supported for this model.")
        allowed = self.thinking_levels.get(model) or default_levels(model)
        if level and level not in allowed:
            if "-pro" in model:  # Google words it two ways; both are in the wild
                names = ", ".join(a.lower() for a in allowed)
                return _error(400, f"'{level.lower()}' is not a supported thinking level for this model. "
                              f"Allowed values are: {names}.")  # fmt: skip
            return _error(400, f"Thinking level {level} is not supported for this model. Please retry with other "
                          "thinking level.")  # fmt: skip
        return None

    def _aspect_refusal(self, model: str, config: dict[str, Any]) -> web.Response | None:
        """Google's 400s for an aspect ratio the image model does not take."""
        wanted = _camel(config.get("imageConfig") or {}).get("aspectRatio")
        if not wanted:
            return None
        taken = self.aspect_ratios.get(model, tuple(ASPECT_SIZES))
        if not taken:
            return _error(400, "Aspect ratio is not enabled for this model")
        if wanted in taken:
            return None
        names = ", ".join(f"'{a}'" for a in taken[:-1]) + f", or '{taken[-1]}'"
        return _error(400, "* GenerateContentRequest.generation_config.image_config.aspect_ratio: aspect_ratio must "
                      f"be one of {names}.\n")  # fmt: skip

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
        if method == "streamGenerateContent":
            kind: Kind = "stream"
        elif "IMAGE" in (config.get("responseModalities") or []):
            kind = "image"
        elif "text_read" in json.dumps(config):  # the self-check's verdict schema
            kind = "check"
        else:
            kind = "json"
        recorded = Recorded(kind, model, body, at=time.monotonic())
        if self.key_mode == "free" and model in self.paid_only:
            recorded.status = 429
            self.requests.append(recorded)
            if self.refusal_delay:
                await asyncio.sleep(self.refusal_delay)
            return _no_free_tier(model)
        refusal_400 = self._thinking_refusal(model, listed, thinking)
        if refusal_400 is None and kind == "image":
            refusal_400 = self._aspect_refusal(model, config)
        if refusal_400 is not None:
            recorded.status = 400
            self.refused.append(recorded)
            if self.refusal_delay:
                await asyncio.sleep(self.refusal_delay)
            return refusal_400
        self.requests.append(recorded)
        queue = self._faults.get(kind) or []
        fault = queue.pop(0) if queue else Fault()
        if fault.delay or self.delays.get(kind):
            await asyncio.sleep(fault.delay + self.delays.get(kind, 0.0))
        if fault.status:
            recorded.status = fault.status
            return _error(fault.status, quota_id=fault.quota_id, retry_delay=fault.retry_delay)
        thoughts = self._wants_thoughts(thinking, listed)
        usage = self._usage(recorded, listed, thinking)
        if kind == "stream":
            return await self._stream(request, recorded, fault, thoughts, usage)
        refusal = self._refusal(kind, fault, thoughts)
        if refusal is not None:
            return _json(refusal)
        if kind in ("check", "json"):
            reply = self.check_reply(recorded) if kind == "check" else self.json_reply(recorded)
            text = reply if isinstance(reply, str) else json.dumps(reply)
            return _json(self._answer([{"text": text}], thoughts, listed, usage))
        if fault.empty:
            return _json(self._answer([{"text": "Here is a description of the logo instead of an image."}],
                                      thoughts, listed, usage))  # fmt: skip
        data = base64.b64encode(self.image_reply(recorded)).decode()
        parts: list[dict[str, Any]] = [{"inlineData": {"mimeType": "image/png", "data": data}}]
        if thoughts:  # image models think in draft images; only the final one is the answer
            draft = base64.b64encode(key_colored_design("draft", 64)).decode()
            parts.insert(0, {"inlineData": {"mimeType": "image/png", "data": draft}, "thought": True})
        usage["candidatesTokenCount"] = 1290  # Google counts an image at 1K as 1290 output tokens
        return _json(self._answer(parts, thoughts, listed, usage))

    def _wants_thoughts(self, thinking: dict[str, Any], listed: dict[str, Any]) -> bool:
        if self.send_thoughts == "always":
            return True
        return bool(self.send_thoughts and listed.get("thinking") and thinking.get("includeThoughts"))

    @staticmethod
    def _usage(recorded: Recorded, listed: dict[str, Any], thinking: dict[str, Any]) -> dict[str, Any]:
        """usageMetadata as Google reports it; thoughts depend on the thinking level asked (MEDIUM by default)."""
        prompt = max(1, len(json.dumps(recorded.body.get("contents", []))) // 4)
        usage: dict[str, Any] = {"promptTokenCount": prompt, "candidatesTokenCount": 0}
        if listed.get("thinking") and thinking.get("thinkingBudget") != 0:
            usage["thoughtsTokenCount"] = THOUGHT_TOKENS.get(str(thinking.get("thinkingLevel", "MEDIUM")).upper(), 640)
        return usage

    @staticmethod
    def _signature(recorded: Recorded) -> str:
        return base64.b64encode(hashlib.sha256(json.dumps(recorded.body).encode()).digest()[:24]).decode()

    def _answer(
        self, parts: list[dict[str, Any]], thoughts: bool, listed: dict[str, Any], usage: dict[str, Any],
        finish: str = "STOP",
    ) -> dict[str, Any]:  # fmt: skip
        parts = [dict(p) for p in parts]
        if listed.get("thinking") and parts:
            parts[-1]["thoughtSignature"] = base64.b64encode(b"sig:" + json.dumps(parts[-1]).encode()[:16]).decode()
        if thoughts:
            parts = [THOUGHT, *parts]
        text = sum(len(p.get("text", "")) for p in parts if not p.get("thought"))
        usage = {**usage, "candidatesTokenCount": usage.get("candidatesTokenCount") or max(1, text // 4)}
        usage["totalTokenCount"] = sum(usage.get(k, 0) for k in ("promptTokenCount", "candidatesTokenCount",
                                                                 "thoughtsTokenCount"))  # fmt: skip
        return {"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": finish, "index": 0}],
                "usageMetadata": usage}  # fmt: skip

    def _refusal(self, kind: Kind, fault: Fault, thoughts: bool) -> dict[str, Any] | None:
        if fault.block_reason or (fault.safety and kind != "image"):
            return {"promptFeedback": {"blockReason": fault.block_reason or "SAFETY"}}
        finish = fault.finish or ("IMAGE_SAFETY" if fault.safety else "")
        if not finish:
            return None
        # A stop with no usable content; a thinking model that ran out of room has only its thoughts.
        parts = [THOUGHT] if thoughts else []
        return {"candidates": [{"content": {"role": "model", "parts": parts}, "finishReason": finish, "index": 0}]}

    async def _stream(
        self, request: web.Request, recorded: Recorded, fault: Fault, thoughts: bool, usage: dict[str, Any]
    ) -> web.StreamResponse:
        response = web.StreamResponse(headers={"Content-Type": "text/event-stream"})
        await response.prepare(request)
        refusal = self._refusal("stream", fault, thoughts)
        listed = self._listed(recorded.model) or {}
        chunks: list[dict[str, Any]] = []
        if thoughts:
            chunks.append({"candidates": [{"content": {"role": "model", "parts": [THOUGHT]}, "index": 0}]})
        if refusal is not None:
            chunks.append(refusal)
        else:
            texts = self.stream_reply(recorded)
            chunks += [
                {"candidates": [{"content": {"role": "model", "parts": [{"text": text}]}, "index": 0}]}
                for text in texts
            ]
            # The last chunk carries the finish reason, the usage and (thinking models) the signature.
            last = self._answer([{"text": ""}], False, listed, {**usage, "candidatesTokenCount":
                                max(1, len("".join(texts)) // 4)})  # fmt: skip
            chunks.append(last)
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


def _no_free_tier(model: str) -> web.Response:
    """Google's 429 for a model the key's (free) tier has no quota for, in the wording Google uses for it."""
    violations = [
        {"quotaMetric": f"generativelanguage.googleapis.com/generate_content_free_tier_{metric}", "quotaId": quota,
         "quotaDimensions": {"location": "global", "model": model}}
        for metric, quota in (("input_token_count", "GenerateContentInputTokensPerModelPerMinute-FreeTier"),
                              ("requests", "GenerateRequestsPerMinutePerProjectPerModel-FreeTier"),
                              ("requests", "GenerateRequestsPerDayPerProjectPerModel-FreeTier"))
    ]  # fmt: skip
    image = "image" in model or "nano-banana" in model
    # Google's advice for a quota of zero is a wait it will never honour: seconds for some models, hours for others
    # (10h17m for a frontier text model on a free key: the "617 minutes" a user once read).
    delay = "38s" if image or "-pro" in model else "37025s"
    if "-pro" in model:
        message = (f"{model} doesn't have a free quota tier. For more information on this error, head to: "
                   "https://ai.google.dev/gemini-api/docs/rate-limits.")  # fmt: skip
    else:
        message = ("You exceeded your current quota, please check your plan and billing details. For more information "
                   "on this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits. To monitor your current "
                   "usage, head to: https://ai.dev/rate-limit. \n")  # fmt: skip
        retry = "38.863719904s" if image else "10h17m5.723541104s"
        message += "".join(f"* Quota exceeded for metric: {v['quotaMetric']}, limit: 0, model: {model}\n"
                           for v in violations) + f"Please retry in {retry}."  # fmt: skip
        if image:
            for violation in violations:
                violation["quotaValue"] = "0"
    error = {"code": 429, "message": message, "status": "RESOURCE_EXHAUSTED", "details": [
        {"@type": "type.googleapis.com/google.rpc.Help", "links": [
            {"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}
        ]},
        {"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": violations},
        {"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": delay},
    ]}  # fmt: skip
    return web.Response(status=429, text=json.dumps({"error": error}), content_type="application/json")


def _json(payload: dict[str, Any]) -> web.Response:
    return web.Response(text=json.dumps(payload), content_type="application/json")


def _error(status: int, message: str = "", reason: str = "", quota_id: str = "", retry_delay: str = "") -> web.Response:
    name = _STATUS_NAMES.get(status, "UNAVAILABLE")
    if status == 429 and not message:
        message = (
            "You exceeded your current quota, please check your plan and billing details. For more information on "
            "this error, head to: https://ai.google.dev/gemini-api/docs/rate-limits."
        )
    error: dict[str, Any] = {"code": status, "message": message or f"fake {name}", "status": name}
    details: list[dict[str, Any]] = []
    if reason:
        details.append({
            "@type": "type.googleapis.com/google.rpc.ErrorInfo", "reason": reason, "domain": "googleapis.com",
            "metadata": {"service": "generativelanguage.googleapis.com"},
        })  # fmt: skip
    if quota_id:
        details.append({"@type": "type.googleapis.com/google.rpc.QuotaFailure", "violations": [{
            "quotaMetric": "generativelanguage.googleapis.com/generate_content_free_tier_requests",
            "quotaId": quota_id, "quotaDimensions": {"location": "global"}, "quotaValue": "10",
        }]})  # fmt: skip
        details.append({"@type": "type.googleapis.com/google.rpc.Help", "links": [
            {"description": "Learn more about Gemini API quotas", "url": "https://ai.google.dev/gemini-api/docs/rate-limits"}
        ]})  # fmt: skip
    if retry_delay:
        details.append({"@type": "type.googleapis.com/google.rpc.RetryInfo", "retryDelay": retry_delay})
    if details:
        error["details"] = details
    payload = {"error": error}
    return web.Response(status=status, text=json.dumps(payload), content_type="application/json")
