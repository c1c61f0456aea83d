"""The file system of a session: ``session.file`` (``FileSystem``, ``AsyncFileSystem``).

Every operation is one plan over the file MCP tools (``create_directory``, ``edit_file``,
``get_file_info``, ``list_directory``, ``move_file``, ``delete_file``, ``read_file``,
``write_file``, ``read_multiple_files``, ``search_files``, ``get_file_change``), run by the sync or
the async transport. Like the official SDK, the methods never raise for what the service or the
input was: a bad argument (empty path, unknown mode, non-str content) gives ``success=False``
with a message and sends nothing.

Reading and writing are chunked:

- ``read`` asks ``get_file_info`` for the size, then fetches ``READ_CHUNK_SIZE`` byte ranges
  with ``read_file`` in a ``Batch``: several ranges in flight at once, at most
  ``READ_CONCURRENCY``. Bytes (``format="bytes"``) come as base64 (``format: "binary"``). Text
  ranges come as text and are joined when the result is exactly the file: no U+FFFD and
  ``size`` bytes in UTF-8 (a service that moves ranges to character boundaries gives that).
  Otherwise (a service that put U+FFFD for a character cut at a range's edge, a file that is
  not all UTF-8 or that changed) the file is fetched again as bytes and decoded whole.
- ``write`` sends ``WRITE_CHUNK_SIZE`` characters per ``write_file``, the first with the
  caller's mode and the rest with ``append``, one after another (order matters). A chunk that
  fails ends the call with ``success=False`` saying how much was written; it is never resent,
  so an ``append`` never writes the same data twice.

``upload``, ``download`` and ``transfer_path`` come from ``agb.file_transfer``'s ``_TransferOps``,
which ``_FileOps`` derives from (it owns ``__init__`` and the ``_session_id``/``_transport``
slots).

Example:
    >>> session.file.write("/tmp/hello.txt", "Hello, AGB").success
    True
    >>> session.file.read("/tmp/hello.txt").content
    'Hello, AGB'
    >>> session.file.read("/tmp/hello.txt", format="bytes").content
    b'Hello, AGB'
"""

from __future__ import annotations

import base64
import binascii
import contextlib
import json
import logging
import threading
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any, TypeVar

from ._plan import Batch, Call, Plan, Steps, answered, operation
from ._translate import WrongTypeError, checked, tool_answer
from .file_results import (
    BinaryFileContentResult,
    DirectoryListResult,
    FileChangeEvent,
    FileChangeResult,
    FileContentResult,
    FileInfoResult,
    FileSearchResult,
    MultipleFileContentResult,
)
from .file_transfer import _TransferOps
from .mcp import run_tool, tool_call
from .results import BoolResult

if TYPE_CHECKING:
    from collections.abc import Coroutine

    from .transport import AsyncTransport, SyncTransport

logger = logging.getLogger("agb")
T = TypeVar("T")

#: The official SDK's chunk: 50 K characters per ``write_file``, 50 KB per ``read_file``.
DEFAULT_CHUNK_SIZE = 50 * 1024
#: Characters per ``write_file`` call of ``write``: fewer, larger calls than the official SDK's.
WRITE_CHUNK_SIZE = 256 * 1024
#: Bytes per ``read_file`` call of ``read``.
READ_CHUNK_SIZE = 1024 * 1024
#: ``read_file`` calls of one ``read`` in flight at once.
READ_CONCURRENCY = 4
WRITE_MODES = ("overwrite", "append")
_CHANGES = "get_file_change"  # names the change list in a WrongTypeError


def _bad_path(*values: object) -> str:
    """What is wrong with the path arguments, or ``""``."""
    for value in values:
        if not isinstance(value, str):
            return f"path must be a str, not {type(value).__name__}"
        if not value.strip():
            return "path must not be empty"
    return ""


