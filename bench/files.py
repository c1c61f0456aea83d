"""Figure: reading and writing a 10 MB file with ``session.file`` vs the official SDK's access
pattern (one 50 KB ``read_file``, or 50 K-character ``write_file``, after another) replayed on a
bare httpx.Client against the same mock. Targets: read <= 0.3x, write <= 1.0x."""

from __future__ import annotations

import base64
import json
import os
from typing import Any

import httpx

from agb import AGB, Config, CreateSessionParams
from bench.common import IMAGE, KEY, Line, timed

SIZE = 10 * 1024 * 1024
CHUNK = 50 * 1024
ROUNDS = 5
PATH = "/tmp/bench-10mb.txt"


class Bare:
    """The official SDK's sequence of tool calls, on a bare client."""

    def __init__(self, url: str, session_id: str) -> None:
        self.http = httpx.Client(base_url=url, headers={"authorization": f"Bearer {KEY}"})
        self.session_id = session_id

    def tool(self, name: str, args: dict[str, Any]) -> str:
        body = {"sessionId": self.session_id, "name": name, "args": json.dumps(args)}
        answer = self.http.post("/mcp", params={"autoGenSession": "false"}, json=body).json()
        result = answer["data"]
        assert answer["success"] and not result.get("isError"), answer
        return "\n".join(item["text"] for item in result["content"] if item["type"] == "text")

    def read(self, path: str) -> str:
        info = self.tool("get_file_info", {"path": path})
        size = int(next(line for line in info.split("\n") if line.startswith("size:"))[5:])
        parts = []
        for offset in range(0, size, CHUNK):
            args = {"path": path, "offset": offset, "length": min(CHUNK, size - offset)}
            parts.append(self.tool("read_file", args))
        return "".join(parts)

    def write(self, path: str, content: str) -> None:
        for start in range(0, len(content), CHUNK):
            mode = "overwrite" if start == 0 else "append"
            self.tool(
                "write_file",
                {"path": path, "content": content[start : start + CHUNK], "mode": mode},
            )


def run(url: str) -> list[Line]:
    sdk = AGB(api_key=KEY, cfg=Config(endpoint=url, timeout_ms=300_000))
    session = sdk.create(CreateSessionParams(image_id=IMAGE)).session
    bare = Bare(url, session.session_id)
    # Random ASCII text (base64 of random bytes), so both patterns read back what was written.
    content = base64.b64encode(os.urandom(SIZE * 3 // 4)).decode("ascii")[:SIZE]
    assert session.file.write(PATH, content).success
    assert session.file.read(PATH).content == content == bare.read(PATH)
    reads_sdk, reads_bare, writes_sdk, writes_bare = [], [], [], []
    for _ in range(ROUNDS):  # alternated, so drift hits both alike
        reads_sdk.append(timed(lambda: session.file.read(PATH)))
        reads_bare.append(timed(lambda: bare.read(PATH)))
        writes_sdk.append(timed(lambda: session.file.write(PATH, content)))
        writes_bare.append(timed(lambda: bare.write(PATH, content)))
    sdk.delete(session)
    sdk.close()
    bare.http.close()
    read, read_bare = min(reads_sdk), min(reads_bare)
    write, write_bare = min(writes_sdk), min(writes_bare)
    return [
        Line(read / read_bare, f"session.file.read of 10 MB vs 50 KB read_file calls one after "
             f"another on bare httpx (best of {ROUNDS}: {read:.2f} vs {read_bare:.2f} s; "
             "target <= 0.3)"),
        Line(write / write_bare, f"session.file.write of 10 MB vs the same 50 K-character "
             f"write_file calls on bare httpx (best of {ROUNDS}: {write:.2f} vs {write_bare:.2f} "
             "s; target <= 1.0)"),
    ]  # fmt: skip


if __name__ == "__main__":
    from mock_server.process import spawn

    with spawn("--api-key", KEY) as url:
        for line in run(url):
            print(line, flush=True)
