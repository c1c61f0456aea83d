"""What every figure shares: the printed line, medians, the key and the image used."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable

KEY = "akm-bench-key-0000000000001"
IMAGE = "agb-code-space-1"


class Line:
    """One printed figure: the ratio first, then what was compared and the raw numbers."""

    def __init__(self, ratio: float, text: str) -> None:
        self.ratio = ratio
        self.text = text

    def __str__(self) -> str:
        return f"{self.ratio:5.2f}x  {self.text}"


def median_ms(samples: list[float]) -> float:
    return statistics.median(samples) * 1000


def timed(call: Callable[[], object]) -> float:
    started = time.perf_counter()
    call()
    return time.perf_counter() - started
