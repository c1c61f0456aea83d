"""The README's "Files and persistence" examples for contexts and transfer run as written against
the in-process mock."""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from tests.support import ROOT, Backend


def block(heading: str) -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    part = readme.split(f"### {heading}\n", 1)[1].split("\n## ", 1)[0].split("\n### ", 1)[0]
    found = re.findall(r"```python\n(.*?)```", part, re.S)
    assert len(found) == 1, heading
    return str(found[0])


def run(source: str, backend: Backend, monkeypatch: pytest.MonkeyPatch, cwd: Path) -> str:
    monkeypatch.setenv("AGB_ENDPOINT", backend.url)
    monkeypatch.setenv("AGB_API_KEY", backend.api_key)
    monkeypatch.chdir(cwd)
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(source, "README.md", "exec"), {"__name__": "__readme__"})
    return out.getvalue()


def test_contexts_example(
    respx_backend: Backend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    printed = run(
        block("Contexts: data that outlives a session"), respx_backend, monkeypatch, tmp_path
    )
    assert printed == "True\nkept across sessions\n['/home/user/data/notes.txt']\n"
    assert respx_backend.running_sessions() == set()


def test_transfer_example(
    respx_backend: Backend, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    source = block("Moving files between this machine and a session")
    printed = run(source, respx_backend, monkeypatch, tmp_path)
    size = len("city,temp\nOslo,4\n")
    assert printed == f"True {size}\nTrue {size}\n"
    assert (tmp_path / "copies" / "report.csv").read_text() == "city,temp\nOslo,4\n"
    assert respx_backend.running_sessions() == set()
