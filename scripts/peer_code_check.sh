#!/usr/bin/env bash
# Run the official SDK's code-execution units (rich outputs, streaming, command options) with
# BOTH the official agbcloud-sdk and ours, against our mock (`python -m mock_server`) on loopback.
# Each unit prints PASS/FAIL per SDK; exit status is non-zero when any unit fails.
#
#   AGB_OFFICIAL_VENV=/path/to/venv   a venv with agbcloud-sdk 0.12.0 (default /work/peer/official-venv)
#   AGB_PEER_SDK=/path/to/checkout    the official repository checkout (default /work/peer/agbcloud-sdk)
#
# Units (paths in the official checkout):
#   tests/integration/test_enhanced_code_integration.py          (all of it; pytest)
#   python/tests/integration/test_code_ws_stream_integration.py   (pytest; with ours only the
#       stream_beta test: the other drives the official SDK's private WS client,
#       session._get_ws_client() and agb.modules.ws, which are not part of the public API)
#   docs/examples/code_execution/multiple_results_demo.py         (every scenario, no failure)
#   docs/code-interpreting/stream-outputs.md, first python block  (chunks arrive, run succeeds)
#   tests/integration/test_agb_command.py as a script              (cwd, envs, detailed results)
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OFFICIAL_VENV="${AGB_OFFICIAL_VENV:-/work/peer/official-venv}"
PEER="${AGB_PEER_SDK:-/work/peer/agbcloud-sdk}"
OURS="$ROOT/.venv/bin/python"
SCRATCH="$(mktemp -d)"
MOCK_PID=""
cleanup() {
    if [ -n "$MOCK_PID" ]; then kill "$MOCK_PID" 2>/dev/null; wait "$MOCK_PID" 2>/dev/null; fi
    rm -rf "$SCRATCH"
}
trap cleanup EXIT

(cd "$ROOT" && exec "$OURS" -m mock_server --api-key akm-peer) >"$SCRATCH/url" 2>"$SCRATCH/mock.err" &
MOCK_PID=$!
for _ in $(seq 100); do [ -s "$SCRATCH/url" ] && break; sleep 0.1; done
URL="$(head -n 1 "$SCRATCH/url")"
case "$URL" in http://127.0.0.1:*) ;; *) echo "the mock did not start" >&2; cat "$SCRATCH/mock.err" >&2; exit 2;; esac
export AGB_API_KEY=akm-peer AGB_ENDPOINT="$URL"

mkdir -p "$SCRATCH/units"
cp "$PEER/tests/integration/test_enhanced_code_integration.py" \
   "$PEER/python/tests/integration/test_code_ws_stream_integration.py" \
   "$PEER/tests/integration/test_agb_command.py" \
   "$PEER/docs/examples/code_execution/multiple_results_demo.py" "$SCRATCH/units/"
python3 - "$PEER/docs/code-interpreting/stream-outputs.md" "$SCRATCH/units/stream_outputs.py" <<'PY'
import re, sys
blocks = re.findall(r"```python \[Python\]\n(.*?)```", open(sys.argv[1], encoding="utf-8").read(), re.S)
open(sys.argv[2], "w", encoding="utf-8").write(blocks[0])
PY
# Ours has no agb.modules.ws (the official SDK's private WS client): drop that import only.
sed '/^from agb.modules.ws.exceptions import/d' "$SCRATCH/units/test_code_ws_stream_integration.py" \
    >"$SCRATCH/units/test_code_ws_stream_public.py"

failed=0
report() {  # name sdk status log
    if [ "$3" -eq 0 ]; then echo "PASS  $2  $1"; else echo "FAIL  $2  $1 (log: $4)"; tail -n 20 "$4"; failed=1; fi
}
cd "$SCRATCH/units"  # outside the repository: `import agb` is the SDK under test
for sdk in official ours; do
    if [ "$sdk" = official ]; then PY="$OFFICIAL_VENV/bin/python"; else PY="$OURS"; fi
    log="$SCRATCH/$sdk"
    "$PY" -m pytest -q -p no:cacheprovider -W ignore test_enhanced_code_integration.py >"$log.enhanced" 2>&1
    report test_enhanced_code_integration.py $sdk $? "$log.enhanced"
    if [ "$sdk" = official ]; then
        "$PY" -m pytest -q -p no:cacheprovider -W ignore test_code_ws_stream_integration.py >"$log.ws" 2>&1
    else
        "$PY" -m pytest -q -p no:cacheprovider -W ignore test_code_ws_stream_public.py \
            -k test_run_code_ws_streaming_e2e >"$log.ws" 2>&1
    fi
    report test_code_ws_stream_integration.py $sdk $? "$log.ws"
    printf '\n\n\n\n\n\n' | "$PY" multiple_results_demo.py >"$log.demo" 2>&1 \
        && grep -q "All demo scenarios completed" "$log.demo" && ! grep -q "❌" "$log.demo"
    report multiple_results_demo.py $sdk $? "$log.demo"
    "$PY" stream_outputs.py >"$log.stream" 2>&1 && grep -q "\[STDOUT\] Progress: 5/5" "$log.stream" \
        && grep -q "Execution completed" "$log.stream"
    report stream-outputs.md $sdk $? "$log.stream"
    "$PY" test_agb_command.py >"$log.command" 2>&1 \
        && grep -q "successfully with cwd and envs" "$log.command" \
        && grep -A3 "successfully with cwd and envs" "$log.command" | grep -q "working_dir_test"
    report "test_agb_command.py (cwd, envs)" $sdk $? "$log.command"
done
exit $failed