class _FileOps(_TransferOps):
    __slots__ = ()
    DEFAULT_CHUNK_SIZE = DEFAULT_CHUNK_SIZE

    def _call(self, tool: str, args: dict[str, Any], idempotent: bool = False) -> Call:
        call = tool_call(self._session_id, tool, args)
        call.idempotent = idempotent
        return call

    def _simple(
        self, name: str, tool: str, args: dict[str, Any], problem: str, failure: str,
        result_type: type[T], parse: Callable[[str, str], T], fallback: str,
        idempotent: bool = False,
    ) -> Plan[T]:  # fmt: skip
        """One tool call whose text ``parse(request_id, text)`` turns into the result.

        ``problem`` (from the argument checks) short-cuts to ``"<failure>: <problem>"``;
        a tool error answers its text, or ``fallback`` when it has none.
        """
        if problem:
            return Plan(
                name, result_type, answered(_failed(result_type, "", f"{failure}: {problem}"))
            )
        steps = _tool_steps(self._call(tool, args, idempotent), result_type, parse, fallback)
        return Plan(name, result_type, steps)

    @operation
    def mkdir(self, path: str) -> Plan[BoolResult]:
        """Create the directory ``path`` (and its missing parents).

        Example:
            >>> session.file.mkdir("/tmp/reports").success
            True
        """
        return self._simple(
            "FileSystem.mkdir", "create_directory", {"path": path}, _bad_path(path),
            "Failed to create directory", BoolResult, _true, "Unknown error",
        )  # fmt: skip

    @operation
    def edit(
        self, path: str, edits: list[dict[str, str]], dry_run: bool = False
    ) -> Plan[BoolResult]:
        """Replace ``oldText`` by ``newText`` in the file, for each ``{"oldText", "newText"}``
        of ``edits``; ``dry_run=True`` only checks that the edits apply.

        Example:
            >>> session.file.edit("/tmp/a.txt", [{"oldText": "cat", "newText": "dog"}]).success
            True
        """
        problem = _bad_path(path) or _bad_edits(edits)
        args = {"path": path, "edits": edits, "dryRun": bool(dry_run)}
        return self._simple(
            "FileSystem.edit", "edit_file", args, problem, "Failed to edit file", BoolResult,
            _true, "Unknown error",
        )  # fmt: skip

    @operation
    def info(self, path: str) -> Plan[FileInfoResult]:
        """What the sandbox knows of ``path``: ``size``, ``isDirectory``, ``modified``, ...

        Example:
            >>> session.file.info("/tmp/a.txt").file_info["isDirectory"]
            False
        """
        return self._simple(
            "FileSystem.info", "get_file_info", {"path": path}, _bad_path(path),
            "Failed to get file info", FileInfoResult, _info_result, "Failed to get file info",
            idempotent=True,
        )  # fmt: skip

    @operation
    def list(self, path: str) -> Plan[DirectoryListResult]:
        """The entries of a directory, each ``{"name": str, "isDirectory": bool}``.

        Example:
            >>> [e["name"] for e in session.file.list("/tmp/reports").entries]
            ['2024.csv', 'old']
        """
        return self._simple(
            "FileSystem.list", "list_directory", {"path": path}, _bad_path(path),
            "Failed to list directory", DirectoryListResult, _list_result,
            "Failed to list directory", idempotent=True,
        )  # fmt: skip

    @operation
    def move(self, source: str, destination: str) -> Plan[BoolResult]:
        """Move (rename) a file or directory.

        Example:
            >>> session.file.move("/tmp/a.txt", "/tmp/b.txt").success
            True
        """
        return self._simple(
            "FileSystem.move", "move_file", {"source": source, "destination": destination},
            _bad_path(source, destination), "Failed to move file", BoolResult, _true,
            "Failed to move file",
        )  # fmt: skip

    @operation
    def remove(self, path: str) -> Plan[BoolResult]:
        """Delete the file ``path``.

        Example:
            >>> session.file.remove("/tmp/b.txt").success
            True
        """
        return self._simple(
            "FileSystem.remove", "delete_file", {"path": path}, _bad_path(path),
            "Failed to delete file", BoolResult, _true, "Failed to delete file",
        )  # fmt: skip

    @operation
    def read_batch(self, paths: Sequence[str]) -> Plan[MultipleFileContentResult]:
        """Read several small text files in one call; ``contents`` maps path to text (stripped).

        Example:
            >>> session.file.read_batch(["/tmp/a.txt", "/tmp/b.txt"]).contents
            {'/tmp/a.txt': 'one', '/tmp/b.txt': 'two'}
        """
        if isinstance(paths, (list, tuple)):
            problem = _bad_path(*paths) if paths else "paths must not be empty"
        else:
            problem = f"paths must be a list of str, not {type(paths).__name__}"
        return self._simple(
            "FileSystem.read_batch", "read_multiple_files", {"paths": list(paths or ())},
            problem, "Failed to read multiple files", MultipleFileContentResult, _batch_result,
            "Failed to read multiple files", idempotent=True,
        )  # fmt: skip

    @operation
    def search(
        self, path: str, pattern: str, exclude_patterns: Sequence[str] | None = None
    ) -> Plan[FileSearchResult]:
        """Full paths under the directory ``path`` whose name matches the glob ``pattern``,
        leaving out those matching any of ``exclude_patterns``.

        Example:
            >>> session.file.search("/tmp", "*.txt").matches
            ['/tmp/a.txt', '/tmp/sub/c.txt']
        """
        args: dict[str, Any] = {"path": path, "pattern": pattern}
        if exclude_patterns:
            args["excludePatterns"] = list(exclude_patterns)
        problem = _bad_path(path) or (
            "" if isinstance(pattern, str) and pattern else "pattern must be a non-empty str"
        )
        return self._simple(
            "FileSystem.search", "search_files", args, problem, "Failed to search files",
            FileSearchResult, _search_result, "Failed to search files", idempotent=True,
        )  # fmt: skip

    @operation
    def _get_file_change(self, path: str) -> Plan[FileChangeResult]:
        """The changes under ``path`` since the previous look (the first look sees none)."""
        return self._simple(
            "FileSystem._get_file_change", "get_file_change", {"path": path}, _bad_path(path),
            "Failed to get file change", FileChangeResult, _change_result,
            "Failed to get file change",
        )  # fmt: skip

    @operation
    def read(self, path: str, *, format: str = "text") -> Plan[Any]:
        """Read a whole file: a ``FileContentResult`` with the text (UTF-8) by default, a
        ``BinaryFileContentResult`` with the bytes for ``format="bytes"``.

        Large files are fetched in byte ranges, several at a time. A directory, a missing
        file or a range that fails gives ``success=False``, never part of the file.

        Example:
            >>> session.file.read("/tmp/hello.txt").content
            'Hello, AGB'
            >>> session.file.read("/tmp/logo.png", format="bytes").size
            5120
        """
        result_type: type[Any] = BinaryFileContentResult if format == "bytes" else FileContentResult
        problem = _bad_path(path)
        if not problem and format not in ("text", "bytes"):
            problem = f"Invalid format: {format!r}. Must be 'text' or 'bytes'."
        if problem:
            return Plan("FileSystem.read", result_type, answered(_failed(result_type, "", problem)))

        def chunk(offset: int, length: int, binary: bool) -> Call:
            args: dict[str, Any] = {"path": path, "offset": offset, "length": length}
            if binary:
                args["format"] = "binary"
            return self._call("read_file", args, idempotent=True)

        info = self._call("get_file_info", {"path": path}, idempotent=True)
        return Plan("FileSystem.read", result_type, _read_steps(info, chunk, path, result_type))

    @operation
    def write(self, path: str, content: str, mode: str = "overwrite") -> Plan[BoolResult]:
        """Write the text ``content`` to ``path``; ``mode`` is ``"overwrite"`` or ``"append"``.

        Content longer than ``WRITE_CHUNK_SIZE`` characters goes in several calls; if one
        fails the result says how many characters were written and nothing is sent twice.

        Example:
            >>> session.file.write("/tmp/log.txt", "line 1\\n").success
            True
            >>> session.file.write("/tmp/log.txt", "line 2\\n", mode="append").success
            True
        """
        problem = _bad_path(path)
        if not problem and not isinstance(content, str):
            problem = (
                f"content must be a str, not {type(content).__name__} "
                "(write text; read binary files with format='bytes')"
            )
        if problem:
            return Plan("FileSystem.write", BoolResult, answered(_failed(
                BoolResult, "", f"Failed to write file: {problem}")))  # fmt: skip
        if mode not in WRITE_MODES:
            message = f"Invalid write mode: {mode}. Must be 'overwrite' or 'append'."
            return Plan("FileSystem.write", BoolResult, answered(_failed(BoolResult, "", message)))

        def piece(text: str, piece_mode: str) -> Call:
            return self._call("write_file", {"path": path, "content": text, "mode": piece_mode})

        return Plan("FileSystem.write", BoolResult, _write_steps(piece, content, mode))


