"""``ExtensionOption``: which browser extensions a ``BrowserContext`` mounts (official module name).

Browser sessions are not driven by this SDK, but their contexts are plain context sync on the
wire: an ``ExtensionOption`` names the context holding the extensions and the extension ids to
unpack into the session's ``/tmp/extensions/`` (see ``agb.session_params.BrowserContext``).
Uploading extensions (the official ``ExtensionsService``) stays out.

Example:
    >>> from agb.extension import ExtensionOption
    >>> ExtensionOption("ext-ctx", ["ext-1", "ext-2"])
    ExtensionOption(context_id='ext-ctx', extension_ids=['ext-1', 'ext-2'])
"""

from __future__ import annotations


class ExtensionOption:
    """A context of browser extensions and the ids to load from it; neither may be empty.

    Raises:
        ValueError: ``context_id`` is blank or ``extension_ids`` is empty.
    """

    __slots__ = ("context_id", "extension_ids")

    def __init__(self, context_id: str, extension_ids: list[str]) -> None:
        if not context_id or not context_id.strip():
            raise ValueError("context_id cannot be empty")
        if not extension_ids:
            raise ValueError("extension_ids cannot be empty")
        self.context_id = context_id
        self.extension_ids = extension_ids

    def validate(self) -> bool:
        """True when the context id and every extension id are non-blank strings."""
        ids_ok = all(isinstance(i, str) and i.strip() for i in self.extension_ids)
        return bool(self.context_id and self.context_id.strip() and self.extension_ids and ids_ok)

    def __repr__(self) -> str:
        ids = self.extension_ids
        return f"ExtensionOption(context_id={self.context_id!r}, extension_ids={ids!r})"

    def __str__(self) -> str:
        count = len(self.extension_ids)
        return f"Extension Config: {count} extension(s) in context '{self.context_id}'"
