"""Start the mock on loopback, run examples/quickstart.py against it, stop the mock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from mock_server.process import spawn

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    with spawn(quiet=False) as url:
        print(f"mock AGB service listening on {url}")
        env = {**os.environ, "AGB_ENDPOINT": url, "AGB_API_KEY": "akm-local-mock-key-0000"}
        return subprocess.call([sys.executable, str(ROOT / "examples" / "quickstart.py")], env=env)


if __name__ == "__main__":
    sys.exit(main())
