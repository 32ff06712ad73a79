"""``profile-creator doctor``: one small real call of each kind the bot makes, so an operator can prove a deployment.

The steps follow a user's path: the model list, a streamed coach reply, a brief extraction, a 256 px image
(post-processed as a render is), an edit carrying that image, and the self-check's verdict. Each prints pass or
fail, its latency, and the model and API version used. A step that needs an earlier one's result is skipped when
that one failed.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TextIO

from bot.coach import extraction_instruction, image_prompt
from bot.config import Settings
from bot.imaging import OutputOptions, process_image_async
from bot.model import Brief, check_brief
from bot.providers import ChatTurn, CoachContext, GeminiProvider, ImageRequest
from bot.render import check_prompt

BRIEF = Brief(subject="a small red fox head", style="flat vector", mood="friendly", background="plain", text="none")
KEY = "#00ff00"


@dataclass
class Step:
    name: str
    ok: bool
    ms: float
    detail: str


async def _timed(name: str, call: Callable[[], Awaitable[str]]) -> Step:
    start = time.perf_counter()
    try:
        detail = await call()
        ok = True
    except Exception as exc:
        detail = f"{type(exc).__name__}: {exc}"
        ok = False
    return Step(name, ok, (time.perf_counter() - start) * 1000, detail)


async def run_checks(settings: Settings) -> list[Step]:
    assert settings.gemini_api_key is not None
    provider = GeminiProvider(settings.gemini, settings.gemini_api_key.get_secret_value())
    version = settings.gemini.api_version
    steps: list[Step] = []
    made: dict[str, bytes] = {}
    try:
        async def models() -> str:
            chosen = await provider.prepare()
            return f"chat {chosen['chat']}, image {chosen['image']} ({len(provider.models.listed)} listed, {version})"

        steps.append(await _timed("model list", models))
        if not steps[-1].ok:
            return steps
        chat, image = provider.models.resolved["chat"], provider.models.resolved["image"]
        history = [ChatTurn("user", "I want a friendly fox as my streamer profile picture.")]

        async def stream() -> str:
            context = CoachContext("profile_picture", "minimal", [], Brief(), check_brief("profile_picture", Brief()))
            text = "".join([c async for c in provider.stream_reply("Reply in one short sentence.", history, context)])
            if not text.strip():
                raise RuntimeError("the reply had no visible text")
            return f"{chat} ({version}): {text.strip()[:60]!r}"

        async def extraction() -> str:
            brief = await provider.extract_brief(
                extraction_instruction("profile_picture", Brief()), history, Brief(), "profile_picture"
            )
            if not brief.subject:
                raise RuntimeError("the extraction returned no subject for 'a friendly fox'")
            return f"{chat} ({version}): subject {brief.subject!r}"

        async def first_image() -> str:
            prompt = image_prompt("profile_picture", BRIEF, [], key_color=KEY)
            raw = await provider.generate_image(ImageRequest(prompt, "profile_picture", "minimal", BRIEF, [], KEY))
            made["raw"] = raw
            made["png"] = await process_image_async(raw, OutputOptions(size=256, format="png"))
            return f"{image} ({version}): {len(raw)} bytes, post-processed to 256 px PNG"

        async def edit() -> str:
            request = ImageRequest("Make the fox's ears a little bigger. Keep everything else.", "profile_picture",
                                   "minimal", BRIEF, [], KEY, source=made["raw"])  # fmt: skip
            edited = await provider.generate_image(request)
            return f"{image} ({version}): {len(edited)} bytes"

        async def verdict() -> str:
            found = await provider.check_render(made["png"], check_prompt("profile_picture", BRIEF, True))
            return f"{chat} ({version}): read {found.text_read!r}, background separable {found.background_separable}"

        steps.append(await _timed("streamed chat", stream))
        steps.append(await _timed("brief extraction", extraction))
        steps.append(await _timed("image 256 px", first_image))
        for name, call in (("edit with image", edit), ("self-check verdict", verdict)):
            if "png" in made:
                steps.append(await _timed(name, call))
            else:
                steps.append(Step(name, False, 0.0, "skipped: the image step failed"))
        return steps
    finally:
        await provider.aclose()


def report(steps: list[Step], out: TextIO) -> int:
    for step in steps:
        print(f"{'PASS' if step.ok else 'FAIL'}  {step.name:<20} {step.ms:7.0f} ms  {step.detail}", file=out)
    failed = [s.name for s in steps if not s.ok]
    if failed:
        print(f"doctor: {len(failed)} of {len(steps)} checks failed: {', '.join(failed)}", file=out)
        return 1
    print(f"doctor: all {len(steps)} checks passed", file=out)
    return 0


def doctor(settings: Settings, out: TextIO) -> int:
    if settings.gemini_api_key is None:
        print("GEMINI_API_KEY is not set, so nothing was called. With a key, doctor makes one small real call of "
              "each kind the bot makes: the model list, a streamed chat reply, a brief extraction, a 256 px image, "
              "an edit carrying that image, and a self-check verdict; each prints pass or fail, latency, model and "
              "API version.", file=out)  # fmt: skip
        return 0
    return report(asyncio.run(run_checks(settings)), out)