def _failed(result_type: type[T], request_id: str, message: str) -> T:
    return result_type(request_id, success=False, error_message=message)  # type: ignore[call-arg]


def _bad_edits(edits: object) -> str:
    if not isinstance(edits, list) or not all(
        isinstance(e, dict) and isinstance(e.get("oldText"), str) and
        isinstance(e.get("newText"), str) for e in edits
    ):  # fmt: skip
        return "edits must be a list of {'oldText': str, 'newText': str}"
    return ""


def _tool_steps(
    call: Call, result_type: type[T], parse: Callable[[str, str], T], fallback: str
) -> Steps[T]:
    reply, ok, answer = yield from run_tool(call)
    if not reply.ok:
        return _failed(result_type, reply.request_id, reply.error)
    if not ok:
        return _failed(result_type, reply.request_id, answer or fallback)
    return parse(reply.request_id, answer)


def _true(request_id: str, _answer: str) -> BoolResult:
    return BoolResult(request_id, success=True, data=True)


def parse_file_info(text: str) -> dict[str, Any]:
    """``key: value`` lines; ``true``/``false`` become bools and numbers ``int`` or ``float``."""
    info: dict[str, Any] = {}
    for line in text.split("\n"):
        if ":" not in line:
            continue
        key, raw = (part.strip() for part in line.split(":", 1))
        value: Any = raw
        if raw.lower() in ("true", "false"):
            value = raw.lower() == "true"
        else:
            with contextlib.suppress(ValueError):
                value = float(raw) if "." in raw else int(raw)
        info[key] = value
    return info


