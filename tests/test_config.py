from pathlib import Path

import pytest

from bot.config.settings import ConfigError, load_settings

ROOT = Path(__file__).resolve().parent.parent


def write(tmp_path, text: str) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(text)
    return path


def test_example_config_loads_with_documented_defaults():
    settings = load_settings(ROOT / "config.example.toml", env={})
    assert settings.quota.limits == {"free": 1, "pro": 5, "studio": 10}
    assert settings.gemini_api_key is None


def test_secrets_come_from_the_environment():
    settings = load_settings(None, env={"DISCORD_TOKEN": "s3cr3t-token", "GEMINI_API_KEY": "g3m-key"})
    assert settings.require_discord_token() == "s3cr3t-token"
    assert settings.gemini_api_key.get_secret_value() == "g3m-key"
    assert "s3cr3t" not in repr(settings) and "g3m-key" not in repr(settings)


def test_missing_token_names_the_variable():
    with pytest.raises(ConfigError, match="DISCORD_TOKEN"):
        load_settings(None, env={}).require_discord_token()


@pytest.mark.parametrize(
    ("toml", "key"),
    [
        ("[quota.limits]\npro = 'five'\n", "quota.limits.pro"),
        ("[quota.limits]\npro = -1\n", "quota.limits"),
        ("[quota.role_tiers]\n'123' = 'gold'\n", "quota.role_tiers.123"),
        ("[discord]\napi_base_url = 'discord.example'\n", "discord.api_base_url"),
        ("[gemini]\nbase_url = 'ftp://x'\n", "gemini.base_url"),
        ("[gemini]\nmodle = 'x'\n", "gemini.modle"),
        ("[gemini]\nimage_model = 'imagen-4.0-generate-001'\n", "gemini.image_model"),
        (
            "[sessions]\nidle_warning_minutes = 40\nidle_expiry_minutes = 30\n",
            "sessions.idle_warning_minutes",
        ),
        ("discord_token = 'oops'\n", "discord_token"),
    ],
)
def test_bad_keys_fail_naming_the_key(tmp_path, toml, key):
    with pytest.raises(ConfigError, match=f"`{key}"):
        load_settings(write(tmp_path, toml), env={})


def test_invalid_toml_and_missing_file_are_reported(tmp_path):
    with pytest.raises(ConfigError, match="not valid TOML"):
        load_settings(write(tmp_path, "[quota\n"), env={})
    with pytest.raises(ConfigError, match="does not exist"):
        load_settings(tmp_path / "nope.toml", env={})
