"""Loaded into every process `make peer-check` runs (it is put on PYTHONPATH): proves which
``agb`` the unit used. At exit it appends one JSON line to $PEER_GUARD_LOG naming the file of
the imported ``agb`` package and any imported module whose file lies under a forbidden root
(the official checkout when ours is under test). Nothing here changes what the unit does."""

from __future__ import annotations

import atexit
import json
import os
import sys


def _report() -> None:
    log = os.environ.get("PEER_GUARD_LOG")
    if not log:
        return
    forbidden = [root for root in os.environ.get("PEER_GUARD_FORBID", "").split(os.pathsep) if root]
    agb = sys.modules.get("agb")
    leaked = sorted(
        name
        for name, module in list(sys.modules.items())
        if any(str(getattr(module, "__file__", None) or "").startswith(root) for root in forbidden)
    )
    record = {"pid": os.getpid(), "agb": getattr(agb, "__file__", None), "leaked": leaked}
    with open(log, "a", encoding="utf-8") as out:
        out.write(json.dumps(record) + "\n")


atexit.register(_report)
