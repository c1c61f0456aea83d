"""The file tools of a session (create_directory, edit_file, get_file_info, list_directory,
move_file, delete_file, read_file, write_file, read_multiple_files, search_files,
get_file_change) and the change log behind get_file_change.

Paths are session paths (``/tmp/data.csv``, ``/home/user/x``; relative ones start at HOME) mapped
to the session's private tree by :func:`mock_server.session_fs.to_host`, so code and shell in the
same session see the same files. Answers are ``(text, is_error)`` with the texts the real
backend's file server sends; a failure is a tool error, never an API error.
"""

from __future__ import annotations

import base64
import datetime
import difflib
import fnmatch
import json
import os
import shutil
import stat
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mock_server import session_fs
from mock_server.state import Session

Answer = tuple[str, bool]
#: One change: (eventType, session path, pathType).
Event = tuple[str, str, str]
#: A scan of a tree: session path -> (pathType, mtime_ns, size).
Snapshot = dict[str, tuple[str, int, int]]
MAX_SCAN_ENTRIES = 20_000


class ToolError(ValueError):
    """A failure the tool reports as its text (isError true)."""


@dataclass
class ChangeLog:
    """What one session's file tools changed, and each watched path's last look at the tree."""

    lock: threading.Lock = field(default_factory=threading.Lock)
    events: list[tuple[int, Event]] = field(default_factory=list)
    seq: int = 0
    #: watched session path -> (snapshot of the tree, last event seq seen)
    watched: dict[str, tuple[Snapshot, int]] = field(default_factory=dict)

    def record(self, kind: str, path: str, path_type: str) -> None:
        with self.lock:
            self.seq += 1
            self.events.append((self.seq, (kind, path, path_type)))
            del self.events[:-10_000]  # the log is a window, not a history


def change_log(session: Session) -> ChangeLog:
    log: ChangeLog = session.extras.setdefault("changes", ChangeLog())
    return log


def _arg_str(args: dict[str, Any], name: str) -> str:
    value = args.get(name)
    if not isinstance(value, str) or not value:
        raise ToolError(f"Error: {name} must be a non-empty string")
    return value


def _host(session: Session, raw: str) -> tuple[str, Path]:
    """(normalised session path, host path); outside the session's directories is an error."""
    try:
        return session_fs.normalize(raw), session_fs.to_host(session.scratch, raw)
    except ValueError as exc:
        raise ToolError(f"Error: {exc}") from None


def _enoent(action: str, path: str) -> ToolError:
    return ToolError(f"Error: ENOENT: no such file or directory, {action} '{path}'")


def _path_type(host: Path) -> str:
    return "directory" if host.is_dir() else "file"


