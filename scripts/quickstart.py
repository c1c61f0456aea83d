"""Start the mock on loopback, run examples/quickstart.py against it, stop the mock."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> int:
    mock = subprocess.Popen(
        [sys.executable, "-m", "mock_server", "--host", "127.0.0.1", "--port", "0"],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert mock.stdout is not None
        url = mock.stdout.readline().strip()
        if not url.startswith("http://127.0.0.1:"):
            print(f"the mock did not start (it printed {url!r})", file=sys.stderr)
            return 1
        print(f"mock AGB service listening on {url}")
        env = {**os.environ, "AGB_ENDPOINT": url, "AGB_API_KEY": "akm-local-mock-key-0000"}
        return subprocess.call([sys.executable, str(ROOT / "examples" / "quickstart.py")], env=env)
    finally:
        mock.terminate()
        mock.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
