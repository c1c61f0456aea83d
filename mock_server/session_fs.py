"""A session's view of the file system: which absolute paths belong to the session, and where
each one lives on the host.

The file tools, context sync, code cells and shell commands of one session all see the same
file at the same absolute path (``/tmp/data.csv``, ``/home/user/notes.txt``), and no other
session sees it. Each session's private tree sits under ``<scratch>/fs`` on the host; the
top-level directories in ``SESSION_DIRS`` are the session's own, everything else (``/usr``,
``/bin``, the Python install) is the host's, read-only in spirit. Code and shell run with
``SESSION_DIRS`` mounted over the host's directories where the OS allows a mount namespace (see
the sandbox module); the file tools map paths with ``to_host``.
"""

from __future__ import annotations

import posixpath
from pathlib import Path

SESSION_DIRS = ("tmp", "home", "workspace", "data", "mnt")
HOME = "/home/user"


def fs_root(scratch: Path) -> Path:
    """The host directory that holds the session's private tree."""
    return scratch / "fs"


def prepare(scratch: Path) -> Path:
    """Create the session's private tree (every ``SESSION_DIRS`` entry and ``HOME``)."""
    root = fs_root(scratch)
    for name in SESSION_DIRS:
        (root / name).mkdir(parents=True, exist_ok=True)
    (root / HOME.lstrip("/")).mkdir(parents=True, exist_ok=True)
    return root


def normalize(path: str) -> str:
    """The absolute, normalised session path; relative paths are taken from ``HOME``."""
    if not isinstance(path, str) or not path or "\x00" in path:
        raise ValueError("path must be a non-empty string")
    absolute = path if path.startswith("/") else f"{HOME}/{path}"
    return posixpath.normpath(absolute).replace("//", "/")


def to_host(scratch: Path, path: str) -> Path:
    """Where session path ``path`` lives on the host.

    Raises ``ValueError`` when the path is outside the session's directories, or escapes them
    through a symbolic link.
    """
    session_path = normalize(path)
    parts = [part for part in session_path.split("/") if part]
    if not parts or parts[0] not in SESSION_DIRS:
        allowed = ", ".join(f"/{name}" for name in SESSION_DIRS)
        raise ValueError(f"Access denied: {path} is outside the session's directories ({allowed})")
    root = fs_root(scratch)
    host = root.joinpath(*parts)
    resolved = host.resolve()
    base = root.resolve()
    if resolved != base and base not in resolved.parents:
        raise ValueError(f"Access denied: {path} leaves the session's directories")
    return host


def to_session(scratch: Path, host: Path) -> str:
    """The session path of a host path inside the session's tree."""
    relative = host.relative_to(fs_root(scratch))
    return "/" + relative.as_posix() if relative.parts else "/"
