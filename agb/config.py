"""Client configuration: where the settings come from and how they are resolved.

Each setting is taken from the first place that has it: the explicit argument (``AGB(api_key=...)``
or a ``Config`` field), then the environment (``AGB_API_KEY``, ``AGB_ENDPOINT``,
``AGB_TIMEOUT_MS``, ``AGB_MAX_RETRIES``, ``AGB_MAX_RESPONSE_BYTES``), then a ``.env`` file in the
working directory, then the defaults. The ``.env`` file is read, never loaded into ``os.environ``.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from ._record import Record

DEFAULT_ENDPOINT = "sdk-api.agb.cloud"
DEFAULT_TIMEOUT_MS = 60_000
DEFAULT_MAX_RETRIES = 3
# Far above the largest legitimate answer (a file chunk base64-encoded inside its envelope is
# well under 1 MiB), small enough that a hostile or broken server cannot exhaust memory.
DEFAULT_MAX_RESPONSE_BYTES = 16 * 1024 * 1024
# Where a BrowserContext mounts the browser profile and the fingerprint (official names).
BROWSER_DATA_PATH = "/tmp/agb_browser_data"
BROWSER_FINGERPRINT_PERSIST_PATH = "/tmp/agb_browser_fingerprint"


class Config(Record):
    """Settings of an ``AGB`` client; a field left ``None`` falls back to the environment.

    Example:
        >>> from agb import AGB, Config
        >>> cfg = Config(endpoint="http://127.0.0.1:8080", timeout_ms=500)
        >>> agb = AGB(api_key="akm-x", cfg=cfg)

    ``max_response_bytes`` caps the size of one answer (default 16 MiB): a larger one fails the
    call at once instead of being read into memory.
    """

    __slots__ = ("endpoint", "timeout_ms", "max_retries", "max_response_bytes")

    def __init__(
        self,
        endpoint: str | None = None,
        timeout_ms: float | None = None,
        max_retries: int | None = None,
        max_response_bytes: int | None = None,
    ) -> None:
        self.endpoint = endpoint
        self.timeout_ms = timeout_ms
        self.max_retries = max_retries
        self.max_response_bytes = max_response_bytes


class Settings(Record):
    """The resolved configuration one client runs with."""

    __slots__ = ("api_key", "base_url", "timeout_s", "max_retries", "max_response_bytes")

    def __init__(
        self, api_key: str, base_url: str, timeout_s: float, max_retries: int,
        max_response_bytes: int = DEFAULT_MAX_RESPONSE_BYTES,
    ) -> None:  # fmt: skip
        self.api_key = api_key
        self.base_url = base_url
        self.timeout_s = timeout_s
        self.max_retries = max_retries
        self.max_response_bytes = max_response_bytes

    def __repr__(self) -> str:
        return (
            f"Settings(api_key={mask_secret(self.api_key)!r}, base_url={self.base_url!r}, "
            f"timeout_s={self.timeout_s!r}, max_retries={self.max_retries!r}, "
            f"max_response_bytes={self.max_response_bytes!r})"
        )


def mask_secret(secret: str) -> str:
    """Show a secret's shape and last four characters only: ``akm-****1234``."""
    if len(secret) < 12:
        return "****"
    prefix, dash, _ = secret.partition("-")
    head = prefix + dash if dash and len(prefix) <= 4 else ""
    return f"{head}****{secret[-4:]}"


def read_dotenv(path: Path) -> dict[str, str]:
    """Parse a ``.env`` file: ``KEY=value`` lines, optional ``export``, quotes and comments."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return {}
    values: dict[str, str] = {}
    for raw in text.splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "'\"":
            value = value[1:-1]
        else:
            value = value.split(" #", 1)[0].rstrip()
        values[key.strip()] = value
    return values


def normalize_endpoint(endpoint: str) -> str:
    """Turn a host name into a base URL; an ``http://`` or ``https://`` URL is kept as given."""
    endpoint = endpoint.strip().rstrip("/")
    if not endpoint:
        raise ValueError("endpoint is empty: pass a host name such as 'sdk-api.agb.cloud' or a URL")
    return endpoint if endpoint.startswith(("http://", "https://")) else f"https://{endpoint}"