#: The ``get_file_info`` keys whose values the SDK relies on, with the type each must parse to.
_INFO_TYPES: dict[str, type] = {
    "size": int, "isDirectory": bool, "isFile": bool, "readable": bool, "writable": bool,
}  # fmt: skip


def _info_result(request_id: str, answer: str) -> FileInfoResult:
    info = parse_file_info(answer)
    for key, kind in _INFO_TYPES.items():  # "size: 12abc" must fail, not pass as a str
        checked(info.get(key), kind, key, None)
    return FileInfoResult(request_id, success=True, file_info=info)


def _list_result(request_id: str, answer: str) -> DirectoryListResult:
    entries: list[dict[str, Any]] = []
    for line in answer.split("\n"):
        line = line.strip()
        for tag, is_dir in (("[DIR]", True), ("[FILE]", False)):
            if line.startswith(tag):
                entries.append({"name": line[len(tag) :].strip(), "isDirectory": is_dir})
    return DirectoryListResult(request_id, success=True, entries=entries)


def parse_multiple_files(text: str) -> dict[str, str]:
    """``<path>: <content>`` blocks separated by ``---`` lines; contents are stripped."""
    contents: dict[str, str] = {}
    path: str | None = None
    lines: list[str] = []
    for line in text.split("\n") if text else ():
        if path is None and ":" in line:
            path, rest = (part.strip() for part in line.split(":", 1))
            lines = [rest] if rest else []
        elif line.strip() == "---":
            if path is not None:
                contents[path] = "\n".join(lines).strip()
            path = None
        elif path is not None:
            lines.append(line)
    if path is not None:
        contents[path] = "\n".join(lines).strip()
    return contents


def _batch_result(request_id: str, answer: str) -> MultipleFileContentResult:
    contents = parse_multiple_files(answer)
    return MultipleFileContentResult(request_id, success=True, contents=contents)


def _search_result(request_id: str, answer: str) -> FileSearchResult:
    text = answer.strip()
    matches = text.split("\n") if text and text != "No matches found" else []
    return FileSearchResult(request_id, success=True, matches=matches)


def parse_file_changes(raw: str) -> list[FileChangeEvent]:
    """The JSON array of ``{"eventType", "path", "pathType"}`` (blank text is no events).

    Raises ``WrongTypeError`` naming what is not an array of objects of strings.
    """
    if not raw.strip():
        return []
    try:
        items = json.loads(raw)
    except ValueError:
        raise WrongTypeError(_CHANGES, raw, "a JSON array") from None
    checked(items, list, _CHANGES, [])
    return [
        FileChangeEvent.from_dict(checked(item, dict, f"{_CHANGES}[{i}]", {}), f"{_CHANGES}[{i}]")
        for i, item in enumerate(items)
    ]


