"""Reading Gemini's answers: visible text without thoughts, every refusal shape, and HTTP errors as ProviderErrors.

Google documents more ways to say "no" than a safety finish: a prompt block with no candidates (SAFETY,
PROHIBITED_CONTENT, BLOCKLIST, JAILBREAK, MODEL_ARMOR...), finish reasons for images (IMAGE_SAFETY,
IMAGE_PROHIBITED_CONTENT, IMAGE_RECITATION, IMAGE_OTHER, NO_IMAGE), RECITATION, MAX_TOKENS, MODEL_ARMOR,
MISSING_THOUGHT_SIGNATURE, MALFORMED_RESPONSE, and an image model answering with text only. Each maps to one clear
line for the user here; a reason nobody knows yet gets a generic line and is logged with its name.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterator
from typing import Any

import aiohttp
from google.genai import errors, types

from bot.model import TroubleKind
from bot.providers.base import (
    EmptyResult,
    KeyRefused,
    ModelNotFound,
    ProviderError,
    ProviderTimeout,
    ProviderUnavailable,
    SafetyBlocked,
)

log = logging.getLogger(__name__)

SAFETY_FINISH = frozenset(
    {"SAFETY", "PROHIBITED_CONTENT", "IMAGE_SAFETY", "IMAGE_PROHIBITED_CONTENT", "BLOCKLIST", "SPII", "MODEL_ARMOR"}
)
RECITATION_FINISH = frozenset({"RECITATION", "IMAGE_RECITATION"})
# Nothing usable, for a reason a retry may fix.
RETRY_FINISH = frozenset({
    "IMAGE_OTHER", "NO_IMAGE", "MAX_TOKENS", "OTHER", "MALFORMED_FUNCTION_CALL", "MISSING_THOUGHT_SIGNATURE",
    "MALFORMED_RESPONSE", "UNEXPECTED_TOOL_CALL", "TOO_MANY_TOOL_CALLS",
})  # fmt: skip
KNOWN_FINISH = SAFETY_FINISH | RECITATION_FINISH | RETRY_FINISH | {"STOP", "FINISH_REASON_UNSPECIFIED", "LANGUAGE"}
_UNKNOWN_SEEN: set[str] = set()


def finish_name(candidate: types.Candidate) -> str:
    reason = candidate.finish_reason
    return reason.value if hasattr(reason, "value") else str(reason or "")


def finish_reasons(response: types.GenerateContentResponse) -> list[str]:
    return [finish_name(c) for c in response.candidates or [] if c.finish_reason]


def _answer_parts(response: types.GenerateContentResponse) -> Iterator[types.Part]:
    """Every part of every candidate, never the thoughts (``"thought": true`` parts are the model's working)."""
    for candidate in response.candidates or []:
        for part in (candidate.content.parts if candidate.content else None) or []:
            if not part.thought:
                yield part


def visible_text(response: types.GenerateContentResponse) -> str:
    return "".join(part.text for part in _answer_parts(response) if part.text)


def image_bytes(response: types.GenerateContentResponse) -> bytes | None:
    return next((p.inline_data.data for p in _answer_parts(response) if p.inline_data and p.inline_data.data), None)


def raise_if_refused(response: types.GenerateContentResponse) -> None:
    """A prompt block, a safety finish or a recitation stop becomes SafetyBlocked of its kind."""
    feedback = response.prompt_feedback
    if feedback is not None and feedback.block_reason:
        # Every block reason (SAFETY, OTHER, BLOCKLIST, PROHIBITED_CONTENT, IMAGE_SAFETY, JAILBREAK, MODEL_ARMOR and
        # any Google adds) means the prompt was refused: the safety line, which asks for other words.
        block = feedback.block_reason
        raise SafetyBlocked(f"prompt blocked: {block.value if hasattr(block, 'value') else block}")
    for reason in finish_reasons(response):
        if reason not in KNOWN_FINISH and reason not in _UNKNOWN_SEEN:
            _UNKNOWN_SEEN.add(reason)
            log.warning("Gemini answered with a finish reason this bot does not know: %s (treated as retryable)",
                        reason)  # fmt: skip
        if reason in SAFETY_FINISH:
            raise SafetyBlocked(f"candidate blocked: {reason}")
        if reason in RECITATION_FINISH:
            raise SafetyBlocked(f"candidate stopped: {reason}", TroubleKind.RECITATION)


def require_image(response: types.GenerateContentResponse) -> bytes:
    raise_if_refused(response)
    data = image_bytes(response)
    if data:
        return data
    reasons = ",".join(finish_reasons(response)) or "none"
    if visible_text(response):
        raise EmptyResult(f"image model answered with text only (finish {reasons})", TroubleKind.TEXT_ONLY)
    raise EmptyResult(f"Gemini response had no image part (finish {reasons})")


def _error_reason(exc: errors.APIError) -> str:
    details: Any = exc.details
    if isinstance(details, dict):
        details = (details.get("error") or details).get("details") or []
    for item in details if isinstance(details, list) else []:
        if isinstance(item, dict) and item.get("reason"):
            return str(item["reason"])
    return ""


def translate(exc: BaseException) -> ProviderError:
    if isinstance(exc, ProviderError):
        return exc
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return ProviderTimeout("Gemini call timed out")
    if isinstance(exc, errors.APIError):
        code = exc.code or 0
        # Google answers a bad key with 400 INVALID_ARGUMENT and reason API_KEY_INVALID, not 401.
        if code in (401, 403) or _error_reason(exc) in ("API_KEY_INVALID", "API_KEY_SERVICE_BLOCKED"):
            return KeyRefused(f"Gemini HTTP {code}: {exc.status} {_error_reason(exc)}".strip())
        if code == 404:
            return ModelNotFound(f"Gemini HTTP 404: {exc.message}")
        if code in (429, 408) or code >= 500:
            return ProviderUnavailable(f"Gemini HTTP {code} after retries: {exc.status}")
        return ProviderError(f"Gemini HTTP {code}: {exc.message}")
    if not isinstance(exc, OSError | aiohttp.ClientError):
        # Not a network fault: a bug here or in the SDK. Keep the user's answer ("try again") but leave the trace.
        log.warning("Gemini call failed with an unexpected %s", type(exc).__name__, exc_info=exc)
    return ProviderUnavailable(f"Gemini unreachable: {type(exc).__name__}")
