"""The MCP tools that really run: run_code (python, javascript when node exists) and shell,
executed in the session's sandbox (see sandbox.py: its processes, its files at the session's
paths, HOME as the default working directory); the file tools are in files.py. A tool answers
``(text, is_error)``; tool-level failures never become API errors.

Python cells run in the session's notebook kernel (kernel.py, started in the same sandbox) when
the kernel packages are installed, else each cell runs in a fresh process (cell_runner.py),
said once in the log."""

from __future__ import annotations

import json
import logging
import shutil
import sys
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

from mock_server import cell_runner, files, kernel, runner, session_fs
from mock_server.catalogue import EXECUTABLE_TOOLS, TOOLS_BY_KIND
from mock_server.sandbox import SandboxClosedError
from mock_server.state import Session, SessionStore

log = logging.getLogger("mock_server.tools")
MAX_TIMEOUT_S = 300.0
Answer = tuple[str, bool]
_LANGUAGES = {
    "python": "python",
    "py": "python",
    "javascript": "javascript",
    "js": "javascript",
    "node": "javascript",
    "java": "java",
    "r": "r",
}


def _timeout(args: dict[str, Any], name: str, default: float, scale: float) -> float:
    raw = args.get(name, default)
    if isinstance(raw, bool) or not isinstance(raw, (int, float)) or raw <= 0:
        raise ValueError(f"{name} must be a positive number")
    return min(raw / scale, MAX_TIMEOUT_S)


class ToolBox:
    def __init__(
        self, store: SessionStore, kinds: dict[str, str], use_kernels: bool = True
    ) -> None:
        self.store = store
        self.kinds = kinds  # image id -> image kind
        self.kernels: kernel.Kernels | None = None
        if use_kernels and kernel.available():
            self.kernels = kernel.Kernels()
            store.on_release.append(self.kernels.close)
        elif use_kernels:
            log.warning(
                "jupyter_client/ipykernel not installed: python cells run in a fresh process "
                "each (no state between runs, no rich outputs); install agb-sdk[kernel]"
            )
        self._tools: dict[str, Callable[[Session, dict[str, Any]], Answer]] = {
            "run_code": self.run_code,
            "shell": self.shell,
            **files.TOOLS,
        }

    def call(self, session: Session, name: str, args: dict[str, Any]) -> Answer:
        offered = {tool["name"] for tool in TOOLS_BY_KIND[self.kinds[session.image_id]]}
        if name not in offered:
            return f"Tool '{name}' not found", True
        if name not in EXECUTABLE_TOOLS:
            return f"Tool '{name}' is not available in this mock", True
        try:
            return self._tools[name](session, args)
        except (ValueError, SandboxClosedError) as exc:
            return str(exc), True
        except OSError as exc:  # the file system said no (permissions, disk full, ...)
            return f"Error: {exc.strerror or exc}", True

    def run_code(self, session: Session, args: dict[str, Any]) -> Answer:
        return self.run_cell(session, args, None)

    def run_cell(
        self, session: Session, args: dict[str, Any], on_event: kernel.OnEvent | None
    ) -> Answer:
        """Run a code cell; ``on_event`` (kernel cells only) sees each output as it comes."""
        code, raw_language = args.get("code"), args.get("language", "python")
        if not isinstance(code, str) or not isinstance(raw_language, str):
            raise ValueError("code and language must be strings")
        timeout = _timeout(args, "timeout_s", 60, 1)
        language = _LANGUAGES.get(raw_language.strip().lower())
        if language is None:
            return f"Unsupported language: {raw_language}", True
        if language != "python" and (language != "javascript" or not shutil.which("node")):
            return f"language {language} is not available in this mock", True
        if language == "python" and self.kernels is not None:
            ran = self.kernels.run(session.session_id, session.sandbox, code, timeout, on_event)
            return kernel.dumps(ran), False
        count = self.store.next_execution(session.session_id)
        box = session.sandbox
        stem = f"/tmp/.agb-cell-{count}-{uuid.uuid4().hex[:8]}"
        source = f"{stem}.py" if language == "python" else f"{stem}.js"
        result_file = f"{stem}.json"
        source_host = session_fs.to_host(session.scratch, source)
        result_host = session_fs.to_host(session.scratch, result_file)
        source_host.write_text(code, encoding="utf-8")
        if language == "python":
            argv = [sys.executable, "-I", "-X", "utf8", cell_runner.__file__]
            argv += [box.path(source), box.path(result_file)]
        else:
            argv = ["node", box.path(source)]
        outcome = box.run(argv, timeout=timeout)
        outcome_cell = _read_cell(result_host, outcome)
        source_host.unlink(missing_ok=True)
        result_host.unlink(missing_ok=True)
        if outcome.timed_out:
            outcome_cell["error"] = f"TimeoutError: execution exceeded {timeout:g} s"
        text = {
            "result": []
            if outcome_cell["result"] is None
            else [{"text/plain": outcome_cell["result"], "isMainResult": True}],
            "stdout": [outcome.stdout] if outcome.stdout else [],
            "stderr": [outcome.stderr] if outcome.stderr else [],
            "executionError": outcome_cell["error"],
            "execution_count": count,
            "execution_time": round(outcome.elapsed, 6),
        }
        return json.dumps(text, ensure_ascii=False), False

    def shell(self, session: Session, args: dict[str, Any]) -> Answer:
        command, envs = args.get("command"), args.get("envs") or {}
        if not isinstance(command, str) or not command:
            raise ValueError("command must be a non-empty string")
        if not isinstance(envs, dict) or not all(
            isinstance(k, str) and isinstance(v, str) for k, v in envs.items()
        ):
            raise ValueError("envs must be an object of string to string")
        timeout = _timeout(args, "timeout_ms", 50_000, 1000)
        cwd = _shell_cwd(session.scratch, args.get("cwd"))
        shell = shutil.which("bash") or "sh"
        outcome = session.sandbox.run([shell, "-c", command], cwd, envs, timeout)
        exit_code, stderr = outcome.returncode, outcome.stderr
        if outcome.timed_out:
            exit_code = 124
            stderr += f"command timed out after {timeout * 1000:g} ms\n"
        text = json.dumps(
            {
                "stdout": outcome.stdout,
                "stderr": stderr,
                "exit_code": exit_code,
                "traceId": uuid.uuid4().hex,
            },
            ensure_ascii=False,
        )
        return text, exit_code != 0


def _read_cell(result_file: Path, outcome: runner.Outcome) -> dict[str, Any]:
    try:
        cell = json.loads(result_file.read_text(encoding="utf-8"))
        if isinstance(cell, dict):
            return cell
    except (OSError, ValueError, RecursionError):  # the cell's code may have overwritten it
        pass
    failure = None if outcome.returncode == 0 else f"Error: exited with code {outcome.returncode}"
    return {"result": None, "error": failure}


def _shell_cwd(scratch: Path, cwd: object) -> str:
    """The session path of the working directory (relative = from HOME), which must exist."""
    if cwd is None or cwd == "":
        return session_fs.HOME
    if not isinstance(cwd, str):
        raise ValueError("cwd must be a string")
    path = session_fs.normalize(cwd)
    try:
        host = session_fs.to_host(scratch, path)
    except ValueError:  # outside the session's directories: the host's own (/, /usr, ...)
        host = Path(path)
    if not host.is_dir():
        raise ValueError(f"cwd {cwd} is not a directory")
    return path
