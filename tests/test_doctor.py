"""`profile-creator doctor` as an operator runs it: its own process, against the loopback fake Gemini."""

import asyncio
import os
import sys

from tests.fakes.fake_gemini import NANO_BANANA, Fault, december_2026_catalog
from tests.harness import GEMINI_KEY, ROOT, TOKEN

STEPS = ["model list", "access", "streamed chat", "brief extraction", "image 256 px", "edit with image",
         "self-check verdict"]


async def run_doctor(tmp_path, base_url: str | None, key: str | None = GEMINI_KEY) -> tuple[int, str]:
    config = tmp_path / "config.toml"
    config.write_text(f'[gemini]\nbase_url = "{base_url or ""}"\nretry_attempts = 1\ntimeout_seconds = 10\n')
    env = {k: v for k, v in os.environ.items() if k != "GEMINI_API_KEY"} | {"PYTHONPATH": str(ROOT)}
    if key:
        env["GEMINI_API_KEY"] = key
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "doctor", "--config", str(config), env=env, cwd=tmp_path,
        stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
    )  # fmt: skip
    out, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, out.decode()


async def test_doctor_passes_every_step_naming_model_and_api_version(tmp_path, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "a friendly fox"}
    code, out = await run_doctor(tmp_path, fake_gemini.base_url)
    assert code == 0, out
    for step in STEPS:
        assert f"PASS  {step}" in out, out
    assert "gemini-7.2-flash (v1beta)" in out and f"{NANO_BANANA} (v1beta)" in out
    assert " ms " in out and "all 7 checks passed" in out
    assert GEMINI_KEY not in out
    kinds = [r.kind for r in fake_gemini.requests]
    # Access: one call of one output token per chosen model; then one real call of each kind.
    assert kinds == ["json", "json", "stream", "json", "image", "image", "check"]
    assert [r.body["generationConfig"]["maxOutputTokens"] for r in fake_gemini.requests[:2]] == [1, 1]
    # The newest Flash refused MINIMAL once (one extra round trip, then learned for the whole run); the settings
    # that worked, tokens and cost are printed per step.
    assert [r.kind for r in fake_gemini.refused] == ["stream"]
    assert "gemini-7.2-flash: thinkingLevel LOW, no temperature (learned)" in out
    assert f"{NANO_BANANA}: thinkingLevel MINIMAL" in out
    assert "tokens · ~$" in out and "estimated cost of this run $" in out
    # The fake's future ids have no price row: the figures say they are estimates.
    assert "estimate: no price for gemini-7.2-flash" in out and "includes estimates" in out
    assert fake_gemini.of_kind("image")[1].body["contents"][0]["parts"][0].get("inlineData")  # the edit carries it


async def test_doctor_fails_naming_the_step_when_the_image_model_answers_text_only(tmp_path, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "a friendly fox"}
    fake_gemini.fail("image", Fault(empty=True))
    code, out = await run_doctor(tmp_path, fake_gemini.base_url)
    assert code == 1
    assert "FAIL  image 256 px" in out and "text only" in out
    assert "FAIL  edit with image" in out and "skipped" in out
    assert "PASS  streamed chat" in out and "3 of 7 checks failed: image 256 px, edit with image, self-check" in out


async def test_doctor_on_a_free_key_names_the_models_it_cannot_use_and_the_unpriced_ones(tmp_path, fake_gemini):
    fake_gemini.catalog = december_2026_catalog()
    fake_gemini.key_mode = "free"
    fake_gemini.json_reply = lambda r: {"subject": "a friendly fox"}
    code, out = await run_doctor(tmp_path, fake_gemini.base_url)
    assert code == 1
    assert "PASS  model list" in out and "chat gemini-4-hydrogen, image gemini-nano-banana-2.1" in out
    unpriced = "without a price in gemini.prices (not chosen while a priced one works): gemini-3.1-flash-lite-image"
    assert unpriced in out
    assert "FAIL  access" in out and "chat gemini-4-hydrogen" in out
    assert "this key can't use gemini-nano-banana-2.1 (no quota on this key (limit 0: its tier needs billing))" in out
    assert "PASS  streamed chat" in out and "PASS  brief extraction" in out
    assert "FAIL  image 256 px" in out and "ModelsNeedBilling: no image model with quota on this key" in out
    # Each image model the key cannot use was called once in the whole run.
    assert [r.model for r in fake_gemini.requests if r.status == 429] == [
        "gemini-nano-banana-2.1", "gemini-3.1-flash-lite-image"
    ]


async def test_doctor_on_a_paid_key_proves_auto_s_choice_and_sends_store_false_in_every_request(tmp_path, fake_gemini):
    fake_gemini.catalog = december_2026_catalog()
    fake_gemini.json_reply = lambda r: {"subject": "a friendly fox"}
    code, out = await run_doctor(tmp_path, fake_gemini.base_url)
    assert code == 0, out
    assert "chat gemini-4-hydrogen, image gemini-nano-banana-2.1" in out  # within the ceilings, not Argon or Pro
    assert "(not chosen while a priced one works): gemini-3.1-flash-lite-image" in out
    assert "PASS  access" in out and "can't use" not in out and "no price for" not in out  # both are priced
    probes = [r for r in fake_gemini.requests if r.body.get("generationConfig", {}).get("maxOutputTokens") == 1]
    assert [r.model for r in probes] == ["gemini-4-hydrogen", "gemini-nano-banana-2.1"]
    sent = fake_gemini.requests + fake_gemini.refused
    assert {r.kind for r in sent} == {"json", "stream", "image", "check"}
    assert all(r.body.get("store") is False for r in sent)  # the access probes included


async def test_doctor_without_a_key_says_what_it_would_check(tmp_path):
    code, out = await run_doctor(tmp_path, None, key=None)
    assert code == 11 and "nothing is proved" in out and "256 px image" in out


async def test_doctor_names_the_message_content_mode_the_bot_would_run_in(tmp_path, fake_discord):
    """Issue 42: the intent is optional; doctor reads the application's flags as the bot does at start."""
    seen = {}
    for granted in (True, False):
        fake_discord.message_content_allowed = granted
        config = tmp_path / f"{granted}.toml"
        config.write_text(f'[discord]\napi_base_url = "{fake_discord.api_base}"\n')
        env = {k: v for k, v in os.environ.items() if k != "GEMINI_API_KEY"}
        env |= {"PYTHONPATH": str(ROOT), "DISCORD_TOKEN": TOKEN}
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "doctor", "--config", str(config), env=env, cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.STDOUT,
        )  # fmt: skip
        out, _ = await asyncio.wait_for(process.communicate(), 60)
        seen[granted] = next(line for line in out.decode().splitlines() if "Message Content" in line)
    assert seen[True].startswith("Message Content intent: granted"), seen
    assert seen[False].startswith("Message Content intent: not granted") and "Reply button" in seen[False], seen
