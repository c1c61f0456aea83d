"""``import agb`` stays light and quiet: checked in a fresh interpreter, without timing."""

from __future__ import annotations

import json
import subprocess
import sys

PROBE = """
import json, logging, sys
import agb
print(json.dumps({
    "modules": sorted(m for m in ("asyncio", "attrs", "_agb_api", "_agb_api.models", "respx",
                                  "mock_server", "httpx_ws", "wsproto")
                   if m in sys.modules),
    "handlers": len(logging.getLogger("agb").handlers),
    "root_handlers": len(logging.getLogger().handlers),
}))
"""


def test_import_agb_is_light_and_configures_no_logging() -> None:
    out = subprocess.run([sys.executable, "-c", PROBE], capture_output=True, text=True, check=True)
    assert json.loads(out.stdout) == {"modules": [], "handlers": 0, "root_handlers": 0}


def test_the_official_ws_exception_names_import_without_a_websocket_client() -> None:
    code = (
        "import sys\n"
        "from agb.modules.ws.exceptions import WsCancelledError, WsError\n"
        "from agb.modules.ws import WsRemoteError\n"
        "from agb.stream import StreamError\n"
        "assert issubclass(WsCancelledError, WsError) and issubclass(StreamError, WsError)\n"
        "assert issubclass(WsRemoteError, WsError)\n"
        "assert 'httpx_ws' not in sys.modules\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
