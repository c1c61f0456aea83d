"""Schemathesis runs every check of openapi.yaml against the live mock (``python -m mock_server``).

Bounded by schemathesis.toml (examples per operation) and by a wall-clock timeout here. A
failure prints schemathesis' own report, with a curl line to reproduce each finding.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from tests.support import API_KEY, ROOT, Backend


def test_mock_conforms_to_the_spec(http_backend: Backend) -> None:
    st = shutil.which("st", path=str(Path(sys.executable).parent)) or "st"
    command = [
        st, "run", str(ROOT / "openapi.yaml"), "--url", http_backend.url,
        "--checks", "all", "--seed", "20261125", "--no-color",
    ]  # fmt: skip
    env = {**os.environ, "AGB_CONTRACT_KEY": API_KEY}
    run = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=240, check=False
    )
    assert run.returncode == 0, run.stdout[-20000:] + run.stderr[-5000:]
    assert "No issues found" in run.stdout or " passed" in run.stdout, run.stdout[-3000:]
