"""The official SDK's ``agb.logger`` names, on the standard ``logging`` module.

Every logger here is a stdlib ``logging.Logger`` under ``agb``; importing this module installs
no handler and writes no file. ``AGBLogger.setup()`` installs a console handler (and a file
handler when given ``log_file``) on the ``agb`` logger only when called; calling it again
replaces them. The ``log_*`` helpers keep the official SDK's names and levels.

Example:
    >>> from agb.logger import AGBLogger, get_logger, mask_sensitive_data
    >>> AGBLogger.setup(level="DEBUG", enable_file=False)  # optional: show the SDK's logs
    >>> get_logger("my_app").info("starting")
    >>> mask_sensitive_data({"api_key": "akm-0123456789"})
    {'api_key': 'ak****89'}
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Any, ClassVar

ROOT = "agb"
_FORMAT = "%(asctime)s | AGB | %(levelname)-8s | %(name)s:%(funcName)s:%(lineno)d | %(message)s"
_SENSITIVE_FIELDS = (
    "api_key", "apikey", "api-key", "password", "passwd", "pwd", "token", "access_token",
    "auth_token", "secret", "private_key", "authorization",
)  # fmt: skip
_RESET = "\033[0m"


def get_logger(name: str | None = ROOT) -> logging.Logger:
    """The stdlib logger ``name``, placed under ``agb`` so one level and handler set covers it.

    Example:
        >>> get_logger("tests").name
        'agb.tests'
    """
    if not name or name == ROOT or name.startswith(ROOT + "."):
        return logging.getLogger(name or ROOT)
    return logging.getLogger(f"{ROOT}.{name}")


class AGBLogger:
    """Configure the ``agb`` logger; nothing is configured until ``setup()`` is called."""

    _handlers: ClassVar[list[logging.Handler]] = []
    _log_level: ClassVar[str] = "INFO"
    _log_file: ClassVar[Path | None] = None

    @classmethod
    def setup(
        cls,
        level: str = "INFO",
        log_file: str | Path | None = None,
        enable_console: bool = True,
        enable_file: bool = True,
        rotation: str | None = None,
        retention: str = "30 days",
        max_file_size: str | None = None,
        colorize: bool | None = None,
        force_reinit: bool = True,
    ) -> None:
        """Send the SDK's records at ``level`` and above to stderr and/or ``log_file``.

        Unlike the official SDK, no log file is written unless ``log_file`` is given;
        ``rotation``, ``retention``, ``max_file_size`` and ``colorize`` are accepted and
        ignored (use ``logging.handlers`` for rotation).
        """
        if cls._handlers and not force_reinit:
            return
        root = logging.getLogger(ROOT)
        for handler in cls._handlers:
            root.removeHandler(handler)
            handler.close()
        cls._handlers = []
        cls._log_level = level.upper()
        root.setLevel(cls._log_level)
        if enable_console:
            cls._handlers.append(logging.StreamHandler(sys.stderr))
        if enable_file and log_file is not None:
            cls._log_file = Path(log_file)
            cls._log_file.parent.mkdir(parents=True, exist_ok=True)
            cls._handlers.append(logging.FileHandler(cls._log_file, encoding="utf-8"))
        for handler in cls._handlers:
            handler.setFormatter(logging.Formatter(_FORMAT))
            root.addHandler(handler)

    @classmethod
    def get_logger(cls, name: str | None = None) -> logging.Logger:
        """Same as the module's ``get_logger``."""
        return get_logger(name)

    @classmethod
    def set_level(cls, level: str) -> None:
        """Change the ``agb`` logger's level at run time."""
        cls._log_level = level.upper()
        logging.getLogger(ROOT).setLevel(cls._log_level)


log = get_logger(ROOT)


def mask_sensitive_data(data: Any, fields: list[str] | None = None) -> Any:
    """A copy of ``data`` with the values of secret-looking keys masked (``ab****yz``).

    A key is secret when its lower-cased name contains one of the built-in names (api_key,
    password, token, secret, authorization, ...) or of ``fields``.
    """
    names = _SENSITIVE_FIELDS + tuple(f.lower() for f in fields or ())
    if isinstance(data, dict):
        return {
            key: _mask(value)
            if any(n in str(key).lower() for n in names)
            else mask_sensitive_data(value, fields)
            for key, value in data.items()
        }
    if isinstance(data, list):
        return [mask_sensitive_data(item, fields) for item in data]
    return data


def _mask(value: Any) -> str:
    return f"{value[:2]}****{value[-2:]}" if isinstance(value, str) and len(value) > 4 else "****"


def log_api_call(api_name: str, request_data: str = "") -> None:
    """Log an API call at DEBUG."""
    log.debug("API Call: %s%s", api_name, f" {request_data}" if request_data else "")


def log_api_response(response_data: str, success: bool = True) -> None:
    """Log an API response: DEBUG when it succeeded, ERROR when it failed."""
    log.log(logging.DEBUG if success else logging.ERROR, "API Response: %s", response_data)


def log_api_response_with_details(
    api_name: str,
    request_id: str = "",
    success: bool = True,
    key_fields: dict[str, Any] | None = None,
    full_response: str = "",
) -> None:
    """Log an API response with its request id and key fields (INFO, or ERROR on failure)."""
    fields = "".join(f", {k}={v}" for k, v in (key_fields or {}).items())
    level = logging.INFO if success else logging.ERROR
    log.log(level, "API Response: %s, RequestId=%s%s", api_name, request_id, fields)
    if full_response:
        log.debug("Full Response: %s", full_response)


def log_code_execution_output(request_id: str, raw_output: str) -> None:
    """Log the text items of a tool answer (a JSON ``{"content": [...]}``) at INFO."""
    import json

    try:
        content = json.loads(raw_output).get("content", [])
        texts = [
            i.get("text", "") for i in content if isinstance(i, dict) and i.get("type") == "text"
        ]
    except (ValueError, AttributeError, TypeError):
        return
    if texts:
        log.info("Code Execution Output (RequestID: %s):\n%s", request_id, "".join(texts))


def log_operation_start(operation: str, details: str = "") -> None:
    """Log the start of an operation at INFO."""
    log.info("Starting: %s%s", operation, f" ({details})" if details else "")


def log_operation_success(operation: str, result: str = "") -> None:
    """Log the end of an operation at INFO."""
    log.info("Completed: %s%s", operation, f" ({result})" if result else "")


def log_operation_error(operation: str, error: str, exc_info: bool = False) -> None:
    """Log a failed operation at ERROR, with the traceback when ``exc_info``."""
    log.error("Failed: %s: %s", operation, error, exc_info=exc_info)


def log_warning(message: str, details: str = "") -> None:
    """Log a warning."""
    log.warning("%s%s", message, f" ({details})" if details else "")


def log_info_with_color(message: str, color: str = "\033[31m") -> None:
    """Log ``message`` at INFO wrapped in an ANSI ``color``."""
    log.info("%s%s%s", color, message, _RESET)


__all__ = [
    "AGBLogger",
    "get_logger",
    "log",
    "log_api_call",
    "log_api_response",
    "log_api_response_with_details",
    "log_code_execution_output",
    "log_info_with_color",
    "log_operation_error",
    "log_operation_start",
    "log_operation_success",
    "log_warning",
    "mask_sensitive_data",
]
