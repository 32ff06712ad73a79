"""The cost of learning a model's settings from the API: time to the first coach words when the first call is
refused for its thinking level (the newest Flash refuses MINIMAL), against a model that takes the first setting.

The real GeminiProvider (google-genai) talks to the loopback fake Gemini with model-like delays: 400 ms to the
first token, 60 ms for a 400 answer (a round trip). Each trial is a fresh provider (a fresh process's memory).
Goals: the first call pays at most one extra round trip; every later call, and every call in flight beside the
first, pays none (one refused request per model per process).
"""

from __future__ import annotations

import asyncio
import logging
import time

from bench.stats import percentile, report
from bot.model import Brief, check_brief
from bot.providers import ChatTurn, CoachContext, GeminiProvider
from tests.conftest import gemini_settings
from tests.fakes.fake_gemini import FakeGemini, listed_model

TRIALS, LATER, CONCURRENT = 15, 5, 8
FIRST_TOKEN, ROUND_TRIP = 0.4, 0.06
HISTORY = [ChatTurn("user", "a fox astronaut for my channel NovaFox")]
CONTEXT = CoachContext("streamer_logo", "gaming", [], Brief(), check_brief("streamer_logo", Brief()))


async def first_words(provider: GeminiProvider) -> float:
    started, elapsed = time.perf_counter(), None
    async for chunk in provider.stream_reply("Reply in one sentence.", HISTORY, CONTEXT):
        if isinstance(chunk, str) and chunk and elapsed is None:
            elapsed = time.perf_counter() - started
    if elapsed is None:
        raise RuntimeError("no words")
    return elapsed


async def trial(gemini: FakeGemini, chat_model: str) -> tuple[float, list[float], int]:
    """First call's time to words, later calls' times, and how many requests were refused."""
    provider = GeminiProvider(gemini_settings(gemini.base_url, chat_model=chat_model), api_key="bench-key-0123")
    try:
        await provider.prepare()
        before = len(gemini.refused)
        first = await first_words(provider)
        later = [await first_words(provider) for _ in range(LATER)]
        return first, later, len(gemini.refused) - before
    finally:
        await provider.aclose()


async def concurrent_first_calls(gemini: FakeGemini) -> int:
    provider = GeminiProvider(gemini_settings(gemini.base_url), api_key="bench-key-0123")
    try:
        await provider.prepare()
        before = len(gemini.refused)
        await asyncio.gather(*(first_words(provider) for _ in range(CONCURRENT)))
        return len(gemini.refused) - before
    finally:
        await provider.aclose()


async def main() -> None:
    logging.getLogger("bot").setLevel(logging.ERROR)  # the learned setting is logged once per fresh provider
    gemini = FakeGemini()
    gemini.catalog = [*gemini.catalog, listed_model("gemini-7.0-flash")]  # takes MINIMAL: the baseline
    gemini.stream_reply = lambda r: ["Love ", "it."]
    await gemini.start()
    gemini.delays = {"stream": FIRST_TOKEN}
    gemini.refusal_delay = ROUND_TRIP
    try:
        refused_first, taken_first, later_all, refusals = [], [], [], []
        for _ in range(TRIALS):
            first, later, refused = await trial(gemini, "auto")  # auto = the newest Flash, which refuses MINIMAL
            refused_first.append(first * 1000)
            later_all += [t * 1000 for t in later]
            refusals.append(refused)
            base, _, _ = await trial(gemini, "gemini-7.0-flash")
            taken_first.append(base * 1000)
        in_flight = await concurrent_first_calls(gemini)
    finally:
        await gemini.stop()
    extra = percentile(refused_first, 50) - percentile(taken_first, 50)
    print(f"thinking adaptation: {TRIALS} fresh providers; fake first token {FIRST_TOKEN * 1000:.0f} ms, "
          f"a refusal's round trip {ROUND_TRIP * 1000:.0f} ms")  # fmt: skip
    print(report("  first words, model takes MINIMAL, p50", percentile(taken_first, 50), "ms", "-", True))
    print(report("  first words, MINIMAL refused first, p50", percentile(refused_first, 50), "ms", "-", True))
    print(report("  first words, MINIMAL refused first, p95", percentile(refused_first, 95), "ms", "-", True))
    print(report("  added by the adaptation (p50 difference)", extra, "ms",
                 f"<= {ROUND_TRIP * 1000 * 1.5:.0f} ms", extra <= ROUND_TRIP * 1000 * 1.5))  # fmt: skip
    print(report("  refused requests per fresh process (max)", max(refusals), "calls", "1", max(refusals) == 1))
    later_goal = FIRST_TOKEN * 1000 + 60
    later_p95 = percentile(later_all, 95)
    print(report("  later calls, first words p95", later_p95, "ms", f"< {later_goal:.0f} ms", later_p95 < later_goal))
    print(report(f"  refused among {CONCURRENT} concurrent first calls", in_flight, "calls", "1", in_flight == 1))


if __name__ == "__main__":
    asyncio.run(main())
