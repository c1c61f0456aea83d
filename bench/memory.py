"""Figure 5: memory per 1,000 live Session objects, each class measured in a fresh interpreter."""

from __future__ import annotations

import json
import subprocess
import sys

from bench.common import Line

COUNT = 10_000
PROBE = f"""
import json, resource, sys, tracemalloc
from agb import AGB, Config, Session

class PlainSession:  # what a plain class with the same attributes costs
    def __init__(self, agb, session_id, image_id):
        self.agb, self.session_id, self.image_id = agb, session_id, image_id
        self.resource_url = self.app_instance_id = self.resource_id = ""
        self.link_url = self.ws_url = self.token = ""
        self.tool_list, self.code, self.command = [], object(), object()

def statm_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * resource.getpagesize() / 1024

agb = AGB(api_key="akm-bench-key-0000000000001", cfg=Config(endpoint="http://127.0.0.1:9"))
cls = {{"Session": Session, "PlainSession": PlainSession}}[sys.argv[1]]
tracemalloc.start()
rss = statm_kib()
kept = [cls(agb, f"session-{{i:024x}}", "agb-code-space-1") for i in range({COUNT})]
print(json.dumps([statm_kib() - rss, tracemalloc.get_traced_memory()[0]]))
"""


def probe(class_name: str) -> list[float]:
    """[RSS growth in KiB, traced bytes] for COUNT objects, in a fresh interpreter."""
    command = [sys.executable, "-c", PROBE, class_name]
    out = subprocess.run(command, capture_output=True, text=True, check=True)
    return list(json.loads(out.stdout))


def run(url: str) -> list[Line]:
    per = COUNT / 1000
    rss, traced = (v / per for v in probe("Session"))
    plain_rss, plain_traced = (v / per for v in probe("PlainSession"))
    text = (
        f"memory per 1,000 live Session objects vs a plain-class equivalent (tracemalloc "
        f"{traced / 1024:.0f} vs {plain_traced / 1024:.0f} KiB; RSS growth {rss:.0f} vs "
        f"{plain_rss:.0f} KiB)"
    )
    return [Line(traced / plain_traced, text)]
