#!/usr/bin/env bash
# Run every python block of the user guide (../shared/reference/manage-sessions.md), in order and
# in one namespace, with the OFFICIAL agbcloud-sdk against our mock on loopback. Proves the mock
# speaks the real wire. Exit status is non-zero when a block raises.
#
#   AGB_OFFICIAL_VENV=/path/to/venv  reuse a venv that already has agbcloud-sdk (else a throwaway
#                                    venv is created and agbcloud-sdk installed from PyPI)
#   AGB_OFFICIAL_SDK_SPEC=...        the pip requirement (default agbcloud-sdk==0.12.0)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
GUIDE="${AGB_GUIDE:-$ROOT/../shared/reference/manage-sessions.md}"
MOCK_PYTHON="${MOCK_PYTHON:-$ROOT/.venv/bin/python}"
[ -x "$MOCK_PYTHON" ] || MOCK_PYTHON=python3
SCRATCH="$(mktemp -d)"
MOCK_PID=""

cleanup() {
    if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null || true; wait "$MOCK_PID" 2>/dev/null || true; fi
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

VENV="${AGB_OFFICIAL_VENV:-}"
if [ -z "$VENV" ]; then
    VENV="$SCRATCH/venv"
    python3 -m venv "$VENV"
    "$VENV/bin/python" -m pip install --quiet "${AGB_OFFICIAL_SDK_SPEC:-agbcloud-sdk==0.12.0}"
fi
"$VENV/bin/python" -c "import agb" || { echo "agbcloud-sdk is not importable in $VENV" >&2; exit 2; }

(cd "$ROOT" && exec "$MOCK_PYTHON" -m mock_server --host 127.0.0.1 --port 0) >"$SCRATCH/url" 2>"$SCRATCH/mock.err" &
MOCK_PID=$!
for _ in $(seq 100); do [ -s "$SCRATCH/url" ] && break; sleep 0.1; done
URL="$(head -n 1 "$SCRATCH/url")"
case "$URL" in http://127.0.0.1:*) ;; *) echo "the mock did not start:" >&2; cat "$SCRATCH/mock.err" >&2; exit 2;; esac
echo "mock listening on $URL"

cd "$SCRATCH"  # the official SDK may write files (logs, .env lookups) into the working directory
# The official SDK logs every call to stderr; that goes to a file, shown only on failure.
status=0
AGB_API_KEY=any AGB_ENDPOINT="$URL" GUIDE="$GUIDE" "$VENV/bin/python" - 2>"$SCRATCH/sdk.log" <<'PY' || status=$?
import json, os, re, sys, traceback, urllib.request

url, guide = os.environ["AGB_ENDPOINT"], os.environ["GUIDE"]

def call(method, path, body=None):
    request = urllib.request.Request(url + path, method=method, data=body,
                                     headers={"authorization": "Bearer any"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)

# Seed sessions labelled project=demo so that the listing and paging blocks have pages to show.
for _ in range(12):
    call("POST", "/mcp/createSession?imageId=agb-code-space-1",
         json.dumps({"labels": json.dumps({"project": "demo"})}).encode())

blocks = re.findall(r"```python\n(.*?)```", open(guide, encoding="utf-8").read(), re.S)
namespace = {"__name__": "__guide__"}
for number, block in enumerate(blocks, 1):
    print(f"--- block {number}/{len(blocks)}: {block.strip().splitlines()[0]}")
    try:
        exec(compile(block, f"{guide}#block{number}", "exec"), namespace)
    except BaseException:
        traceback.print_exc(file=sys.stdout)
        sys.exit(1)
    sys.stdout.flush()
left = [s for s in call("GET", "/_mock/sessions")["data"] if s["status"] == "RUNNING"]
print(f"--- all {len(blocks)} blocks ran; {len(left)} sessions still running on the mock")
PY
if [ "$status" -ne 0 ]; then
    echo "--- FAILED; the official SDK's log (last 40 lines):" >&2
    tail -n 40 "$SCRATCH/sdk.log" >&2
fi
exit "$status"
