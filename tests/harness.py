"""Starts the real bot (bot.app.start) against the loopback fakes, as the end-to-end tests need it."""

from __future__ import annotations

import asyncio
import base64
import io
import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from PIL import Image

from bot import app
from bot.config.settings import Settings
from bot.model.brief import Brief
from tests.fakes.fake_discord import FakeDiscord

# A profile-picture brief that passes the readiness rules.
READY_BRIEF = Brief(subject="a fox", style="anime", mood="sly", background="plain", text="none")
TOKEN = "fake-discord-token-0123456789"
GEMINI_KEY = "fake-gemini-key-0123456789"


def settings_for(
    tmp_path: Path, fake: FakeDiscord, gemini_url: str | None = None, **sections: dict[str, Any]
) -> Settings:
    raw: dict[str, Any] = {
        "data_dir": str(tmp_path / "data"),
        "discord": {
            "api_base_url": fake.api_base,
            "gateway_url": fake.gateway_url,
            "cdn_url": fake.cdn_base,
            "guild_ids": [fake.guild_id],
            "guild_ready_timeout": 0.05,
            "edit_interval_seconds": 0.2,
            **sections.pop("discord", {}),
        },
        "gemini": {
            "retry_attempts": 2,
            "retry_initial_delay_seconds": 0.01,
            "timeout_seconds": 10,
            **sections.pop("gemini", {}),
        },
        **sections,
    }
    if gemini_url:
        raw["gemini"]["base_url"] = gemini_url
        raw["gemini_api_key"] = GEMINI_KEY
    return Settings.model_validate(raw)


async def ready_session(sessions, open_session, **kwargs):
    """A session opened as /profile create does, with a complete brief (ready to render)."""
    session = await open_session(**kwargs)
    await sessions.save_brief(session.id, READY_BRIEF)
    return await sessions.get(session.id)


async def credits_used(db, user_id: int) -> int:
    """Credits the user has taken, all months together."""
    row = await db.fetchone("SELECT SUM(used) AS n FROM monthly_usage WHERE user_id = ?", (user_id,))
    return row["n"] or 0


async def start_bot(settings: Settings, discord: FakeDiscord) -> app.ProfileCreatorBot:
    bot = await app.start(settings, TOKEN)
    await discord.wait_for(lambda: bot.is_ready() and discord.commands, what="bot ready with commands synced")
    return bot


def decode(data: bytes) -> Image.Image:
    image = Image.open(io.BytesIO(data))
    image.load()
    return image


def messages_with_components(discord: FakeDiscord, channel_id: int) -> list[dict[str, Any]]:
    """The bot's messages with controls, the brief card aside (its Edit brief button is there from the first turn)
    and the coach's replies (each has a Reply button)."""
    return [m for m in discord.bot_messages(channel_id)
            if m.get("components") and not m.get("embeds") and not coach_replies([m])]  # fmt: skip