def resolve(api_key: str | None, cfg: Config | None) -> Settings:
    """Resolve every setting by precedence; raise ``ValueError`` when no API key is found."""
    if api_key is not None and not isinstance(api_key, str):
        raise TypeError(f"api_key must be a str, not {type(api_key).__name__}")
    if cfg is not None and not isinstance(cfg, Config):
        raise TypeError(f"cfg must be an agb.Config, not {type(cfg).__name__}")
    cfg = cfg or Config()
    lookup = _environment()
    key = api_key or lookup("AGB_API_KEY")
    if not key:
        raise ValueError(
            "No API key: pass AGB(api_key=...), or set AGB_API_KEY in the environment or in .env"
        )
    endpoint = cfg.endpoint or lookup("AGB_ENDPOINT") or DEFAULT_ENDPOINT
    timeout_ms = _number("timeout_ms", cfg.timeout_ms, lookup("AGB_TIMEOUT_MS"), DEFAULT_TIMEOUT_MS)
    retries = _number(
        "max_retries", cfg.max_retries, lookup("AGB_MAX_RETRIES"), DEFAULT_MAX_RETRIES
    )
    if timeout_ms <= 0:
        raise ValueError(f"timeout_ms must be > 0, got {timeout_ms}")
    if retries < 0 or retries != int(retries):
        raise ValueError(f"max_retries must be a whole number >= 0, got {retries}")
    cap = _number(
        "max_response_bytes", cfg.max_response_bytes, lookup("AGB_MAX_RESPONSE_BYTES"),
        DEFAULT_MAX_RESPONSE_BYTES,
    )  # fmt: skip
    if cap < 1 or cap != int(cap):
        raise ValueError(f"max_response_bytes must be a whole number >= 1, got {cap}")
    return Settings(
        key.strip(), normalize_endpoint(endpoint), timeout_ms / 1000, int(retries), int(cap)
    )


def default_config() -> Config:
    """The built-in defaults, ignoring the environment (the official SDK's function)."""
    return Config(DEFAULT_ENDPOINT, DEFAULT_TIMEOUT_MS, DEFAULT_MAX_RETRIES)


def load_config(cfg: Config | None = None) -> Config:
    """``cfg`` itself when given, else the settings of the environment, ``.env`` and defaults.

    Example:
        >>> load_config().endpoint
        'sdk-api.agb.cloud'
    """
    if cfg is not None:
        return cfg
    lookup = _environment()
    return Config(
        lookup("AGB_ENDPOINT") or DEFAULT_ENDPOINT,
        _number("timeout_ms", None, lookup("AGB_TIMEOUT_MS"), DEFAULT_TIMEOUT_MS),
        int(_number("max_retries", None, lookup("AGB_MAX_RETRIES"), DEFAULT_MAX_RETRIES)),
    )


def _environment() -> Callable[[str], str | None]:
    """A lookup in the environment, then in ``.env`` (read on first need)."""
    dotenv: dict[str, str] | None = None

    def lookup(name: str) -> str | None:
        nonlocal dotenv
        if name in os.environ:
            return os.environ[name]
        if dotenv is None:
            dotenv = read_dotenv(Path.cwd() / ".env")
        return dotenv.get(name)

    return lookup


def _number(name: str, explicit: float | None, env: str | None, default: float) -> float:
    if explicit is not None:
        if isinstance(explicit, bool) or not isinstance(explicit, (int, float)):
            raise TypeError(f"{name} must be a number, not {type(explicit).__name__}")
        return explicit
    if env is None or not env.strip():
        return default
    try:
        return float(env)
    except ValueError:
        raise ValueError(f"{name} from the environment is not a number: {env!r}") from None
