"""The mock's python cells run in a per-session Jupyter kernel: state, execution_count, rich
outputs shaped as the service shapes them, lifecycle (lazy start, release, idle, stop) and
recovery from a kernel that dies mid-cell; the process-per-cell fallback without the packages."""

from __future__ import annotations

import logging
import os
import queue
import time
from typing import Any

import httpx
import pytest

from mock_server import MockService, kernel
from mock_server.tools import ToolBox
from tests.mock.helpers import create, ok, run_code

pytestmark = pytest.mark.skipif(not kernel.available(), reason="needs agb-sdk[kernel]")


def kernels(service: MockService) -> kernel.Kernels:
    assert service.operations.tools.kernels is not None
    return service.operations.tools.kernels


def gone(pid: int, within: float = 10.0) -> bool:
    until = time.monotonic() + within
    while time.monotonic() < until:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def test_state_persists_and_execution_count_increments(client: httpx.Client) -> None:
    sid = create(client)
    first = run_code(client, sid, "x = 20\nx")
    second = run_code(client, sid, "x * 2 + 2")
    assert (first["execution_count"], second["execution_count"]) == (1, 2)
    assert second["result"] == [{"text/plain": "42", "isMainResult": True}]


def test_rich_outputs_are_mime_maps(client: httpx.Client) -> None:
    code = """
from IPython.display import display, HTML, Markdown, SVG, Latex
class Chart:
    def _repr_mimebundle_(self, include=None, exclude=None):
        return {"application/vnd.vegalite.v5+json": {"mark": "bar"}, "text/plain": "Chart"}
display(HTML("<h1>Heading</h1>"))
display(Markdown("# Title"))
display(SVG('<svg xmlns="http://www.w3.org/2000/svg"><circle r="1"/></svg>'))
display(Latex(r"$x^2$"))
display(Chart())
"done"
"""
    out = run_code(client, create(client), code)
    results = out["result"]
    assert [item["isMainResult"] for item in results] == [False] * 5 + [True]
    assert results[0]["text/html"] == "<h1>Heading</h1>"
    assert results[1]["text/markdown"] == "# Title"
    assert "<circle" in results[2]["image/svg+xml"]
    assert results[3]["text/latex"] == "$x^2$"
    assert results[4]["application/vnd.vegalite.v5+json"] == {"mark": "bar"}
    assert results[5] == {"text/plain": "'done'", "isMainResult": True}
    assert out["executionError"] is None


def test_sessions_that_never_run_code_cost_no_kernel(
    service: MockService, client: httpx.Client
) -> None:
    create(client)
    run_code(client, create(client), "shell_free = 1", language="python")
    assert kernels(service).count() == 1


@pytest.mark.parametrize(
    "death",
    [
        "import os; os._exit(3)",
        "import ctypes; ctypes.string_at(0)",  # segfault
        "import os, signal; os.kill(os.getpid(), signal.SIGKILL)",  # what the OOM killer does
    ],
)
def test_a_kernel_that_dies_mid_cell_fails_the_cell_and_is_replaced(
    service: MockService, client: httpx.Client, death: str
) -> None:
    sid = create(client)
    run_code(client, sid, "kept = 1")
    started = time.monotonic()
    out = run_code(client, sid, f"print('before', flush=True)\n{death}")
    assert time.monotonic() - started < 30  # a failed result, not a hung call
    assert out["executionError"].startswith("KernelDied")
    assert kernels(service).count() == 0
    again = run_code(client, sid, "print('fresh')\n'kept' in globals()")
    assert again["stdout"] == ["fresh\n"] and again["executionError"] is None, again
    assert again["result"][0]["text/plain"] == "False"


