"""The README's "Files and persistence" examples run as written against the in-process mock."""

from __future__ import annotations

import contextlib
import io
import re

import pytest

from tests.support import ROOT, Backend


def file_blocks() -> list[str]:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("## Files and persistence", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```python\n(.*?)```", section, re.S)


def test_files_example_runs(respx_backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("AGB_ENDPOINT", respx_backend.url)
    monkeypatch.setenv("AGB_API_KEY", respx_backend.api_key)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(file_blocks()[0], "README.md", "exec"), {"__name__": "__readme__"})
    assert out.getvalue().splitlines() == [
        "['region,total', 'north,12', 'south,7']",
        "30",
        "[{'name': 'q1.csv', 'isDirectory': False}] ['/tmp/reports/q1.csv']",
        "b'region'",
        "3",
        "False Path does not exist or is a directory: /tmp/reports",
    ]
    assert not respx_backend.running_sessions(), "the example deletes its session"
