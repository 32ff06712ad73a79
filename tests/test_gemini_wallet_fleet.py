"""Issue 40 as a fleet sees it on the December 2026 key list: two processes (each with its own connection to one
database) and users arriving at the same moment still make at most one call per day to a model the key cannot use,
and a process started after another pays no refused round trip for anything the first learned."""

import asyncio
import logging

import pytest

from bot.providers import ModelsNeedBilling
from bot.storage import Database
from bot.storage.model_memory import ModelMemoryStore
from bot.usecases import coach_trouble
from tests.fakes.fake_gemini import december_2026_catalog
from tests.test_gemini_provider import collect, image_request
from tests.test_gemini_wallet import start, turn


@pytest.fixture
def december(fake_gemini):
    fake_gemini.catalog = december_2026_catalog()
    fake_gemini.json_reply = lambda r: {"subject": "a friendly fox"}
    return fake_gemini


async def test_users_arriving_together_on_a_free_key_make_one_refused_call_in_the_fleet(december, tmp_path, caplog):
    december.key_mode = "free"
    december.paid_only = december.paid_only | {"gemini-4-hydrogen"}  # auto's chat choice needs billing too
    december.refusal_delay = 0.05  # Google's 429 takes a round trip: the other users' turns are already waiting
    path = tmp_path / "fleet.sqlite3"
    first_db, second_db = await Database.open(path), await Database.open(path)
    try:
        with caplog.at_level(logging.WARNING):
            first = await start(december, memory=ModelMemoryStore(first_db))
            second = await start(december, memory=ModelMemoryStore(second_db))
            # Four users' coach turns at once in the first process: none fails, none waits for a reset.
            await asyncio.gather(*(turn(first) for _ in range(4)))
            await asyncio.gather(*(turn(second) for _ in range(2)))  # the other process, the same day
            restarted = await start(december, memory=ModelMemoryStore(second_db))
            await turn(restarted)
        refused = [r.model for r in december.requests if r.status == 429]
        assert refused == ["gemini-4-hydrogen"]
        assert {r.model for r in december.requests if r.status == 200} == {"gemini-3.8-flash"}
        assert restarted.models.resolved["chat"] == "gemini-3.8-flash"
        assert len([r for r in caplog.records if "no quota" in r.getMessage()]) == 1  # the operator's one line
        for provider in (first, second, restarted):
            await provider.aclose()
    finally:
        await first_db.close()
        await second_db.close()


async def test_a_second_process_pays_no_refused_round_trip_for_chat_extraction_image_or_self_check(december, tmp_path):
    december.thinking_levels["gemini-nano-banana-2.1"] = ("LOW", "HIGH")  # the image model refuses MINIMAL too
    path = tmp_path / "fleet.sqlite3"
    first_db = await Database.open(path)
    try:
        first = await start(december, memory=ModelMemoryStore(first_db))
        await turn(first)
        await first.check_render(await first.generate_image(image_request()), "Check it")
        await first.aclose()
    finally:
        await first_db.close()
    learned = sorted(r.model for r in december.refused)
    assert learned == ["gemini-4-hydrogen", "gemini-nano-banana-2.1"]  # one refusal per model, then learned
    answered = len(december.requests)
    second_db = await Database.open(path)  # the next start (or another shard): its own connection
    try:
        second = await start(december, memory=ModelMemoryStore(second_db))
        assert second.settings_in_use() == {"gemini-4-hydrogen": "thinkingLevel LOW, no temperature (learned)",
                                            "gemini-nano-banana-2.1": "thinkingLevel LOW, no temperature (learned)"}
        await turn(second)
        await second.check_render(await second.generate_image(image_request()), "Check it")
        await second.aclose()
    finally:
        await second_db.close()
    assert len(december.refused) == 2  # zero refused round trips on the second start
    assert {r.kind for r in december.requests[answered:]} == {"stream", "json", "image", "check"}


async def test_a_free_key_with_no_chat_model_it_can_use_says_billing_never_a_wait_of_hours(december):
    # Google's advice on Argon's "limit: 0" is "Please retry in 10h17m5.7s": no user may read it as a wait.
    december.key_mode = "free"
    december.paid_only = frozenset(m["name"].removeprefix("models/") for m in december.catalog)
    provider = await start(december, chat_model="gemini-4-argon")
    try:
        with pytest.raises(ModelsNeedBilling) as refused:
            await collect(provider)
        told = coach_trouble(refused.value.trouble)  # what the user reads in the thread or the studio
        assert "need billing" in told and not any(w in told for w in ("minute", "hour", "10h", "617", "resets"))
        # Each chat model was asked once: the named one, then auto's candidates; none again on the next turn.
        asked = [r.model for r in december.requests]
        assert asked[0] == "gemini-4-argon" and len(asked) == len(set(asked))
        with pytest.raises(ModelsNeedBilling):
            await collect(provider)
        assert [r.model for r in december.requests] == asked
    finally:
        await provider.aclose()


async def test_two_processes_starting_together_pay_one_refusal_between_them(december, tmp_path):
    # Two shards start at the same moment and their first users talk at once: one process makes the fleet's first
    # call to each model, the other waits for its answer.
    december.refusal_delay = 0.1  # a refusal's round trip
    path = tmp_path / "fleet.sqlite3"
    for mode, paid_only, refused in (("paid", december.paid_only, "400"), ("free", frozenset({"gemini-4-hydrogen"}),
                                                                          "429")):  # fmt: skip
        december.key_mode, december.paid_only = mode, december.paid_only | paid_only
        dbs = [await Database.open(path), await Database.open(path)]
        try:
            fleet = [await start(december, memory=ModelMemoryStore(db), key=f"k-{mode}-0123456789") for db in dbs]
            before = len(december.requests), len(december.refused)
            await asyncio.gather(*(turn(p) for p in fleet))
            for provider in fleet:
                await provider.aclose()
        finally:
            for db in dbs:
                await db.close()
        answered = [r for r in december.requests[before[0]:] if r.status == 200]
        assert len(answered) == 4  # both users' replies and extractions
        if refused == "400":  # a paid key: Hydrogen refuses MINIMAL once for the fleet, not once per process
            assert [r.model for r in december.refused[before[1]:]] == ["gemini-4-hydrogen"]
        else:  # a free key with no quota for Hydrogen: one 429 for the fleet; both coach with 3.8 Flash
            assert [r.model for r in december.requests[before[0]:] if r.status == 429] == ["gemini-4-hydrogen"]
            assert {r.model for r in answered} == {"gemini-3.8-flash"}