def _change_result(request_id: str, answer: str) -> FileChangeResult:
    return FileChangeResult(
        request_id, success=True, events=parse_file_changes(answer), raw_data=answer
    )


def _read_steps(
    info_call: Call, chunk: Callable[[int, int, bool], Call], path: str, result_type: type[T]
) -> Steps[T]:
    info: FileInfoResult = yield from _tool_steps(
        info_call, FileInfoResult, _info_result, "Failed to get file info"
    )
    request_id = info.request_id
    if not info.success:
        return _failed(result_type, request_id, info.error_message)
    # _info_result checked the types: absent keys are the only thing left to decide.
    if not info.file_info or info.file_info.get("isDirectory", False):
        return _failed(result_type, request_id, f"Path does not exist or is a directory: {path}")
    size = info.file_info.get("size", 0)
    if size < 0:
        raise WrongTypeError("size", size, "an int >= 0")
    binary = result_type is BinaryFileContentResult
    if not binary:
        texts, error = yield from _fetch(chunk, size, False)
        if error:
            return _failed(result_type, request_id, error)
        text = "".join(texts)
        # Exact unless a range cut a character and the service put U+FFFD for its pieces (or
        # the file is not all UTF-8, or changed): then the bytes decide.
        exact = len(text) == size if text.isascii() else len(text.encode("utf-8")) == size
        if exact and "\ufffd" not in text:
            return FileContentResult(request_id, success=True, content=text)  # type: ignore[return-value]
    parts, error = yield from _fetch(chunk, size, True)
    if error:
        return _failed(result_type, request_id, error)
    data = b"".join(parts)
    if binary:
        return BinaryFileContentResult(request_id, success=True, content=data, size=size)  # type: ignore[return-value]
    text = data.decode("utf-8", errors="replace")
    return FileContentResult(request_id, success=True, content=text)  # type: ignore[return-value]


def _fetch(
    chunk: Callable[[int, int, bool], Call], size: int, binary: bool
) -> Steps[tuple[list[Any], str]]:
    """Every range of the file, ``READ_CONCURRENCY`` at a time: (their bytes or texts, "") or
    ([], what failed and how far the read got)."""
    ranges = [(at, min(READ_CHUNK_SIZE, size - at)) for at in range(0, size, READ_CHUNK_SIZE)]
    window = READ_CONCURRENCY * 4  # ranges per batch: stop soon after one fails
    answers: list[Any] = []
    for first in range(0, len(ranges), window):
        group = ranges[first : first + window]
        replies = yield Batch([chunk(at, length, binary) for at, length in group],
                              READ_CONCURRENCY)  # fmt: skip
        for (at, length), reply in zip(group, replies, strict=True):
            answer, error = _range(reply, length, binary)
            if error:
                return (
                    [],
                    f"{error} (read {at} of {size} bytes, then the range at offset {at} failed)",
                )
            answers.append(answer)
    return answers, ""


def _range(reply: Any, length: int, binary: bool) -> tuple[bytes | str, str]:
    """One ``read_file`` answer: (its bytes, or its text, "") or ("", why it is unusable)."""
    if not reply.ok:
        return "", str(reply.error)
    ok, answer = tool_answer(reply)
    if not ok:
        return "", answer or "Failed to read file"
    if not binary:
        return answer, ""
    try:
        data = base64.b64decode(answer, validate=True)
    except (binascii.Error, ValueError) as exc:
        return "", f"Failed to decode base64: {exc}"
    if len(data) != length:  # the file changed under us: never return a spliced file
        return "", f"read_file answered {len(data)} bytes where {length} were asked"
    return data, ""


