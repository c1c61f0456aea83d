"""The file tools (read_file, write_file, list_directory), confined to the session's scratch
directory: relative paths are resolved inside it and every path must stay inside it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from mock_server import session_fs
from mock_server.state import Session


def _inside(session: Session, args: dict[str, Any]) -> Path:
    raw = args.get("path")
    if not isinstance(raw, str) or not raw:
        raise ValueError("path must be a non-empty string")
    root = session_fs.to_host(session.scratch, session_fs.HOME).resolve()  # as shell's cwd
    path = (root / raw).resolve()
    if path != root and root not in path.parents:
        raise ValueError(f"Access denied: {raw} is outside the session's directory")
    return path


def read_file(session: Session, args: dict[str, Any]) -> tuple[str, bool]:
    path = _inside(session, args)
    if not path.is_file():
        return f"No such file: {args['path']}", True
    data = path.read_bytes()
    offset, length = args.get("offset") or 0, args.get("length")
    if not isinstance(offset, int) or (length is not None and not isinstance(length, int)):
        raise ValueError("offset and length must be integers")
    data = data[offset:] if length is None else data[offset : offset + length]
    return data.decode("utf-8", errors="replace"), False


def write_file(session: Session, args: dict[str, Any]) -> tuple[str, bool]:
    path = _inside(session, args)
    content, mode = args.get("content"), args.get("mode") or "overwrite"
    if not isinstance(content, str) or mode not in ("overwrite", "append"):
        raise ValueError("content must be a string and mode overwrite or append")
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a" if mode == "append" else "w", encoding="utf-8") as handle:
        handle.write(content)
    return f"Successfully wrote to {args['path']}", False


def list_directory(session: Session, args: dict[str, Any]) -> tuple[str, bool]:
    path = _inside(session, args)
    if not path.is_dir():
        return f"No such directory: {args['path']}", True
    entries = sorted(p for p in path.iterdir() if not p.name.startswith(".cell-"))
    return "\n".join(f"[{'DIR' if p.is_dir() else 'FILE'}] {p.name}" for p in entries), False
