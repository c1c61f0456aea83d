"""A session's sandbox, with real processes: a command returns when its own process exits,
daemons (``setsid``, double fork) live until the sandbox closes and not a moment longer, and
(with namespaces) each session sees its own /tmp and /home. Both containment modes run where
the machine allows them."""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from mock_server import sandbox, session_fs
from mock_server.sandbox import NAMESPACE, SWEEP, Sandbox, SandboxClosedError

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="needs /proc")

MODES = [
    pytest.param(NAMESPACE, marks=pytest.mark.skipif(sandbox.mode() != NAMESPACE, reason="no ns")),
    SWEEP,
]

# The parent waits a little so that the kill of the command's process group, when it ends,
# comes after the daemon left that group.
DAEMONS = """
import os, time
if os.fork() == 0:
    os.setsid()
    if os.fork() == 0:
        os.execvp("sleep", ["sleep", "{seconds}"])
    os._exit(0)
time.sleep(0.3)
"""


def gone(token: str, within: float = 5.0) -> bool:
    """True once no process carries the sandbox's marker (polling: killing is asynchronous)."""
    deadline = time.monotonic() + within
    while sandbox.members(token):
        if time.monotonic() > deadline:
            return False
        time.sleep(0.05)
    return True


@pytest.fixture(params=MODES)
def box(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Sandbox]:
    opened = Sandbox("session-test", tmp_path / "scratch", containment=request.param)
    yield opened
    opened.close()


def test_detached_child_holding_stdout_does_not_hold_the_answer(box: Sandbox) -> None:
    threads = threading.active_count()
    started = time.monotonic()
    out = box.run(["bash", "-c", "setsid sleep 300 & echo x"], timeout=30)
    assert time.monotonic() - started < 3
    assert (out.stdout, out.returncode, out.timed_out) == ("x\n", 0, False)
    assert threading.active_count() == threads  # no reader threads, none left behind
    assert box.close() is None and gone(box.token)


def test_daemons_outlive_the_command_and_die_with_the_sandbox(box: Sandbox) -> None:
    box.run(["bash", "-c", "(setsid sleep 301 &); sleep 0.3"], timeout=10)
    code = DAEMONS.format(seconds=302)
    out = box.run([sys.executable, "-c", code], timeout=10)  # holds stdout too
    assert out.returncode == 0 and not out.timed_out
    time.sleep(0.2)
    assert len(sandbox.members(box.token)) >= 2  # both daemons are alive between commands
    box.close()
    assert gone(box.token)
    with pytest.raises(SandboxClosedError):
        box.run(["true"])


def test_timeout_kills_the_command_and_its_children(box: Sandbox) -> None:
    started = time.monotonic()
    out = box.run(["bash", "-c", "sleep 303 & echo go; while :; do :; done"], timeout=1)
    assert out.timed_out and out.stdout == "go\n"
    assert time.monotonic() - started < 1 + 3
    assert gone(box.token)  # nothing was detached, so nothing is left


def test_output_cap_and_marker(box: Sandbox) -> None:
    out = box.run(["bash", "-c", "head -c 5000 /dev/zero | tr '\\0' a"], timeout=10, cap=1000)
    assert out.stdout.startswith("a" * 1000) and "[output truncated: 4000 more bytes]" in out.stdout
    env = box.run(["env"], timeout=10).stdout.splitlines()
    assert f"{sandbox.MARKER}={box.token}" in env
    assert f"HOME={box.path(session_fs.HOME)}" in env
    assert not any(line.startswith("AGB_API_KEY") for line in env)


def test_sweep_kills_marked_processes_that_left_the_tree(tmp_path: Path) -> None:
    box = Sandbox("session-sweep", tmp_path, containment=SWEEP)
    box.run(["bash", "-c", "(setsid sleep 304 &); sleep 0.3"], timeout=10)
    time.sleep(0.2)
    (daemon,) = sandbox.members(box.token)
    assert Path(f"/proc/{daemon}/stat").read_text().rpartition(")")[2].split()[1] != str(
        os.getpid()
    )  # re-parented away from us: only the marker finds it
    box.close()
    assert gone(box.token)