def test_output_stamped_with_another_parent_still_belongs_to_the_cell(
    client: httpx.Client,
) -> None:
    # ipykernel can stamp a cell's output with an earlier request's parent; one cell runs at a
    # time, so whatever comes while it runs is its output (and only its own idle ends it).
    code = (
        "import sys\n"
        "mine = sys.stdout.parent_header\n"
        "sys.stdout.set_parent({'header': {'msg_id': 'elsewhere'}})\n"
        "print('stray', flush=True)\n"
        "sys.stdout.parent_header = mine\n"
        "print('mine')"
    )
    out = run_code(client, create(client), code)
    assert out["stdout"] == ["stray\n", "mine\n"] and out["executionError"] is None, out


def test_a_lost_idle_status_ends_the_cell_soon_after_its_reply(
    service: MockService, client: httpx.Client, monkeypatch: pytest.MonkeyPatch
) -> None:
    sid = create(client)
    run_code(client, sid, "1")
    running = kernels(service)._kernels[sid]
    receive = running.client.get_iopub_msg

    def lose_idle(*args: Any, **kwargs: Any) -> dict[str, Any]:
        message: dict[str, Any] = receive(*args, **kwargs)
        if message["content"].get("execution_state") == "idle":
            raise queue.Empty
        return message

    monkeypatch.setattr(running.client, "get_iopub_msg", lose_idle)
    started = time.monotonic()
    out = run_code(client, sid, "print('done')\n6 * 7", timeout_s=60)
    assert time.monotonic() - started < 15, "the cell waited for its timeout"
    assert out["stdout"] == ["done\n"] and out["result"][0]["text/plain"] == "42", out


def test_timeout_interrupts_the_cell_and_keeps_the_kernel(client: httpx.Client) -> None:
    sid = create(client)
    run_code(client, sid, "kept = 7")
    out = run_code(client, sid, "import time\ntime.sleep(60)", timeout_s=1)
    assert out["executionError"] == "TimeoutError: execution exceeded 1 s"
    assert run_code(client, sid, "kept")["result"][0]["text/plain"] == "7"


def test_release_and_stop_shut_kernels_down(service: MockService, client: httpx.Client) -> None:
    released, kept = create(client), create(client)
    run_code(client, released, "1")
    run_code(client, kept, "1")
    pids = kernels(service).pid(released), kernels(service).pid(kept)
    assert None not in pids
    ok(client.post("/mcp/releaseSession", json={"sessionId": released}))
    assert gone(pids[0]) and kernels(service).pid(released) is None
    service.close()
    assert gone(pids[1]) and kernels(service).count() == 0


def test_idle_kernels_are_shut_down(service: MockService, client: httpx.Client) -> None:
    kernels(service).idle_timeout = 0.3
    sid = create(client)
    run_code(client, sid, "1")
    pid = kernels(service).pid(sid)
    assert pid is not None and gone(pid, within=15)
    assert kernels(service).count() == 0
    assert run_code(client, sid, "2")["result"][0]["text/plain"] == "2"  # started afresh


def test_without_the_packages_cells_run_one_process_each(
    service: MockService, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr(kernel, "available", lambda: False)
    with caplog.at_level(logging.WARNING, logger="mock_server.tools"):
        toolbox = ToolBox(service.store, service.images)
    assert toolbox.kernels is None
    assert [r.message for r in caplog.records if "fresh process" in r.message]
    session = service.store.create("agb-code-space-1", {})
    text, is_error = toolbox.run_code(session, {"code": "y = 5\ny", "language": "python"})
    assert not is_error and '"text/plain": "5"' in text
    text, _ = toolbox.run_code(session, {"code": "y", "language": "python"})
    assert "NameError" in text  # no state between runs without a kernel


def test_at_the_kernel_cap_the_least_recently_used_idle_kernel_goes(
    service: MockService, client: httpx.Client
) -> None:
    kernels(service).max_kernels = 2
    first, second, third = create(client), create(client), create(client)
    run_code(client, first, "a = 1")
    run_code(client, second, "b = 2")
    run_code(client, first, "a")  # first is now the most recently used
    run_code(client, third, "c = 3")
    assert kernels(service).count() == 2
    assert kernels(service).pid(second) is None and kernels(service).pid(first) is not None
    assert run_code(client, first, "a")["result"][0]["text/plain"] == "1"
