"""Issue 12: each start-up failure ends in one sentence, its own exit code, and no traceback (bot as a process).
A missing Message Content intent is no longer a failure (issue 42: tests/test_e2e_no_intent.py)."""

import asyncio

import pytest

from bot.runtime.startup import (
    EXIT_DATA_DIR,
    EXIT_DISCORD_UNREACHABLE,
    EXIT_GEMINI_UNREACHABLE,
    EXIT_TOKEN,
)
from tests.fakes.fake_discord import FakeDiscord
from tests.harness import (
    GEMINI_KEY,
    TOKEN,
    launch_bot_process,
    make_read_only,
    make_writable,
    settings_for,
    write_config,
)


async def run_until_exit(tmp_path, name, settings, env):
    config = write_config(tmp_path / f"{name}.toml", settings)
    process = await launch_bot_process(config, {"DISCORD_TOKEN": TOKEN, **env}, capture_stderr=True)
    try:
        _, stderr = await asyncio.wait_for(process.communicate(), 60)
    except TimeoutError:
        process.kill()
        raise
    return process.returncode, stderr.decode()


@pytest.fixture
async def refusing_fakes():
    wrong_token = FakeDiscord()
    wrong_token.valid_token = "the-token-from-the-portal-0123456789"
    await wrong_token.start()
    yield wrong_token
    await wrong_token.stop()


async def test_each_start_up_failure_is_one_sentence_with_its_own_exit_code(tmp_path, refusing_fakes):
    wrong_token = refusing_fakes
    read_only = tmp_path / "read-only" / "data"
    read_only.parent.mkdir()
    make_read_only(read_only.parent)
    cases = {
        "token": (settings_for(tmp_path / "a", wrong_token), {}, EXIT_TOKEN, "Reset Token"),
        "discord": (
            settings_for(tmp_path / "c", wrong_token, discord={"api_base_url": "http://127.0.0.1:9/api/v10"}),
            {}, EXIT_DISCORD_UNREACHABLE, "Cannot reach Discord at http://127.0.0.1:9",
        ),
        "gemini": (
            settings_for(tmp_path / "d", wrong_token, "http://127.0.0.1:9"),
            {"GEMINI_API_KEY": GEMINI_KEY}, EXIT_GEMINI_UNREACHABLE, "gemini.base_url",
        ),
        "data": (
            settings_for(tmp_path / "e", wrong_token).model_copy(update={"data_dir": read_only}),
            {}, EXIT_DATA_DIR, "set data_dir",
        ),
    }  # fmt: skip
    try:
        outcomes = await asyncio.gather(
            *(run_until_exit(tmp_path, name, s, env) for name, (s, env, _, _) in cases.items())
        )
    finally:
        make_writable(read_only.parent)
    for (name, (_, _, code, words)), (returncode, stderr) in zip(cases.items(), outcomes, strict=True):
        last = stderr.strip().splitlines()[-1]
        assert returncode == code, (name, returncode, stderr[-800:])
        assert last.startswith("error: ") and words in last and last.count(". ") <= 1, (name, last)
        assert "Traceback" not in stderr and "Unclosed" not in stderr, (name, stderr[-800:])
        assert TOKEN not in stderr and GEMINI_KEY not in stderr


async def test_a_refused_gemini_key_or_an_unoffered_model_stops_start_up_in_one_sentence(tmp_path, fake_gemini):
    from bot.runtime.startup import EXIT_GEMINI_KEY, EXIT_GEMINI_MODEL

    discord = FakeDiscord()
    await discord.start()
    fake_gemini.keys = {GEMINI_KEY}
    try:
        pinned = settings_for(tmp_path / "m", discord, fake_gemini.base_url, gemini={"chat_model": "gemini-2.5-flash"})
        cases = {
            "key": (settings_for(tmp_path / "k", discord, fake_gemini.base_url), {"GEMINI_API_KEY": "revoked-0123456"},
                    EXIT_GEMINI_KEY, "Gemini refused GEMINI_API_KEY"),
            "model": (pinned, {"GEMINI_API_KEY": GEMINI_KEY}, EXIT_GEMINI_MODEL,
                      "does not offer 'gemini-2.5-flash' to this key (gemini.chat_model); available: gemini-6.5-flash"),
        }  # fmt: skip
        outcomes = await asyncio.gather(*(run_until_exit(tmp_path, n, s, env) for n, (s, env, _, _) in cases.items()))
    finally:
        await discord.stop()
    for (name, (_, _, code, words)), (returncode, stderr) in zip(cases.items(), outcomes, strict=True):
        last = stderr.strip().splitlines()[-1]
        assert returncode == code, (name, returncode, stderr[-800:])
        assert last.startswith("error: ") and words in last, (name, last)
        assert "Traceback" not in stderr and GEMINI_KEY not in stderr and "revoked-0123456" not in stderr
    assert not discord.commands  # stopped before logging in to Discord: no user ever met a broken coach