@pytest.mark.skipif(sandbox.mode() != NAMESPACE, reason="needs PID and mount namespaces")
def test_each_session_sees_only_its_own_files(tmp_path: Path) -> None:
    first = Sandbox("session-a", tmp_path / "a", containment=NAMESPACE)
    second = Sandbox("session-b", tmp_path / "b", containment=NAMESPACE)
    try:
        out = first.run(["bash", "-c", "pwd; echo one > /tmp/f; echo two > notes"], timeout=10)
        assert out.stdout == "/home/user\n", out
        host = session_fs.to_host(tmp_path / "a", "/tmp/f")
        assert host.read_text() == "one\n"
        assert session_fs.to_host(tmp_path / "a", "/home/user/notes").read_text() == "two\n"
        # (the mock's own install may be put back read-only under /tmp: a clone there shows)
        assert "f" not in second.run(["ls", "-A", "/tmp"], timeout=10).stdout.split()
        assert not Path("/tmp/f").exists() or Path("/tmp/f").read_text() != "one\n"
        ps = first.run(["bash", "-c", "echo $$"], timeout=10).stdout.strip()
        assert int(ps) < 100  # a fresh PID namespace numbers from 1
    finally:
        first.close()
        second.close()


@pytest.mark.skipif(sandbox.mode() != NAMESPACE, reason="needs PID and mount namespaces")
def test_namespace_dies_with_the_process_that_holds_it(tmp_path: Path) -> None:
    """The init watches a pipe only the owner holds: a SIGKILLed mock leaves nothing running."""
    import subprocess

    script = f"""
import sys, time
from pathlib import Path
from mock_server.sandbox import Sandbox
box = Sandbox("session-k", Path({str(tmp_path)!r}), containment="namespace")
box.run(["bash", "-c", "(setsid sleep 305 &); sleep 0.3"], timeout=10)
print(box.token, flush=True)
time.sleep(600)
"""
    owner = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE, text=True)
    assert owner.stdout is not None
    token = owner.stdout.readline().strip()
    owner.stdout.close()
    assert sandbox.members(token)
    owner.kill()
    owner.wait()
    assert gone(token)


@pytest.mark.skipif(sandbox.mode() != NAMESPACE, reason="needs PID and mount namespaces")
def test_host_dependencies_under_a_session_directory_stay_visible_read_only(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An interpreter or package installed under /tmp or /home must not vanish behind the
    session's own /tmp or /home (a clone under /home/runner, a venv in /tmp)."""
    dependency = tmp_path / "venv"
    dependency.mkdir()
    (dependency / "tool.sh").write_text("echo from the host\n")
    monkeypatch.setattr(sandbox, "_host_dependencies", lambda: [str(dependency)])
    box = Sandbox("session-dep", tmp_path / "scratch", containment=NAMESPACE)
    try:
        out = box.run(
            ["bash", "-c", f"bash {dependency}/tool.sh; touch {dependency}/x"], timeout=10
        )
        assert out.stdout == "from the host\n" and "Read-only" in out.stderr, out
        assert box.run(["ls", "/tmp"], timeout=10).stdout.split() == [dependency.parts[2]]
    finally:
        box.close()
    assert not (dependency / "x").exists()


@pytest.mark.skipif(sandbox.mode() != NAMESPACE, reason="needs PID and mount namespaces")
def test_a_namespace_that_cannot_start_falls_back_to_the_sweep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sandbox, "_INIT", "raise SystemExit('no mounts here')")
    box = Sandbox("session-fallback", tmp_path, containment=NAMESPACE)
    try:
        out = box.run(["bash", "-c", "(setsid sleep 306 &); sleep 0.3; pwd"], timeout=10)
        assert box.mode == SWEEP and out.stdout == f"{box.path(session_fs.HOME)}\n"
    finally:
        box.close()
    assert gone(box.token)
