"""The official SDK's ``agb.modules.ws`` path: only its exception names, for code that imports
or catches them. Streaming itself is ``code.run(..., stream_beta=True)`` (``agb.stream``); the
official low-level client, ``session._get_ws_client()``, is ``agb.ws_client.WsClient``.

Example:
    >>> from agb.modules.ws import WsCancelledError, WsError
    >>> issubclass(WsCancelledError, WsError)
    True
"""

from .exceptions import *  # noqa: F403  (the same names, one list: exceptions.__all__)
from .exceptions import __all__ as __all__
