"""The official ``agb.modules.ws.exceptions`` names; the classes live in ``agb.stream``, whose
``on_error`` errors (``StreamError``) are ``WsError``s."""

from ...stream import (
    WsCancelledError,
    WsConnectionClosedError,
    WsError,
    WsHandshakeRejectedError,
    WsProtocolError,
    WsRemoteError,
)

__all__ = [
    "WsCancelledError",
    "WsConnectionClosedError",
    "WsError",
    "WsHandshakeRejectedError",
    "WsProtocolError",
    "WsRemoteError",
]