def _iso(seconds: float) -> str:
    moment = datetime.datetime.fromtimestamp(seconds, datetime.timezone.utc)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.") + f"{moment.microsecond // 1000:03d}Z"


def create_directory(session: Session, args: dict[str, Any]) -> Answer:
    path, host = _host(session, _arg_str(args, "path"))
    if host.exists() and not host.is_dir():
        raise ToolError(f"Error: EEXIST: file already exists, mkdir '{path}'")
    existed = host.exists()
    host.mkdir(parents=True, exist_ok=True)
    if not existed:
        change_log(session).record("create", path, "directory")
    return f"Successfully created directory {path}", False


def edit_file(session: Session, args: dict[str, Any]) -> Answer:
    path, host = _host(session, _arg_str(args, "path"))
    edits, dry_run = args.get("edits"), args.get("dryRun", False)
    if not isinstance(edits, list) or not all(
        isinstance(e, dict)
        and isinstance(e.get("oldText"), str)
        and isinstance(e.get("newText"), str)
        for e in edits
    ):
        raise ToolError("Error: edits must be a list of {oldText, newText} strings")
    if not isinstance(dry_run, bool):
        raise ToolError("Error: dryRun must be a boolean")
    if not host.is_file():
        raise _enoent("open", path)
    original = host.read_text(encoding="utf-8", errors="replace")
    content = original
    for edit in edits:
        old, new = edit["oldText"], edit["newText"]
        if old not in content:
            raise ToolError(f"Error: Could not find exact match for edit:\n{old}")
        content = content.replace(old, new, 1)
    lines = difflib.unified_diff(
        original.splitlines(), content.splitlines(), fromfile=path, tofile=path, lineterm=""
    )
    diff = "".join(f"{line}\n" for line in lines)
    if not dry_run:
        host.write_text(content, encoding="utf-8")
        change_log(session).record("modify", path, "file")
    return f"```diff\n{diff}```\n", False


def file_info_lines(session_path: str, host: Path) -> str:
    info = host.stat()
    is_dir = stat.S_ISDIR(info.st_mode)
    fields = {
        "name": posix_name(session_path),
        "path": session_path,
        "size": info.st_size,
        "isDirectory": is_dir,
        "isFile": not is_dir,
        "type": "directory" if is_dir else "file",
        "created": _iso(info.st_ctime),
        "modified": _iso(info.st_mtime),
        "accessed": _iso(info.st_atime),
        "permissions": oct(stat.S_IMODE(info.st_mode))[2:],
        "readable": os.access(host, os.R_OK),
        "writable": os.access(host, os.W_OK),
    }
    return "\n".join(
        f"{k}: {str(v).lower() if isinstance(v, bool) else v}" for k, v in fields.items()
    )


def posix_name(session_path: str) -> str:
    return session_path.rstrip("/").rsplit("/", 1)[-1] or "/"


def get_file_info(session: Session, args: dict[str, Any]) -> Answer:
    path, host = _host(session, _arg_str(args, "path"))
    if not host.exists():
        raise _enoent("stat", path)
    return file_info_lines(path, host), False


def list_directory(session: Session, args: dict[str, Any]) -> Answer:
    path, host = _host(session, _arg_str(args, "path"))
    if not host.exists():
        raise _enoent("scandir", path)
    if not host.is_dir():
        raise ToolError(f"Error: ENOTDIR: not a directory, scandir '{path}'")
    entries = sorted(host.iterdir(), key=lambda p: p.name)
    return "\n".join(f"[{'DIR' if p.is_dir() else 'FILE'}] {p.name}" for p in entries), False


def move_file(session: Session, args: dict[str, Any]) -> Answer:
    source, source_host = _host(session, _arg_str(args, "source"))
    destination, destination_host = _host(session, _arg_str(args, "destination"))
    if not source_host.exists():
        raise _enoent("rename", source)
    if destination_host.exists():
        raise ToolError(f"Error: Destination already exists: {destination}")
    if not destination_host.parent.is_dir():
        raise _enoent("rename", destination)
    kind = _path_type(source_host)
    source_host.rename(destination_host)
    log = change_log(session)
    log.record("delete", source, kind)
    log.record("create", destination, kind)
    return f"Successfully moved {source} to {destination}", False


def delete_file(session: Session, args: dict[str, Any]) -> Answer:
    path, host = _host(session, _arg_str(args, "path"))
    if not host.exists() and not host.is_symlink():
        raise _enoent("unlink", path)
    if path in (f"/{name}" for name in session_fs.SESSION_DIRS):
        raise ToolError(f"Error: EPERM: operation not permitted, unlink '{path}'")
    kind = _path_type(host)
    if kind == "directory" and not host.is_symlink():
        shutil.rmtree(host)
    else:
        host.unlink()
    change_log(session).record("delete", path, kind)
    return f"Successfully deleted {path}", False


def _range(args: dict[str, Any]) -> tuple[int, int | None]:
    offset, length = args.get("offset", 0), args.get("length")
    if offset is None:
        offset = 0
    if isinstance(offset, bool) or not isinstance(offset, int) or offset < 0:
        raise ToolError("Error: offset must be a non-negative integer")
    if length is not None and (
        isinstance(length, bool) or not isinstance(length, int) or length < 0
    ):
        raise ToolError("Error: length must be a non-negative integer")
    return offset, length


def read_file(session: Session, args: dict[str, Any]) -> Answer:
    path, host = _host(session, _arg_str(args, "path"))
    offset, length = _range(args)
    binary = args.get("format") in ("binary", "bytes")
    if args.get("format") not in (None, "", "text", "binary", "bytes"):
        raise ToolError(f"Error: unknown format {args.get('format')!r} (text or binary)")
    if host.is_dir():
        raise ToolError(f"Error: EISDIR: illegal operation on a directory, read '{path}'")
    if not host.is_file():
        raise _enoent("open", path)
    with host.open("rb") as handle:
        handle.seek(offset)
        data = handle.read() if length is None else handle.read(length)
    if binary:
        return base64.b64encode(data).decode("ascii"), False
    # A range that cuts a multi-byte character answers U+FFFD for its bytes, as a plain decode
    # of the slice does; clients that need exact bytes ask for format "binary".
    return data.decode("utf-8", errors="replace"), False


def write_file(session: Session, args: dict[str, Any]) -> Answer:
    path, host = _host(session, _arg_str(args, "path"))
    content, mode = args.get("content"), args.get("mode") or "overwrite"
    if not isinstance(content, str):
        raise ToolError("Error: content must be a string")
    if mode not in ("overwrite", "append"):
        raise ToolError(f"Error: Invalid mode '{mode}'. Must be 'overwrite' or 'append'")
    if host.is_dir():
        raise ToolError(f"Error: EISDIR: illegal operation on a directory, open '{path}'")
    existed = host.exists()
    host.parent.mkdir(parents=True, exist_ok=True)
    with host.open("ab" if mode == "append" else "wb") as handle:
        handle.write(content.encode("utf-8"))
    change_log(session).record("modify" if existed else "create", path, "file")
    return f"Successfully wrote to {path}", False


def read_multiple_files(session: Session, args: dict[str, Any]) -> Answer:
    paths = args.get("paths")
    if not isinstance(paths, list) or not paths or not all(isinstance(p, str) for p in paths):
        raise ToolError("Error: paths must be a non-empty list of strings")
    parts = []
    for raw in paths:
        try:
            text, _ = read_file(session, {"path": raw})
            parts.append(f"{raw}:\n{text}\n")
        except ToolError as exc:
            parts.append(f"{raw}: {str(exc).removeprefix('Error: ')}")
    return "\n---\n".join(parts), False


def search_files(session: Session, args: dict[str, Any]) -> Answer:
    path, host = _host(session, _arg_str(args, "path"))
    pattern = _arg_str(args, "pattern")
    excludes = args.get("excludePatterns") or []
    if not isinstance(excludes, list) or not all(isinstance(p, str) for p in excludes):
        raise ToolError("Error: excludePatterns must be a list of strings")
    if not host.is_dir():
        raise _enoent("scandir", path)

    def matches(relative: str, name: str, glob: str) -> bool:
        return fnmatch.fnmatch(name, glob) or fnmatch.fnmatch(relative, glob)

    found: list[str] = []
    for directory, dirs, names in os.walk(host):
        dirs.sort()
        base = Path(directory)
        for name in sorted(dirs) + sorted(names):
            relative = (base / name).relative_to(host).as_posix()
            if any(matches(relative, name, glob) for glob in excludes):
                continue
            if matches(relative, name, pattern):
                found.append(session_fs.to_session(session.scratch, base / name))
        dirs[:] = [d for d in dirs if not any(matches(d, d, glob) for glob in excludes)]
    return ("\n".join(found) if found else "No matches found"), False


def _scan(session: Session, root: Path) -> Snapshot:
    snapshot: Snapshot = {}
    if root.is_file():
        info = root.stat()
        return {
            session_fs.to_session(session.scratch, root): ("file", info.st_mtime_ns, info.st_size)
        }
    for directory, dirs, names in os.walk(root):
        for name in dirs + names:
            host = Path(directory) / name
            try:
                info = host.lstat()
            except OSError:
                continue
            kind = "directory" if stat.S_ISDIR(info.st_mode) else "file"
            snapshot[session_fs.to_session(session.scratch, host)] = (
                kind,
                info.st_mtime_ns if kind == "file" else 0,
                info.st_size if kind == "file" else 0,
            )
            if len(snapshot) >= MAX_SCAN_ENTRIES:
                return snapshot
    return snapshot


def _diff(before: Snapshot, after: Snapshot) -> list[Event]:
    events: list[Event] = []
    for path, (kind, mtime, size) in after.items():
        old = before.get(path)
        if old is None:
            events.append(("create", path, kind))
        elif kind == "file" and (old[1], old[2]) != (mtime, size):
            events.append(("modify", path, kind))
    events.extend(("delete", path, old[0]) for path, old in before.items() if path not in after)
    return events


def _under(path: str, root: str) -> bool:
    return path == root or path.startswith(root.rstrip("/") + "/")


def get_file_change(session: Session, args: dict[str, Any]) -> Answer:
    """Changes under ``path`` since the previous call for the same path (none on the first).

    Two sources, merged: the file tools' own log, and a scan of the tree compared with the
    previous scan (so changes made by code or shell are seen too).
    """
    path, host = _host(session, _arg_str(args, "path"))
    if not host.exists():
        raise _enoent("stat", path)
    log = change_log(session)
    snapshot = _scan(session, host)
    with log.lock:
        previous = log.watched.get(path)
        logged = [
            e for seq, e in log.events if previous and seq > previous[1] and _under(e[1], path)
        ]
        log.watched[path] = (snapshot, log.seq)
    if previous is None:
        return "[]", False
    events: list[Event] = []
    for event in logged + _diff(previous[0], snapshot):
        if event not in events:
            events.append(event)
    payload = [{"eventType": kind, "path": p, "pathType": t} for kind, p, t in events]
    return json.dumps(payload, ensure_ascii=False), False


TOOLS: dict[str, Callable[[Session, dict[str, Any]], Answer]] = {
    "create_directory": create_directory,
    "edit_file": edit_file,
    "get_file_info": get_file_info,
    "list_directory": list_directory,
    "move_file": move_file,
    "delete_file": delete_file,
    "read_file": read_file,
    "write_file": write_file,
    "read_multiple_files": read_multiple_files,
    "search_files": search_files,
    "get_file_change": get_file_change,
}
