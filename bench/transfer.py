"""Figure: 10 MB up and down through presigned URLs (``session.file.upload``/``download``).

Each direction runs in a fresh interpreter under tracemalloc; the ratio is the peak memory the
call took over the file's size, so a streamed transfer shows a small fraction, a buffered one
1x or more. The text also gives the time, and that of a bare httpx ``PUT``/``GET`` of the same
bytes to fresh URLs of the same context (the floor: no sync, no waiting).
"""

from __future__ import annotations

import json
import subprocess
import sys

from bench.common import IMAGE, KEY, Line

SIZE = 10 * 1024 * 1024
PROBE = f"""
import json, os, sys, tempfile, time, tracemalloc
import httpx
from agb import AGB, Config, CreateSessionParams

url, direction = sys.argv[1], sys.argv[2]
folder = tempfile.mkdtemp()
local = os.path.join(folder, "blob.bin")
with open(local, "wb") as f:
    f.write(os.urandom({SIZE}))
sdk = AGB(api_key="{KEY}", cfg=Config(endpoint=url))
session = sdk.create(CreateSessionParams(image_id="{IMAGE}")).session
remote = session.file.transfer_path() + "/blob.bin"
context_id = session.file._transfer_context[0]
if direction == "download":
    assert session.file.upload(local, remote).success
tracemalloc.start()
started = time.perf_counter()
if direction == "upload":
    result = session.file.upload(local, remote)
else:
    result = session.file.download(remote, os.path.join(folder, "copy.bin"))
elapsed = time.perf_counter() - started
peak = tracemalloc.get_traced_memory()[1]
tracemalloc.stop()
assert result.success, result.error_message
with httpx.Client() as bare:
    started = time.perf_counter()
    if direction == "upload":
        target = sdk.context.get_file_upload_url(context_id, remote + ".bare").url
        with open(local, "rb") as f:
            assert bare.put(target, content=f).status_code == 200
    else:
        target = sdk.context.get_file_download_url(context_id, remote).url
        with bare.stream("GET", target) as answer, open(os.path.join(folder, "b.bin"), "wb") as f:
            for chunk in answer.iter_bytes():
                f.write(chunk)
    floor = time.perf_counter() - started
session.delete()
print(json.dumps([elapsed, peak, floor]))
"""


def probe(url: str, direction: str) -> list[float]:
    out = subprocess.run(
        [sys.executable, "-c", PROBE, url, direction], capture_output=True, text=True, check=True
    )
    return list(json.loads(out.stdout))


def run(url: str) -> list[Line]:
    lines = []
    for direction in ("upload", "download"):
        elapsed, peak, floor = probe(url, direction)
        text = (
            f"{direction} of 10 MB through a presigned URL: peak traced memory over file size "
            f"({peak / 1024:.0f} KiB for {SIZE // 1024} KiB; {elapsed * 1000:.0f} ms with "
            f"sync and wait, bare httpx transfer alone {floor * 1000:.0f} ms)"
        )
        lines.append(Line(peak / SIZE, text))
    return lines
