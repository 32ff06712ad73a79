"""What the fleet keeps about Gemini models, on both databases: the first-call claim lets one process ask a model
first and the others wait; it never reads as "this key cannot use it"; a model found unusable is not claimable."""

from bot.storage.model_memory import ModelMemoryStore

NOW = 1_796_000_000.0


async def test_one_process_claims_the_first_call_until_it_answers_or_the_claim_lapses(db):
    first, second = ModelMemoryStore(db), ModelMemoryStore(db)
    assert await first.claim_first_call("key", "gemini-4-hydrogen", NOW, 10)
    assert not await second.claim_first_call("key", "gemini-4-hydrogen", NOW + 1, 10)
    assert await second.claim_first_call("key", "gemini-3.8-flash", NOW + 1, 10)  # another model is free
    assert await second.claim_first_call("other-key", "gemini-4-hydrogen", NOW + 1, 10)  # and another key
    assert await first.unusable("key", NOW + 1) == {}  # a claim is not a refusal
    await first.release_first_call("key", "gemini-4-hydrogen")
    assert await second.claim_first_call("key", "gemini-4-hydrogen", NOW + 2, 10)
    assert await first.claim_first_call("key", "gemini-4-hydrogen", NOW + 13, 10)  # the holder died: it lapsed


async def test_a_model_found_unusable_stays_so_until_the_reset_and_cannot_be_claimed(db):
    memory = ModelMemoryStore(db)
    assert await memory.claim_first_call("key", "gemini-4-argon", NOW, 10)
    await memory.remember_unusable("key", "gemini-4-argon", "no quota", NOW + 3600)
    await memory.release_first_call("key", "gemini-4-argon")  # a late release leaves the refusal in place
    assert await memory.unusable("key", NOW + 1) == {"gemini-4-argon": ("no quota", NOW + 3600)}
    assert not await memory.claim_first_call("key", "gemini-4-argon", NOW + 60, 10)
    assert await memory.claim_first_call("key", "gemini-4-argon", NOW + 3601, 10)  # Google's reset
