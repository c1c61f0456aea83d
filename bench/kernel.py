"""Figure 6: the mock's notebook kernel and streamed output.

- a warm ``code.run("print(1)")`` against a ``session.info()`` round trip on the same mock
  (medians, interleaved; target: within 5x);
- how long after the cell prints a chunk it reaches ``on_stdout`` (the cell prints its own
  ``time.time()``; same host clock), against a bare ``websockets`` client reading the same frames
  from the same mock (the floor; target: the SDK within 50 ms);
- memory: per idle kernel (RSS of the kernel processes) and per code-less session (the mock's
  own RSS growth over 200 sessions), in a mock of its own.
"""

from __future__ import annotations

import json
import os
import statistics
import time
import uuid
from pathlib import Path

from agb import AGB, Config, CreateSessionParams
from bench.common import IMAGE, KEY, Line, median_ms, timed
from mock_server.process import MockProcess

WARM_CALLS = 40
STREAMS = 15
PRINT_NOW = "import time\nprint(repr(time.time()), flush=True)\ntime.sleep(0.05)\nprint('x')"


def run(url: str) -> list[Line]:
    with AGB(api_key=KEY, cfg=Config(endpoint=url, timeout_ms=120_000)) as agb:
        session = agb.create(CreateSessionParams(image_id=IMAGE)).session
        try:
            return [warm_run(session), first_chunk(session), *memory()]
        finally:
            agb.delete(session)


def warm_run(session: object) -> Line:
    code, info = session.code, session.info  # type: ignore[attr-defined]
    assert code.run("print(1)", "python").success  # starts the kernel
    runs, infos = [], []
    for _ in range(WARM_CALLS):
        runs.append(timed(lambda: code.run("print(1)", "python")))
        infos.append(timed(info))
    a, f = median_ms(runs), median_ms(infos)
    text = (
        f"warm code.run('print(1)') vs session.info() on the same mock "
        f"({a:.2f} ms vs {f:.2f} ms, medians of {WARM_CALLS}; target: within 5x)"
    )
    return Line(a / f, text)


def _sdk_latency(session: object) -> float:
    seen: list[float] = []

    def on_stdout(chunk: str) -> None:
        if not seen:
            seen.append(time.time() - float(chunk.split()[0]))

    result = session.code.run(PRINT_NOW, "python", stream_beta=True, on_stdout=on_stdout)  # type: ignore[attr-defined]
    assert result.success and seen, result.error_message
    return seen[0]


def _bare_latency(session: object) -> float:
    from websockets.sync.client import connect

    headers = {"X-Access-Token": session.token}  # type: ignore[attr-defined]
    with connect(session.ws_url, additional_headers=headers, compression=None) as ws:  # type: ignore[attr-defined]
        invocation = uuid.uuid4().hex
        params = {"language": "python", "timeoutS": 60, "code": PRINT_NOW}
        data = {"method": "run_code", "mode": "stream", "params": params}
        ws.send(json.dumps({"invocationId": invocation, "source": "SDK",
                            "target": "wuying_codespace", "data": data}))  # fmt: skip
        first = None
        while True:
            frame = json.loads(ws.recv())["data"]
            if first is None and frame.get("eventType") == "stdout":
                first = time.time() - float(frame["chunk"].split()[0])
            if frame.get("phase") in ("end", "error"):
                assert first is not None, frame
                return first


def first_chunk(session: object) -> Line:
    sdk, bare = [], []
    for _ in range(STREAMS):  # alternated, so drift hits both alike
        sdk.append(_sdk_latency(session))
        bare.append(_bare_latency(session))
    a, f = median_ms(sdk), median_ms(bare)
    text = (
        f"first streamed stdout chunk, print -> on_stdout: SDK {a:.1f} ms (max "
        f"{max(sdk) * 1000:.1f}) vs a bare websockets client {f:.1f} ms (medians of {STREAMS}; "
        f"target: SDK within 50 ms)"
    )
    return Line(a / f, text)


def _rss_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


def _kernel_pids() -> set[int]:
    pids = set()
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                cmdline = Path(f"/proc/{entry}/cmdline").read_bytes()
            except OSError:
                continue
            if b"ipykernel_launcher" in cmdline and b"nsenter" not in cmdline:
                pids.add(int(entry))
    return pids


def memory(kernels: int = 5, sessions: int = 200) -> list[Line]:
    """Per idle kernel and per code-less session, in a mock of its own."""
    mock = MockProcess("--api-key", KEY)
    try:
        with AGB(api_key=KEY, cfg=Config(endpoint=mock.url, timeout_ms=120_000)) as agb:
            before = _kernel_pids()
            with_code = [agb.create(CreateSessionParams(image_id=IMAGE)).session
                         for _ in range(kernels)]  # fmt: skip
            for session in with_code:
                assert session.code.run("1", "python").success
            pids = _kernel_pids() - before
            per_kernel = statistics.mean(_rss_kib(pid) for pid in pids) if pids else 0.0
            base = _rss_kib(mock.process.pid)
            plain = [agb.create(CreateSessionParams(image_id=IMAGE)).session
                     for _ in range(sessions)]  # fmt: skip
            per_session = (_rss_kib(mock.process.pid) - base) / sessions
            for session in with_code + plain:
                agb.delete(session)
    finally:
        mock.stop()
    kernel_text = (
        f"memory per idle kernel: {per_kernel / 1024:.1f} MiB RSS (mean of {len(pids)}), "
        f"vs a code-less session's {per_session:.1f} KiB in the mock; ratio = kernel / session"
    )
    return [Line(per_kernel / max(per_session, 1e-9), kernel_text)]
