"""``CreateSessionParams``: what a new session is made from (module name as in the official SDK)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .context_sync import ContextSync


class CreateSessionParams:
    """Parameters of ``AGB.create()``.

    Args:
        labels: labels to put on the session, a ``dict[str, str]``.
        image_id: the image to start from, e.g. ``"agb-code-space-1"`` (required by ``create``).
        policy_id: an MCP policy id.
        context_syncs: contexts to mount into the session, a list of ``agb.ContextSync``; ``create``
            waits until they are downloaded. Items without a policy are not sent.
        browser_context: not supported (browser sessions are not part of this SDK); must be None.
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
        browser_context: None = None,
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
        if browser_context is not None:
            raise TypeError("CreateSessionParams does not support browser_context")
        self.context_syncs = list(context_syncs) if context_syncs is not None else []
        self.browser_context = browser_context
        self.idle_release_timeout = idle_release_timeout

    def __repr__(self) -> str:
        return (
            f"CreateSessionParams(image_id={self.image_id!r}, labels={self.labels!r}, "
            f"policy_id={self.policy_id!r}, context_syncs={self.context_syncs!r}, "
            f"idle_release_timeout={self.idle_release_timeout!r})"
        )
