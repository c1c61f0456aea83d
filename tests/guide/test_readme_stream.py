"""The README's streamed-output example runs as written against the mock over loopback (a
WebSocket cannot go through respx)."""

from __future__ import annotations

import ast
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
    # The kernel may hand a printed line over in more than one chunk ("step 1", then "\n"), so
    # compare what the chunks add up to, not how they were cut.
    streamed, _, after = out.getvalue().partition("\nTrue ")
    assert streamed.replace("got ", "") + "\n" == "step 0\nstep 1\nstep 2\n"
    chunks, _, tail = after.partition("\n")
    assert "".join(ast.literal_eval(chunks)) == "step 0\nstep 1\nstep 2\n"
    assert tail.splitlines() == [
        "stdout a",
        "stderr ZeroDivisionError: division by zero",
        "done: False ZeroDivisionError",
    ]
