"""Settings: a TOML file for behaviour, the environment for secrets.

Every validation problem is reported as ``ConfigError`` naming the dotted key, so a
typo in ``config.toml`` fails at start-up instead of surfacing mid-session.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Literal

from pydantic import Field, SecretStr, ValidationError, field_validator

from bot.config.base import TIERS, ConfigError, Tier, _Section
from bot.config.gemini import GeminiSettings
from bot.config.quota import QuotaSettings, SpendLimits

# Quota and tier types live in their own modules; importing them from here keeps working.
__all__ = ["TIERS", "ConfigError", "QuotaSettings", "Settings", "SpendLimits", "Tier", "load_settings"]
from bot.model import DEFAULT_PACK, PackItem


class DiscordSettings(_Section):
    # REST proxies (nirn-proxy) or the test fake; empty means discord.com.
    api_base_url: str = ""
    # Only needed for a gateway proxy or the loopback fake used in tests.
    gateway_url: str = ""
    # Where avatars and attachments are fetched from; empty = Discord's CDN (the loopback fake in tests).
    cdn_url: str = ""
    # Guilds get their commands synced instantly; empty syncs globally (can take an hour).
    guild_ids: list[int] = Field(default_factory=list)
    private_threads: bool = True
    # Discord allows about 5 message edits per 5 s per channel; stay under it.
    edit_interval_seconds: float = Field(default=1.2, ge=0.2, le=10)
    # Sharding for several processes: shard_count total shards, this process runs shard_ids (empty = all).
    # Both empty/0 = one process, no sharding (Discord requires sharding from 2,500 servers).
    shard_count: int = Field(default=0, ge=0, le=10_000)
    shard_ids: list[int] = Field(default_factory=list)
    # Smaller than in production so tests can watch on_ready quickly.
    guild_ready_timeout: float = Field(default=2.0, ge=0, le=60)
    # REST connections open at once (0: no limit, discord.py's own default). Bounded, a burst of commands reuses
    # them instead of opening one per acknowledgement: ack p99 0.52-0.70x under a burst of 200 (issue 45).
    http_connections: int = Field(default=32, ge=0, le=1000)

    @field_validator("api_base_url", "gateway_url", "cdn_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://", "ws://", "wss://")):
            raise ValueError("must be an http(s):// or ws(s):// URL, or empty")
        return value.rstrip("/")


class SessionSettings(_Section):
    idle_warning_minutes: float = Field(default=20, gt=0)
    idle_expiry_minutes: float = Field(default=30, gt=0)
    sweep_interval_seconds: float = Field(default=60, gt=0)
    # Generations allowed at once across the bot; more wait in a queue.
    max_concurrent_generations: int = Field(default=4, ge=1, le=64)
    # An expired session can be resumed (transcript, brief and renders restored) for this many days.
    resume_days: float = Field(default=7, ge=0, le=90)
    # A create that has not opened its thread after this long died half-way: its session is cancelled, refunded.
    opening_timeout_seconds: float = Field(default=300, gt=0)


class GenerationSettings(_Section):
    # Before delivery the chat model looks at the render (text exactly as briefed; a background that can be cut
    # out); a hard failure gets up to max_auto_fixes corrective edits that cost the user nothing.
    self_check: bool = True
    max_auto_fixes: int = Field(default=1, ge=0, le=3)
    self_check_timeout_seconds: float = Field(default=20, gt=0, le=120)


class PackFile(_Section):
    file: str
    size: int = Field(ge=16, le=2048)
    use: str
    transparent: bool = True

    @field_validator("file")
    @classmethod
    def _png_name(cls, value: str) -> str:
        if not value.endswith(".png") or "/" in value or value in ("favicon.ico", "README.txt"):
            raise ValueError("must be a plain file name ending in .png")
        return value


class ExportSettings(_Section):
    # The platform pack's files; empty = the built-in table (Discord, Twitch emotes and badges, YouTube, X).
    pack: list[PackFile] = Field(default_factory=list)

    def pack_items(self) -> tuple[PackItem, ...]:
        if not self.pack:
            return DEFAULT_PACK
        return tuple(PackItem(p.file, p.size, p.use, p.transparent) for p in self.pack)


class CoachSettings(_Section):
    # Reference images kept per session (upload, avatar, thread attachments); the oldest drops out beyond this.
    max_references: int = Field(default=3, ge=1, le=10)
    # Transcript messages sent to the model each turn; older ones are already folded into the brief.
    max_turns: int = Field(default=24, ge=2, le=200)


class StorageSettings(_Section):
    # Empty: the embedded SQLite file in data_dir. "postgresql://user:pass@host/db": PostgreSQL, shared by every
    # bot process (shards); data_dir must then be a path shared by all processes too (gallery files).
    url: str = ""

    @field_validator("url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("postgresql://", "postgres://")):
            raise ValueError("must be empty (SQLite in data_dir) or a postgresql:// URL")
        return value


class MetricsSettings(_Section):
    # Prometheus endpoint (http://address:port/metrics); 0 = off.
    port: int = Field(default=0, ge=0, le=65535)
    address: str = "127.0.0.1"


class WebSettings(_Section):
    # Run the studio beside the bot in one process (`profile-creator run`); `profile-creator studio` runs it alone.
    enabled: bool = False
    host: str = "127.0.0.1"
    port: int = Field(default=8765, ge=0, le=65535)
    # Hosted mode: "Log in with Discord" (OAuth2); needs discord_client_id, public_url and DISCORD_CLIENT_SECRET.
    login: bool = False
    discord_client_id: str = ""
    public_url: str = ""  # where users reach the studio, e.g. https://studio.example.com (the OAuth redirect)
    # Where the browser is sent to authorise; empty = Discord's own page (the loopback fake in tests).
    oauth_authorize_url: str = ""
    # Local mode has one user, with no login: their quota ledger and gallery are this id's (set it to your Discord
    # user id to share them with the bot).
    local_user_id: int = Field(default=1, ge=1)
    # Discord user ids who see the operator's figures (model spend) in the studio's access answer; in local mode the
    # one local user is the operator.
    operator_ids: list[int] = Field(default_factory=list)
    # Slow or abusive clients: a request's headers must arrive within header_timeout_seconds (also the keep-alive
    # idle limit), its body within body_timeout_seconds; connections past max_connections are answered 503.
    header_timeout_seconds: float = Field(default=10, gt=0, le=300)
    body_timeout_seconds: float = Field(default=30, gt=0, le=600)
    max_connections: int = Field(default=1000, ge=1)

    def is_operator(self, user_id: int | None) -> bool:
        if user_id is None:
            return False
        return user_id in self.operator_ids or (not self.login and user_id == self.local_user_id)

    @field_validator("public_url", "oauth_authorize_url")
    @classmethod
    def _url(cls, value: str) -> str:
        if value and not value.startswith(("http://", "https://")):
            raise ValueError("must be an http(s):// URL, or empty")
        return value.rstrip("/")


LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class Settings(_Section):
    data_dir: Path = Path("data")
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "INFO"
    discord: DiscordSettings = Field(default_factory=DiscordSettings)
    gemini: GeminiSettings = Field(default_factory=GeminiSettings)
    quota: QuotaSettings = Field(default_factory=QuotaSettings)
    sessions: SessionSettings = Field(default_factory=SessionSettings)
    metrics: MetricsSettings = Field(default_factory=MetricsSettings)
    storage: StorageSettings = Field(default_factory=StorageSettings)
    coach: CoachSettings = Field(default_factory=CoachSettings)
    generation: GenerationSettings = Field(default_factory=GenerationSettings)
    export: ExportSettings = Field(default_factory=ExportSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    # Secrets: only ever from the environment, never from the TOML file.
    discord_token: SecretStr | None = None
    gemini_api_key: SecretStr | None = None
    discord_client_secret: SecretStr | None = None

    @property
    def database_path(self) -> Path:
        return self.data_dir / "profile-creator.sqlite3"

    @property
    def images_dir(self) -> Path:
        return self.data_dir / "images"

    @property
    def references_dir(self) -> Path:
        return self.data_dir / "references"

    def require_discord_token(self) -> str:
        if self.discord_token is None or not self.discord_token.get_secret_value().strip():
            raise ConfigError("DISCORD_TOKEN: environment variable is not set")
        return self.discord_token.get_secret_value().strip()


_SECRET_KEYS = {"discord_token", "gemini_api_key", "discord_client_secret"}


def _describe(error: ValidationError) -> str:
    lines = []
    for item in error.errors():
        key = ".".join(str(part) for part in item["loc"]) or "(root)"
        lines.append(f"config key `{key}`: {item['msg']}")
    return "; ".join(lines)


def load_settings(path: Path | str | None = None, env: Mapping[str, str] | None = None) -> Settings:
    """Read ``path`` (optional TOML) and secrets from ``env`` (defaults to os.environ)."""
    env = os.environ if env is None else env
    raw: dict[str, object] = {}
    if path is not None:
        path = Path(path)
        if not path.is_file():
            raise ConfigError(f"config file {path} does not exist")
        try:
            raw = tomllib.loads(path.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"config file {path} is not valid TOML: {exc}") from exc
    leaked = _SECRET_KEYS & raw.keys()
    if leaked:
        key = sorted(leaked)[0]
        raise ConfigError(f"config key `{key}`: secrets belong in the environment ({key.upper()}), not the file")
    for key in _SECRET_KEYS:
        value = env.get(key.upper(), "").strip()
        if value:
            raw[key] = value
    try:
        settings = Settings.model_validate(raw)
    except ValidationError as exc:
        raise ConfigError(_describe(exc)) from None
    return load_settings_from(settings)


def load_settings_from(settings: Settings) -> Settings:
    """The checks across keys, for settings read from a file or changed by command-line flags."""
    web = settings.web
    if not web.login and web.host not in LOOPBACK:
        raise ConfigError(
            f"config key `web.host`: {web.host} is beyond loopback; the studio binds there only with web.login = true "
            "(Log in with Discord), so strangers never share the local user's quota and gallery"
        )
    if web.login and not (web.discord_client_id and web.public_url and settings.discord_client_secret):
        raise ConfigError(
            "config key `web.login`: needs web.discord_client_id, web.public_url and DISCORD_CLIENT_SECRET in the "
            "environment (Developer Portal → your application → OAuth2)"
        )
    if settings.sessions.idle_warning_minutes >= settings.sessions.idle_expiry_minutes:
        raise ConfigError("config key `sessions.idle_warning_minutes`: must be less than sessions.idle_expiry_minutes")
    return settings
