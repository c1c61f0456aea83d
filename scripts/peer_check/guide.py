"""Run every python block of a user guide, in order and in one namespace, against the mock at
$AGB_ENDPOINT; exit 1 at the first block that raises. Run by `make peer-check` with either SDK's
interpreter (stdlib only here): ``python guide.py GUIDE.md [FIRST-LAST]`` (only blocks FIRST to
LAST, counted from 1, for pages whose later blocks are fragments)."""

from __future__ import annotations

import json
import os
import re
import sys
import traceback
import urllib.request


def _call(url: str, method: str, path: str, body: bytes | None = None) -> dict:
    request = urllib.request.Request(
        url + path, method=method, data=body, headers={"authorization": "Bearer peer-check"}
    )
    with urllib.request.urlopen(request) as response:
        return json.load(response)


def main(guide: str, span: str = "") -> int:
    url = os.environ["AGB_ENDPOINT"]
    # The listing and paging blocks page through sessions labelled project=demo: seed some.
    labels = json.dumps({"labels": json.dumps({"project": "demo"})}).encode()
    for _ in range(12):
        _call(url, "POST", "/mcp/createSession?imageId=agb-code-space-1", labels)
    with open(guide, encoding="utf-8") as source:
        blocks = re.findall(r"```python(?: \[Python\])?\n(.*?)```", source.read(), re.S)
    if span:
        first, _, last = span.partition("-")
        blocks = blocks[int(first) - 1 : int(last or first)]
    namespace = {"__name__": "__guide__"}
    for number, block in enumerate(blocks, 1):
        print(f"--- block {number}/{len(blocks)}: {block.strip().splitlines()[0]}", flush=True)
        try:
            exec(compile(block, f"{guide}#block{number}", "exec"), namespace)
        except BaseException:
            traceback.print_exc(file=sys.stdout)
            return 1
    print(f"--- all {len(blocks)} blocks ran")
    return 0


if __name__ == "__main__":
    sys.exit(main(*sys.argv[1:3]))
