"""`profile-creator doctor` as an operator runs it: its own process, against the loopback fake Gemini."""

import asyncio
import os
import sys

from tests.fakes.fake_gemini import NANO_BANANA, Fault
from tests.harness import GEMINI_KEY, ROOT

STEPS = ["model list", "streamed chat", "brief extraction", "image 256 px", "edit with image", "self-check verdict"]


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
    assert " ms " in out and "all 6 checks passed" in out
    assert GEMINI_KEY not in out
    kinds = [r.kind for r in fake_gemini.requests]
    assert kinds == ["stream", "json", "image", "image", "check"]  # one real call of each kind
    # The newest Flash refused MINIMAL once (one extra round trip, then learned for the whole run); the settings
    # that worked, tokens and cost are printed per step.
    assert [r.kind for r in fake_gemini.refused] == ["stream"]
    assert "gemini-7.2-flash: thinkingLevel LOW, no temperature (learned)" in out
    assert f"{NANO_BANANA}: thinkingLevel MINIMAL" in out
    assert "tokens · ~$" in out and "estimated cost of this run $" in out
    assert fake_gemini.of_kind("image")[1].body["contents"][0]["parts"][0].get("inlineData")  # the edit carries it


async def test_doctor_fails_naming_the_step_when_the_image_model_answers_text_only(tmp_path, fake_gemini):
    fake_gemini.json_reply = lambda r: {"subject": "a friendly fox"}
    fake_gemini.fail("image", Fault(empty=True))
    code, out = await run_doctor(tmp_path, fake_gemini.base_url)
    assert code == 1
    assert "FAIL  image 256 px" in out and "text only" in out
    assert "FAIL  edit with image" in out and "skipped" in out
    assert "PASS  streamed chat" in out and "3 of 6 checks failed: image 256 px, edit with image, self-check" in out


async def test_doctor_without_a_key_says_what_it_would_check(tmp_path):
    code, out = await run_doctor(tmp_path, None, key=None)
    assert code == 11 and "nothing is proved" in out and "256 px image" in out