def _write_steps(piece: Callable[[str, str], Call], content: str, mode: str) -> Steps[BoolResult]:
    total = len(content)
    starts = range(0, max(total, 1), WRITE_CHUNK_SIZE)
    request_id = ""
    for index, start in enumerate(starts):
        reply, ok, answer = yield from run_tool(
            piece(content[start : start + WRITE_CHUNK_SIZE], mode if start == 0 else "append")
        )
        request_id = reply.request_id or request_id
        if reply.ok and ok:
            continue
        error = reply.error if not reply.ok else (answer or "Failed to write file")
        if len(starts) > 1:
            error += (
                f" (wrote {start} of {total} characters; chunk {index + 1} of {len(starts)} "
                "failed and was not resent)"
            )
        return BoolResult(request_id, success=False, error_message=error)
    return BoolResult(request_id, success=True, data=True)


class _Watch:
    """What ``watch_dir`` does with each look, shared by the thread and the task that poll."""

    __slots__ = ("path", "callback", "baseline")

    def __init__(self, path: str, callback: Callable[[list[FileChangeEvent]], None]) -> None:
        self.path = path
        self.callback = callback
        self.baseline = False

    def handle(self, result: FileChangeResult) -> bool:
        """Report ``result``; False when watching must stop (the session is gone)."""
        if not self.baseline:  # the first look only sets the baseline
            self.baseline = True
            return True
        if result.success:
            if result.events:
                try:
                    self.callback(result.events)
                except Exception:
                    logger.exception("watch_dir %s: the callback raised", self.path)
            return True
        error = result.error_message.lower()
        gone = ("expired", "invalid", "not found")
        if "session" in error and any(word in error for word in gone):
            logger.warning("watch_dir %s: the session is gone, stopping", self.path)
            return False
        logger.error("watch_dir %s: %s", self.path, result.error_message)
        return True


class WatchThread(threading.Thread):
    """The thread ``watch_dir`` returns: ``start()`` it; set ``stop_event`` to stop; wait on
    ``ready_event`` before changing files so the baseline is taken first."""

    stop_event: threading.Event
    ready_event: threading.Event


class FileSystem(_FileOps):
    """File operations in a ``Session``: ``session.file``."""

    __slots__ = ()
    _transport: SyncTransport

    def watch_dir(
        self, path: str, callback: Callable[[list[FileChangeEvent]], None],
        interval: float = 1.0, stop_event: threading.Event | None = None,
    ) -> WatchThread:  # fmt: skip
        """Poll ``path`` for changes every ``interval`` seconds and call ``callback(events)``
        when there are some. Returns the (not started) watching thread.

        Example:
            >>> watcher = session.file.watch_dir("/tmp/inbox", print, interval=0.5)
            >>> watcher.start(); watcher.ready_event.wait(10)
            True
            >>> session.file.write("/tmp/inbox/a.txt", "hi").success
            True
            >>> watcher.stop_event.set(); watcher.join()
        """
        watch = _Watch(path, callback)
        stop = stop_event if stop_event is not None else threading.Event()
        ready = threading.Event()

        def loop() -> None:
            while not stop.is_set():
                if not watch.handle(self._get_file_change(path)):
                    stop.set()
                ready.set()
                stop.wait(interval)

        thread = WatchThread(target=loop, name=f"DirectoryWatcher-{path}", daemon=True)
        thread.stop_event, thread.ready_event = stop, ready
        return thread


class AsyncFileSystem(_FileOps):
    """File operations in an ``AsyncSession``; calls are awaited."""

    __slots__ = ()
    _transport: AsyncTransport

    def watch_dir(
        self, path: str, callback: Callable[[list[FileChangeEvent]], None],
        interval: float = 1.0, stop_event: Any = None,
    ) -> Coroutine[Any, Any, None]:  # fmt: skip
        """Like ``FileSystem.watch_dir``, as a coroutine to run as a task; it returns once
        ``stop_event`` (an ``asyncio.Event``) is set or the session is gone.

        Example:
            >>> stop = asyncio.Event()
            >>> task = asyncio.create_task(session.file.watch_dir("/tmp/inbox", print, 0.5, stop))
            >>> stop.set(); await task
        """
        watch = _Watch(path, callback)

        async def loop() -> None:
            import asyncio

            stop = stop_event if stop_event is not None else asyncio.Event()
            while not stop.is_set():
                if not watch.handle(await self._get_file_change(path)):
                    return
                with contextlib.suppress(asyncio.TimeoutError):
                    await asyncio.wait_for(stop.wait(), interval)

        return loop()
