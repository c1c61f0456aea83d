"""``CreateSessionParams``: what a new session is made from, and ``BrowserContext``, the browser
profile a session mounts (module name as in the official SDK).

A browser context is only context sync on the wire: it adds ``persistenceDataList`` items for the
browser profile (``/tmp/agb_browser_data``), the extensions of an ``ExtensionOption``
(``/tmp/extensions/``) and a fingerprint context (``/tmp/agb_browser_fingerprint``), with the
official SDK's fixed policies. Driving the browser itself stays out of this SDK.

Example:
    >>> from agb.session_params import BrowserContext, CreateSessionParams, mounted_syncs
    >>> params = CreateSessionParams(image_id="agb-browser-use-1",
    ...                              browser_context=BrowserContext("profile-ctx"))
    >>> [sync.path for sync in mounted_syncs(params)]
    ['/tmp/agb_browser_data']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Protocol

from .config import BROWSER_DATA_PATH, BROWSER_FINGERPRINT_PERSIST_PATH
from .context_sync import (
    BWList,
    ContextSync,
    DeletePolicy,
    ExtractPolicy,
    RecyclePolicy,
    SyncPolicy,
    UploadPolicy,
    WhiteList,
)

if TYPE_CHECKING:
    from .extension import ExtensionOption

EXTENSIONS_PATH = "/tmp/extensions/"
# What of the browser profile is kept: local state and cookies.
_PROFILE_FILES = ("/Local State", "/Default/Cookies", "/Default/Cookies-journal")


class FingerprintContext(Protocol):
    """Anything with a ``fingerprint_context_id`` (the official ``BrowserFingerprintContext``)."""

    fingerprint_context_id: str


def _unpacked(white_lists: list[WhiteList], sync_local_file: bool | None) -> SyncPolicy:
    """A download-only policy that unpacks the archives it fetches (extensions, fingerprint)."""
    return SyncPolicy(
        upload_policy=UploadPolicy(auto_upload=False),
        delete_policy=None if sync_local_file is None else DeletePolicy(sync_local_file),
        extract_policy=ExtractPolicy(extract=True, delete_src_file=True),
        bw_list=BWList(white_lists=white_lists),
    )


class BrowserContext:
    """The browser profile context of a session, with optional extensions and fingerprint.

    Args:
        context_id: the context holding the browser profile (mounted at ``/tmp/agb_browser_data``).
        auto_upload: upload the profile back to the context when the session is released.
        extension_option: an ``agb.extension.ExtensionOption``; its extensions are unpacked into
            ``/tmp/extensions/`` (``extension_context_syncs``).
        fingerprint_context: an object with ``fingerprint_context_id``; that context is unpacked
            into ``/tmp/agb_browser_fingerprint`` (``fingerprint_context_sync``).

    Example:
        >>> from agb.extension import ExtensionOption
        >>> ctx = BrowserContext("profile-ctx", extension_option=ExtensionOption("ext", ["e1"]))
        >>> [sync.path for sync in ctx.get_extension_context_syncs()]
        ['/tmp/extensions/']
    """

    def __init__(
        self,
        context_id: str,
        auto_upload: bool = True,
        extension_option: ExtensionOption | None = None,
        fingerprint_context: FingerprintContext | None = None,
    ) -> None:
        self.context_id = context_id
        self.auto_upload = auto_upload
        self.extension_option = extension_option
        self.fingerprint_context = fingerprint_context
        self.extension_context_id: str | None = None
        self.extension_ids: list[str] = []
        self.extension_context_syncs: list[ContextSync] | None = None
        if extension_option:
            self.extension_context_id = extension_option.context_id
            self.extension_ids = extension_option.extension_ids
            self.extension_context_syncs = []
            if self.extension_context_id and self.extension_ids:
                lists = [WhiteList(path=ext_id) for ext_id in self.extension_ids]
                policy = _unpacked(lists, sync_local_file=False)
                sync = ContextSync(self.extension_context_id, EXTENSIONS_PATH, policy)
                self.extension_context_syncs.append(sync)
        self.fingerprint_context_id: str | None = None
        self.fingerprint_context_sync: ContextSync | None = None
        if fingerprint_context:
            self.fingerprint_context_id = fingerprint_context.fingerprint_context_id
            if self.fingerprint_context_id and self.fingerprint_context_id.strip():
                policy = _unpacked([], sync_local_file=None)
                fingerprint_id, path = self.fingerprint_context_id, BROWSER_FINGERPRINT_PERSIST_PATH
                self.fingerprint_context_sync = ContextSync(fingerprint_id, path, policy)

    def get_extension_context_syncs(self) -> list[ContextSync]:
        """The extension mounts, ``[]`` without extensions."""
        return self.extension_context_syncs or []

    def get_fingerprint_context_sync(self) -> ContextSync | None:
        """The fingerprint mount, or None without a fingerprint context."""
        return self.fingerprint_context_sync

    def profile_sync(self) -> ContextSync:
        """The mount of the browser profile itself, which ``AGB.create`` adds last."""
        policy = SyncPolicy(
            upload_policy=UploadPolicy(auto_upload=self.auto_upload),
            recycle_policy=RecyclePolicy(),
            bw_list=BWList(white_lists=[WhiteList(path=p) for p in _PROFILE_FILES]),
        )
        return ContextSync(self.context_id, BROWSER_DATA_PATH, policy)

    def __repr__(self) -> str:
        return (
            f"BrowserContext(context_id={self.context_id!r}, auto_upload={self.auto_upload!r}, "
            f"extension_option={self.extension_option!r}, "
            f"fingerprint_context_id={self.fingerprint_context_id!r})"
        )


def mounted_syncs(params: CreateSessionParams) -> list[Any]:
    """Every mount ``AGB.create`` sends: ``params.context_syncs`` (which already hold the browser
    context's extension and fingerprint mounts), then the browser profile's."""
    syncs: list[Any] = list(params.context_syncs or [])
    browser = params.browser_context
    if browser is None:
        return syncs
    if not isinstance(browser, BrowserContext):
        raise TypeError(f"browser_context must be a BrowserContext, not {type(browser).__name__}")
    return [*syncs, browser.profile_sync()]


class CreateSessionParams:
    """Parameters of ``AGB.create()``.

    Args:
        labels: labels to put on the session, a ``dict[str, str]``.
        image_id: the image to start from, e.g. ``"agb-code-space-1"`` (required by ``create``).
        policy_id: an MCP policy id.
        context_syncs: contexts to mount into the session, a list of ``agb.ContextSync``; ``create``
            waits until they are downloaded. Items without a policy are not sent.
        browser_context: a ``BrowserContext``: its extension and fingerprint mounts are appended
            to ``context_syncs`` here, its profile mount is added by ``create``.
        idle_release_timeout: seconds of inactivity after which the service releases the session.

    Example:
        >>> CreateSessionParams(image_id="agb-code-space-1", labels={"project": "demo"})
    """

    __slots__ = (
        "browser_context",
        "context_syncs",
        "idle_release_timeout",
        "image_id",
        "labels",
        "policy_id",
    )

    def __init__(
        self,
        labels: dict[str, str] | None = None,
        image_id: str | None = None,
        policy_id: str | None = None,
        context_syncs: list[ContextSync] | None = None,
        browser_context: BrowserContext | None = None,
        idle_release_timeout: int | None = None,
        **unsupported: Any,
    ) -> None:
        if unsupported:
            names = ", ".join(sorted(unsupported))
            raise TypeError(f"CreateSessionParams does not support {names} yet")
        if isinstance(labels, str):
            raise TypeError(
                "CreateSessionParams' first argument is labels (a dict[str, str]); "
                f"pass the image by name: CreateSessionParams(image_id={labels!r})"
            )
        self.labels = labels if labels is not None else {}
        self.image_id = image_id
        self.policy_id = policy_id
        self.context_syncs = list(context_syncs) if context_syncs is not None else []
        if isinstance(browser_context, BrowserContext):
            self.context_syncs.extend(browser_context.get_extension_context_syncs())
            fingerprint = browser_context.get_fingerprint_context_sync()
            if fingerprint is not None:
                self.context_syncs.append(fingerprint)
        self.browser_context = browser_context
        self.idle_release_timeout = idle_release_timeout

    def __repr__(self) -> str:
        return (
            f"CreateSessionParams(image_id={self.image_id!r}, labels={self.labels!r}, "
            f"policy_id={self.policy_id!r}, context_syncs={self.context_syncs!r}, "
            f"browser_context={self.browser_context!r}, "
            f"idle_release_timeout={self.idle_release_timeout!r})"
        )
