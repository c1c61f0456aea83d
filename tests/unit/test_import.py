"""``import agb`` stays light and quiet: checked in a fresh interpreter, without timing."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

PROBE = """
import json, logging, sys
import agb
print(json.dumps({
    "modules": sorted(m for m in ("asyncio", "attrs", "_agb_api", "_agb_api.models", "respx",
                                  "mock_server", "httpx_ws", "wsproto", "agb.stream",
                                  "agb.file_system", "agb.file_transfer", "agb._raw_http",
                                  "agb.context", "agb.context_manager")
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


def test_the_names_loaded_on_first_use_are_the_real_ones() -> None:
    import agb
    from agb.context import ContextService
    from agb.context_manager import ContextManager, ContextSyncResult

    assert (agb.ContextService, agb.ContextManager) == (ContextService, ContextManager)
    assert agb.ContextSyncResult is ContextSyncResult
    assert set(agb.__all__) <= set(dir(agb)) | set(agb._LAZY)
    with pytest.raises(AttributeError, match="NoSuchName"):
        agb.NoSuchName  # type: ignore[attr-defined]  # noqa: B018
