"""pytest plugin loaded with ``-p peer_guard`` into the official tests' runs: a per-test
timeout (SIGALRM, $PEER_TEST_TIMEOUT seconds) so that one hung test fails alone instead of
stalling its file. The unit's own code and assertions are untouched."""

from __future__ import annotations

import os
import signal
from collections.abc import Iterator
from typing import Any

import pytest

_LIMIT = int(os.environ.get("PEER_TEST_TIMEOUT", "0") or 0)


class PeerTestTimeoutError(Exception):
    """Raised inside a test that ran longer than $PEER_TEST_TIMEOUT seconds."""


def _expire(signum: int, frame: Any) -> None:
    raise PeerTestTimeoutError(f"peer-check: the test ran longer than {_LIMIT} s")


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_protocol(item: pytest.Item, nextitem: Any) -> Iterator[None]:
    if _LIMIT > 0 and hasattr(signal, "SIGALRM"):
        previous = signal.signal(signal.SIGALRM, _expire)
        signal.alarm(_LIMIT)
        try:
            yield
        finally:
            signal.alarm(0)
            signal.signal(signal.SIGALRM, previous)
    else:
        yield
