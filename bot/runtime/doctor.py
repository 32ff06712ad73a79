"""``profile-creator doctor``: one small real call of each kind the bot makes, so an operator can prove a deployment.

The steps follow a user's path: the model list (naming listed models that have no price, which ``auto`` does not
choose), access (one minimal call of one output token per chosen model, naming the models this key has no quota
for), a streamed coach reply, a brief extraction, a 256 px image (post-processed as a render is), an edit carrying
that image, and the self-check's verdict. Each prints pass or fail, its latency, the model and API version used, the
generation settings that worked (learned from the API when it refused the first ones), the tokens used and their
estimated cost (marked as an estimate for a model with no price); the run's total cost closes the report. A step
that needs an earlier one's result is skipped when that one failed. Without a key nothing is proved: exit 11.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import TextIO

from bot.accounts import estimate_cost, usage_costing
from bot.coach import extraction_instruction, image_prompt
from bot.config import Settings
from bot.imaging import OutputOptions, process_image_async
from bot.model import CREATION_TYPES, Brief, ModelUsage, check_brief
from bot.providers import ChatTurn, CoachContext, GeminiProvider, ImageRequest
from bot.render import check_prompt

EXIT_NO_KEY = 11
BRIEF = Brief(subject="a small red fox head", style="flat vector", mood="friendly", background="plain", text="none")
KEY = "#00ff00"
PROBE_TYPE = CREATION_TYPES[0]  # the probe draws the first creation type (a profile picture)


@dataclass
class Step:
    name: str
    ok: bool
    ms: float
    detail: str
    settings: str = ""  # the generation settings the step's model took
    tokens: int = 0
    cost_usd: float = 0.0
    estimated: tuple[str, ...] = ()  # models costed at the highest price of their kind (no price row)


async def run_checks(settings: Settings) -> list[Step]:
    assert settings.gemini_api_key is not None
    provider = GeminiProvider(settings.gemini, settings.gemini_api_key.get_secret_value())
    version = settings.gemini.api_version
    steps: list[Step] = []
    made: dict[str, bytes] = {}
    used: list[ModelUsage] = []

    async def collect(usage: ModelUsage) -> None:
        used.append(usage)

    provider.on_usage = collect

    async def _timed(name: str, call: Callable[[], Awaitable[str]]) -> Step:
        start, first = time.perf_counter(), len(used)
        try:
            detail, ok = await call(), True
        except Exception as exc:
            detail, ok = f"{type(exc).__name__}: {exc}", False
        mine = used[first:]
        in_use = provider.settings_in_use()
        models = sorted({u.model for u in mine})
        now, prices = time.time(), settings.gemini.prices
        return Step(name, ok, (time.perf_counter() - start) * 1000, detail,
                    "; ".join(f"{m}: {in_use.get(m, '')}" for m in models),
                    sum(u.prompt_tokens + u.output_tokens + u.thought_tokens for u in mine),
                    sum(estimate_cost(u, prices, now) for u in mine),
                    tuple(sorted({u.model for u in mine if usage_costing(u, prices, now).estimate})))  # fmt: skip

    try:
        async def models() -> str:
            chosen = await provider.prepare()
            found = f"chat {chosen['chat']}, image {chosen['image']} ({len(provider.models.listed)} listed, {version})"
            unpriced = provider.describe()["listed_without_price"]
            if unpriced != "none":
                found += f"; listed without a price in gemini.prices (not chosen while a priced one works): {unpriced}"
            return found

        async def access() -> str:
            lines, usable = [], True
            for purpose in ("chat", "image"):
                outcomes = await provider.prove_access(purpose)  # type: ignore[arg-type]
                answered = [m for m, outcome in outcomes if outcome == "answers"]
                cannot = [f"{m} ({outcome})" for m, outcome in outcomes if outcome != "answers"]
                lines.append(f"{purpose} {answered[0] if answered else 'none'}"
                             + (f"; this key can't use {', '.join(cannot)}" if cannot else ""))  # fmt: skip
                usable = usable and bool(answered)
            if not usable:
                raise RuntimeError(" · ".join(lines) + (" (renders are drawn by the offline design engine)"))
            return " · ".join(lines)

        steps.append(await _timed("model list", models))
        if not steps[-1].ok:
            return steps
        steps.append(await _timed("access", access))
        chat, image = provider.models.resolved["chat"], provider.models.resolved["image"]
        history = [ChatTurn("user", "I want a friendly fox as my streamer profile picture.")]

        async def stream() -> str:
            context = CoachContext(PROBE_TYPE, "minimal", [], Brief(), check_brief(PROBE_TYPE, Brief()))
            chunks = [c async for c in provider.stream_reply("Reply in one short sentence.", history, context)]
            text = "".join(c for c in chunks if isinstance(c, str))
            if not text.strip():
                raise RuntimeError("the reply had no visible text")
            return f"{chat} ({version}): {text.strip()[:60]!r}"

        async def extraction() -> str:
            brief = await provider.extract_brief(
                extraction_instruction(PROBE_TYPE, Brief()), history, Brief(), PROBE_TYPE
            )
            if not brief.subject:
                raise RuntimeError("the extraction returned no subject for 'a friendly fox'")
            return f"{chat} ({version}): subject {brief.subject!r}"

        async def first_image() -> str:
            prompt = image_prompt(PROBE_TYPE, BRIEF, [], key_color=KEY)
            raw = await provider.generate_image(ImageRequest(prompt, PROBE_TYPE, "minimal", BRIEF, [], KEY))
            made["raw"] = raw
            made["png"] = await process_image_async(raw, OutputOptions(size=256, format="png"))
            return f"{image} ({version}): {len(raw)} bytes, post-processed to 256 px PNG"

        async def edit() -> str:
            request = ImageRequest("Make the fox's ears a little bigger. Keep everything else.", PROBE_TYPE,
                                   "minimal", BRIEF, [], KEY, source=made["raw"])  # fmt: skip
            edited = await provider.generate_image(request)
            return f"{image} ({version}): {len(edited)} bytes"

        async def verdict() -> str:
            found = await provider.check_render(made["png"], check_prompt(PROBE_TYPE, BRIEF, True))
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
        if step.tokens or step.settings:
            estimate = f" (estimate: no price for {', '.join(step.estimated)})" if step.estimated else ""
            print(f"      settings: {step.settings or '—'} · {step.tokens} tokens · ~${step.cost_usd:.5f}{estimate}",
                  file=out)  # fmt: skip
    tokens, cost = sum(s.tokens for s in steps), sum(s.cost_usd for s in steps)
    estimated = sorted({m for s in steps for m in s.estimated})
    note = f"; includes estimates at the highest price of their kind for {', '.join(estimated)}" if estimated else ""
    print(f"doctor: {tokens} tokens, estimated cost of this run ${cost:.5f} (gemini.prices){note}", file=out)
    failed = [s.name for s in steps if not s.ok]
    if failed:
        print(f"doctor: {len(failed)} of {len(steps)} checks failed: {', '.join(failed)}", file=out)
        return 1
    print(f"doctor: all {len(steps)} checks passed", file=out)
    return 0


def doctor(settings: Settings, out: TextIO) -> int:
    if settings.gemini_api_key is None:
        print("GEMINI_API_KEY is not set, so nothing was called and nothing is proved (exit 11). With a key, doctor "
              "makes one small real call of each kind the bot makes: the model list, access to the chosen models "
              "(one output token each), a streamed chat reply, a brief "
              "extraction, a 256 px image, an edit carrying that image, and a self-check verdict; each prints pass "
              "or fail, latency, model, API version, the settings that worked, tokens and estimated cost.",
              file=out)  # fmt: skip
        return EXIT_NO_KEY
    return report(asyncio.run(run_checks(settings)), out)
