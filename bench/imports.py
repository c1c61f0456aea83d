"""Figure 1: cold import time of the SDK vs ``import httpx, attrs``, in fresh interpreters."""

from __future__ import annotations

import subprocess
import sys

from bench.common import Line, median_ms

RUNS = 9
FLOOR = "import httpx, attrs"


def cold_import(statement: str) -> float:
    code = f"import time; t = time.perf_counter(); {statement}; print(time.perf_counter() - t)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return float(out.stdout)


def run(url: str) -> list[Line]:
    lines = []
    for statement in ("import agb", "from agb import AGB, CreateSessionParams"):
        sdk, floor = [], []
        for _ in range(RUNS):  # interleaved, so drift hits both alike
            sdk.append(cold_import(statement))
            floor.append(cold_import(FLOOR))
        a, f = median_ms(sdk), median_ms(floor)
        text = f"{statement} vs {FLOOR} (median of {RUNS}: {a:.1f} vs {f:.1f} ms; target <= 1.4)"
        lines.append(Line(a / f, text))
    return lines
