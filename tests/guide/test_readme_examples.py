"""The README's usage examples run as written against the in-process mock."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from tests.support import ROOT, Backend


def usage_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    usage = readme.split("## Use", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", usage, re.S)


@pytest.mark.parametrize("index", range(2), ids=["sync", "async"])
def test_usage_example_runs(
    index: int, respx_backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("AGB_ENDPOINT", respx_backend.url)
    monkeypatch.setenv("AGB_API_KEY", respx_backend.api_key)
    for _ in range(2):
        respx_backend.seed_session({"project": "demo"})
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(usage_blocks()[index], "README.md", "exec"), {"__name__": "__readme__"})
    printed = out.getvalue()
    if index == 0:
        assert printed.startswith("['Hello from AGB\\n'] True\n0 ")
    else:
        assert printed.startswith("['42\\n']\nsession-") and printed.count("session-") == 2
    assert len(respx_backend.running_sessions()) == 2, "the examples delete what they create"
