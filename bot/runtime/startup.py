"""Start-up checks and the one-sentence failures a new operator sees instead of a traceback.

Each failure has its own exit code, so scripts and supervisors can tell them apart.
"""

from __future__ import annotations

import asyncio
import errno
import os
from pathlib import Path

import aiohttp
import discord

from bot.config import Settings
from bot.providers import KeyRefused, ModelNotOffered, ProviderError, ProviderTimeout
from bot.storage import DatabaseUnreachable

EXIT_CONFIG = 2
EXIT_TOKEN = 3
# 4 was a refused Message Content intent: the bot now runs without it (bot/app.py, choose_intents).
EXIT_DISCORD_UNREACHABLE = 5
EXIT_GEMINI_UNREACHABLE = 6
EXIT_DATA_DIR = 7
EXIT_GEMINI_KEY = 8
EXIT_GEMINI_MODEL = 9
EXIT_DATABASE = 10
GOOGLE_GEMINI = "https://generativelanguage.googleapis.com"


class StartupError(Exception):
    def __init__(self, sentence: str, code: int) -> None:
        super().__init__(sentence)
        self.sentence = sentence
        self.code = code


def check_data_dir(path: Path) -> None:
    """The database and images live here: it must exist (or be creatable) and be writable."""
    probe = path / f".write-test-{os.getpid()}"
    try:
        path.mkdir(parents=True, exist_ok=True)
        probe.write_bytes(b"ok")
        probe.unlink()
    except OSError as exc:
        reason = exc.strerror or errno.errorcode.get(exc.errno or 0, str(exc))
        raise StartupError(
            f"Cannot write to the data directory {path} ({reason}): set data_dir in config.toml (or --data-dir) to a "
            "folder this user can write.",
            EXIT_DATA_DIR,
        ) from None


def explain(exc: BaseException, settings: Settings) -> StartupError | None:
    """The operator's sentence for a failure while logging in or connecting; None when it is not a known one."""
    if isinstance(exc, StartupError):
        return exc
    if isinstance(exc, ProviderError):
        return _gemini_failure(exc, settings)
    if isinstance(exc, DatabaseUnreachable):
        return StartupError(
            f"Cannot reach the database at {exc.where} ({exc.reason}): check storage.url and that PostgreSQL is "
            "running, or set storage.url to \"\" for the embedded SQLite file.",
            EXIT_DATABASE,
        )
    if isinstance(exc, discord.LoginFailure) or (isinstance(exc, discord.ConnectionClosed) and exc.code == 4004):
        return StartupError(
            "Discord refused DISCORD_TOKEN (401 Unauthorized): copy the token again from the Developer Portal → your "
            "application → Bot → Reset Token, and set DISCORD_TOKEN to it.",
            EXIT_TOKEN,
        )
    if isinstance(exc, aiohttp.ClientError | OSError | asyncio.TimeoutError | discord.GatewayNotFound):
        where = settings.discord.api_base_url or "discord.com"
        return StartupError(
            f"Cannot reach Discord at {where} ({_reason(exc)}): check the network and DNS, or discord.api_base_url "
            "if you use a proxy.",
            EXIT_DISCORD_UNREACHABLE,
        )
    return None


def _gemini_failure(exc: ProviderError, settings: Settings) -> StartupError:
    """Start-up lists the key's models (one real call): a refused key or an unoffered model stops it here, not at
    the first user's turn."""
    if isinstance(exc, ModelNotOffered):
        return StartupError(exc.sentence, EXIT_GEMINI_MODEL)
    if isinstance(exc, KeyRefused):
        return StartupError(
            "Gemini refused GEMINI_API_KEY (invalid, revoked, or without access to the Gemini API): create a key in "
            "Google AI Studio, set GEMINI_API_KEY to it, or unset it to run the offline coach.",
            EXIT_GEMINI_KEY,
        )
    url = settings.gemini.base_url or GOOGLE_GEMINI
    reason = "timed out" if isinstance(exc, ProviderTimeout) else str(exc).rpartition(": ")[2] or "no answer"
    return StartupError(
        f"Cannot reach Gemini at {url} ({reason}): check gemini.base_url (empty = Google's endpoint) and the "
        "network, or unset GEMINI_API_KEY to run the offline coach.",
        EXIT_GEMINI_UNREACHABLE,
    )


def _reason(exc: BaseException) -> str:
    if isinstance(exc, TimeoutError | asyncio.TimeoutError):
        return "timed out"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return "name not resolved"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return exc.os_error.strerror or "connection failed"
    return exc.__class__.__name__
