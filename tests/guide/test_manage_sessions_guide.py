"""Every python block of the user guide, run as written, in order, against the mock.

The guide is ../shared/reference/manage-sessions.md. Its blocks share one namespace, as a user
pasting them into one script would. The run happens twice: in-process through respx and over
real HTTP on loopback. Before it, the account is seeded (with plain HTTP, not through the SDK)
with 15 sessions labelled project=demo, so that the listing and paging blocks have something
to show. What each block prints is asserted.
"""

from __future__ import annotations

import contextlib
import io
import re
from pathlib import Path

import pytest

from tests.support import Backend

GUIDE = Path(__file__).resolve().parents[3] / "shared" / "reference" / "manage-sessions.md"
SEEDED = 15


def guide_blocks() -> list[str]:
    if not GUIDE.exists():
        pytest.fail(f"the user guide is missing: {GUIDE} (shared/ must sit beside the repo)")
    return re.findall(r"```python\n(.*?)```", GUIDE.read_text(encoding="utf-8"), re.S)


def run_guide(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> list[str]:
    monkeypatch.setenv("AGB_ENDPOINT", backend.url)
    monkeypatch.setenv("AGB_API_KEY", backend.api_key)
    for _ in range(SEEDED):
        backend.seed_session({"project": "demo"})
    namespace: dict[str, object] = {"__name__": "__guide__"}
    printed = []
    for block in guide_blocks():
        out = io.StringIO()
        with contextlib.redirect_stdout(out):
            exec(compile(block, str(GUIDE), "exec"), namespace)
        printed.append(out.getvalue())
    return printed


def check_guide_output(printed: list[str], backend: Backend) -> None:
    assert len(printed) == 10, "the guide has ten python blocks"
    quickstart, created, info, listed, paged, _, labels, filtered, tools, deleted = printed
    assert quickstart == ""
    session_id = re.fullmatch(r"Session created: (session-[0-9a-f]+)\n", created)
    assert session_id, created
    sid = session_id.group(1)
    assert f"Session ID: {sid}\n" in info
    assert re.search(r"Resource URL: https?://\S+\n", info), info
    # 15 seeded + the session of "Create a session"; the quickstart's one was deleted.
    assert listed.startswith(f"Total sessions: {SEEDED + 1}\nThis page: 10\n"), listed
    assert listed.count("Session ID: session-") == 10
    assert paged == f"Total: {SEEDED}\nNext token: \n", paged
    expected_labels = "Set labels: True \n{'project': 'demo', 'environment': 'production'}\n"
    assert labels == expected_labels, labels
    (labelled,) = re.findall(r"Session ID: (session-[0-9a-f]+)\n", filtered)
    assert labelled != sid, "only the session created with environment=testing matches"
    tool_lines = tools.splitlines()
    count = int(re.fullmatch(r"Available tools: (\d+)", tool_lines[0]).group(1))  # type: ignore[union-attr]
    assert count >= 2 and len(tool_lines) >= count + 1
    assert "  - run_code: " in tools and "  - shell: " in tools
    assert re.search(r"Tool call failed: .*tool_name", tools), tools
    assert deleted == "Deleted: True \n", deleted
    running = backend.running_sessions()
    assert sid not in running and labelled in running
    assert len(running) == SEEDED + 1


def test_guide_in_process(respx_backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    check_guide_output(run_guide(respx_backend, monkeypatch), respx_backend)


def test_guide_over_loopback_http(http_backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    check_guide_output(run_guide(http_backend, monkeypatch), http_backend)
