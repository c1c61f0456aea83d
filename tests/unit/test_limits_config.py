"""The ``max_response_bytes`` setting: default, precedence, validation; and the sync pool's
deadline-bounded network backend being installed (it is set on httpx internals, so a httpx
upgrade that moves them must fail here rather than silently drop the hard deadline)."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest

import agb._deadline_io
from agb import AGB, Config
from agb.config import DEFAULT_MAX_RESPONSE_BYTES, resolve

KEY = "akm-explicit-000011112222"


@pytest.fixture(autouse=True)
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.delenv("AGB_MAX_RESPONSE_BYTES", raising=False)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_default_cap_is_16_mib() -> None:
    assert DEFAULT_MAX_RESPONSE_BYTES == 16 * 1024 * 1024
    assert resolve(KEY, None).max_response_bytes == DEFAULT_MAX_RESPONSE_BYTES


def test_cap_from_argument_environment_and_dotenv(
    monkeypatch: pytest.MonkeyPatch, clean_env: Path
) -> None:
    (clean_env / ".env").write_text("AGB_MAX_RESPONSE_BYTES=3000\n")
    assert resolve(KEY, None).max_response_bytes == 3000
    monkeypatch.setenv("AGB_MAX_RESPONSE_BYTES", "2000")
    assert resolve(KEY, None).max_response_bytes == 2000
    assert resolve(KEY, Config(max_response_bytes=1000)).max_response_bytes == 1000
    assert "max_response_bytes=1000" in repr(resolve(KEY, Config(max_response_bytes=1000)))


@pytest.mark.parametrize("bad", [0, -1, 1.5])
def test_cap_must_be_a_positive_whole_number(bad: float) -> None:
    with pytest.raises(ValueError, match="max_response_bytes"):
        resolve(KEY, Config(max_response_bytes=bad))  # type: ignore[arg-type]


def test_cap_from_environment_must_be_a_number(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGB_MAX_RESPONSE_BYTES", "lots")
    with pytest.raises(ValueError, match="max_response_bytes from the environment"):
        resolve(KEY, None)


def test_the_sync_clients_own_pool_bounds_every_socket_operation_by_the_deadline() -> None:
    with AGB(api_key=KEY) as sdk:
        pool = sdk._transport.http._transport._pool  # type: ignore[attr-defined]
        assert isinstance(pool._network_backend, agb._deadline_io.DeadlineBackend)
    with httpx.Client() as own, AGB(api_key=KEY, http_client=own):
        assert not isinstance(own._transport._pool._network_backend,  # type: ignore[attr-defined]
                              agb._deadline_io.DeadlineBackend)  # fmt: skip
