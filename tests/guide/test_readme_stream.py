"""The README's streamed-output example runs as written against the mock over loopback (a
WebSocket cannot go through respx)."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from mock_server import MockService, kernel
from mock_server.http_server import MockHTTPServer
from tests.support import ROOT

pytestmark = pytest.mark.skipif(not kernel.available(), reason="needs agb-sdk[kernel]")


def stream_block() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Streamed output", 1)[1].split("\n### ", 1)[0]
    (block,) = re.findall(r"```python\n(.*?)```", section, re.S)
    return block


def test_streamed_output_example_runs(monkeypatch: pytest.MonkeyPatch) -> None:
    with MockService(["akm-readme"]) as service, MockHTTPServer(service) as server:
        monkeypatch.setenv("AGB_ENDPOINT", server.url)
        monkeypatch.setenv("AGB_API_KEY", "akm-readme")
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(stream_block(), "README.md", "exec"), {"__name__": "__readme__"})
        assert service.store.everything() == [], "the example deletes what it creates"
    assert out.getvalue().splitlines() == [
        "got step 0",
        "got step 1",
        "got step 2",
        "True ['step 0\\n', 'step 1\\n', 'step 2\\n']",
        "stdout a",
        "stderr ZeroDivisionError: division by zero",
        "done: False ZeroDivisionError",
    ]