def coach_replies(messages: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The coach's messages: the ones whose only control is Reply."""
    return [m for m in messages if m.get("components") and all(c.startswith("pc:reply:") for c in custom_ids(m))]


def custom_ids(message: dict[str, Any]) -> list[str]:
    return [c["custom_id"] for row in message["components"] for c in row["components"]]


def component_id(message: dict[str, Any], prefix: str) -> str:
    return next(cid for cid in custom_ids(message) if cid.startswith(prefix))


def deliveries(fake_discord, thread_id):
    return [m for m in fake_discord.bot_messages(thread_id) if m["attachments"] and m["content"].startswith("🖼️")]


async def open_ready_logo(fake_discord, fake_gemini, user):
    """A logo session whose brief is complete after the description; returns (thread id, options message)."""
    fake_gemini.json_reply = lambda r: {"subject": "owl", "color_scheme": "teal", "shape": "circle"}
    await fake_discord.slash(
        user, "profile", "create", {"type": "streamer_logo", "style": "minimal", "description": "owl"}
    )
    await fake_discord.wait_for(lambda: fake_discord.threads(), what="thread")
    thread_id = int(fake_discord.threads()[-1]["id"])
    options = await fake_discord.wait_for(lambda: messages_with_components(fake_discord, thread_id), what="ready")
    return thread_id, options[-1]


async def click_and_deliver(fake_discord, user, message, prefix, thread_id):
    before = len(deliveries(fake_discord, thread_id))
    click = await fake_discord.component(user, message, component_id(message, prefix))
    await fake_discord.wait_for(lambda: len(deliveries(fake_discord, thread_id)) > before, what=f"{prefix} delivered")
    return click, deliveries(fake_discord, thread_id)[-1]


def inline_images(recorded):
    return [
        base64.urlsafe_b64decode(part["inlineData"]["data"])
        for content in recorded.body.get("contents", [])
        for part in content.get("parts", [])
        if "inlineData" in part
    ]


def write_config(path: Path, settings: Settings, extra: str = "") -> Path:
    """The TOML a separately started bot process (``python -m bot run``) reads for these settings."""
    d = settings.discord
    lines = [
        f'data_dir = "{settings.data_dir}"',
        "[discord]",
        f'api_base_url = "{d.api_base_url}"',
        f'gateway_url = "{d.gateway_url}"',
        f"guild_ids = [{d.guild_ids[0]}]",
        f"shard_count = {d.shard_count}",
        f"shard_ids = {list(d.shard_ids)}",
        "guild_ready_timeout = 0.05",
        f"edit_interval_seconds = {d.edit_interval_seconds}",
        "[gemini]",
        f'base_url = "{settings.gemini.base_url}"',
        f'chat_model = "{settings.gemini.chat_model}"',
        f'image_model = "{settings.gemini.image_model}"',
        "retry_attempts = 1",
        "timeout_seconds = 60",
        "[storage]",
        f'url = "{settings.storage.url}"',
        "[sessions]",
        *(f"{key} = {value}" for key, value in settings.sessions.model_dump().items()),
    ]
    path.write_text("\n".join(lines) + "\n" + extra)
    return path


ROOT = Path(__file__).resolve().parent.parent


async def launch_bot_process(
    config: Path, env: dict[str, str], *, capture_stderr: bool = False
) -> asyncio.subprocess.Process:
    """``python -m bot run --config CONFIG`` as its own process, as in production.

    Capture stderr only when it will be read: an unread pipe fills up and blocks the bot.
    """
    return await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", "--config", str(config),
        env={**os.environ, "PYTHONPATH": str(ROOT), **env}, cwd=ROOT,
        stdout=asyncio.subprocess.DEVNULL,
        stderr=asyncio.subprocess.PIPE if capture_stderr else asyncio.subprocess.DEVNULL,
    )  # fmt: skip


def _writable(path: Path) -> bool:
    probe = path / ".probe"
    try:
        probe.write_bytes(b"x")
    except OSError:
        return False
    probe.unlink()
    return True


def make_read_only(path: Path) -> None:
    """chmod for a normal user; root ignores modes, so there the directory is made immutable (chattr +i)."""
    path.mkdir(parents=True, exist_ok=True)
    os.chmod(path, 0o555)
    if _writable(path) and shutil.which("chattr"):
        subprocess.run(["chattr", "+i", str(path)], check=False, capture_output=True)
    if _writable(path):
        os.chmod(path, 0o755)
        pytest.skip("cannot make a directory read-only here (root without chattr)")


def make_writable(path: Path) -> None:
    if shutil.which("chattr"):
        subprocess.run(["chattr", "-i", str(path)], check=False, capture_output=True)
    os.chmod(path, 0o755)


def free_port() -> int:
    """A loopback port nothing listens on right now (for a server whose URL must be known before it starts)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def scripted_coach(fake_gemini):
    """The fake Gemini as a coach: each turn's extraction files what the latest words name."""

    def extract(recorded):
        latest = recorded.user_texts[-1].lower() if recorded.user_texts else ""
        brief = {}
        if "fox" in latest:
            brief["subject"] = "a fox knight"
        if "fierce" in latest:
            brief["mood"] = "fierce"
        if "neon" in latest:
            brief["background"] = "neon city"
        return brief

    fake_gemini.json_reply = extract
    fake_gemini.stream_reply = lambda r: ["Great choice! ", "What mood ", "and background?"]


def photo() -> bytes:
    out = io.BytesIO()
    Image.new("RGB", (320, 240), (30, 160, 220)).save(out, "PNG")
    return out.getvalue()
