"""Configuration precedence: explicit argument, environment, .env file, defaults."""

from __future__ import annotations

from pathlib import Path

import pytest

from agb import AGB, Config
from agb.config import mask_secret, read_dotenv, resolve

KEY = "akm-explicit-000011112222"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    for name in ("AGB_API_KEY", "AGB_ENDPOINT", "AGB_TIMEOUT_MS", "AGB_MAX_RETRIES"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_defaults() -> None:
    settings = resolve(KEY, None)
    assert settings.base_url == "https://sdk-api.agb.cloud"
    assert settings.timeout_s == 60.0
    assert settings.max_retries == 3


def test_explicit_beats_environment_beats_dotenv(
    monkeypatch: pytest.MonkeyPatch, clean_env: Path
) -> None:
    (clean_env / ".env").write_text(
        "AGB_API_KEY=akm-from-dotenv-000000000\nAGB_ENDPOINT=dotenv.example\nAGB_TIMEOUT_MS=7000\n"
    )
    assert resolve(None, None).api_key == "akm-from-dotenv-000000000"
    assert resolve(None, None).base_url == "https://dotenv.example"
    monkeypatch.setenv("AGB_API_KEY", "akm-from-environ-00000000")
    monkeypatch.setenv("AGB_ENDPOINT", "http://127.0.0.1:9")
    settings = resolve(None, None)
    assert settings.api_key == "akm-from-environ-00000000"
    assert settings.base_url == "http://127.0.0.1:9"
    assert settings.timeout_s == 7.0  # only .env sets it
    settings = resolve(KEY, Config(endpoint="explicit.example", timeout_ms=1234))
    assert (settings.api_key, settings.base_url, settings.timeout_s) == (
        KEY,
        "https://explicit.example",
        1.234,
    )


def test_dotenv_is_read_not_loaded_into_environ(clean_env: Path) -> None:
    import os

    (clean_env / ".env").write_text("AGB_API_KEY=akm-from-dotenv-000000000\n")
    resolve(None, None)
    assert "AGB_API_KEY" not in os.environ


def test_sub_second_timeout_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGB_TIMEOUT_MS", "500")
    assert resolve(KEY, None).timeout_s == 0.5
    assert resolve(KEY, Config(timeout_ms=250)).timeout_s == 0.25


def test_missing_key_says_what_to_do() -> None:
    with pytest.raises(ValueError, match="AGB_API_KEY"):
        AGB()


@pytest.mark.parametrize(
    ("cfg", "error"),
    [
        (Config(timeout_ms=0), ValueError),
        (Config(timeout_ms="60"), TypeError),  # type: ignore[arg-type]
        (Config(max_retries=-1), ValueError),
        (Config(endpoint="   "), ValueError),
    ],
)
def test_bad_config_raises(cfg: Config, error: type[Exception]) -> None:
    with pytest.raises(error):
        resolve(KEY, cfg)


def test_dotenv_syntax(tmp_path: Path) -> None:
    path = tmp_path / "x.env"
    path.write_text(
        "# comment\nexport A=1\nB='two words'\nC=\"3\"\nD=4 # trailing\n\nnot a line\nE=\n"
    )
    assert read_dotenv(path) == {"A": "1", "B": "two words", "C": "3", "D": "4", "E": ""}
    assert read_dotenv(tmp_path / "missing.env") == {}


def test_mask_secret() -> None:
    assert mask_secret("akm-0123456789abcd") == "akm-****abcd"
    assert mask_secret("plainsecretvalue1234") == "****1234"
    assert mask_secret("short") == "****"
