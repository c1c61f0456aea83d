"""Fault rules: what they are, how they are written (``kind[=value][@operation][*times]`` on the
command line, JSON objects on ``/_mock/faults``), and the thread-safe rule set that decides
which faults apply to a request."""

from __future__ import annotations

import re
import threading
from dataclasses import asdict, dataclass
from typing import Any

from mock_server.catalogue import TOOLS_BY_KIND
from mock_server.wire import OPERATION_IDS

#: A fault's ``operation`` may also name one MCP tool (``status=503@write_file``).
TOOL_NAMES = frozenset(tool["name"] for tools in TOOLS_BY_KIND.values() for tool in tools)

KINDS = (
    "latency",
    "rate_limit",
    "status",
    "truncated",
    "non_json",
    "envelope_error",
    "drop",
    "lost_response",
    "connect_error",
    "slow_body",
    "huge_body",
)
#: slow_body: seconds between two bytes of the answer; huge_body: the announced body size.
SLOW_BODY_DELAY = 0.5
HUGE_BODY_BYTES = 2_000_000_000
GATEWAY_STATUSES = (500, 502, 503, 504)
_SPEC = re.compile(r"^(?P<kind>\w+)(?:=(?P<value>[^@*]+))?(?:@(?P<op>\w+))?(?:\*(?P<times>\d+))?$")


class FaultError(ValueError):
    """A fault rule that cannot be understood."""


@dataclass
class Fault:
    """One rule. ``operation`` None = every operation; ``times`` None = forever."""

    kind: str
    value: float | int | str | None = None
    operation: str | None = None
    times: int | None = None

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise FaultError(f"unknown fault kind {self.kind!r} (one of {', '.join(KINDS)})")
        if self.operation is not None and self.operation not in OPERATION_IDS | TOOL_NAMES:
            raise FaultError(f"unknown operation {self.operation!r}")
        if self.times is not None and (not isinstance(self.times, int) or self.times < 1):
            raise FaultError("times must be a positive integer")
        self.value = _normalise_value(self.kind, self.value)

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def _normalise_value(kind: str, value: Any) -> float | int | str | None:
    try:
        if kind in ("latency", "rate_limit"):
            seconds = float(1 if value is None and kind == "rate_limit" else value or 0)
            if seconds < 0:
                raise FaultError(f"{kind} needs a non-negative number of seconds")
            return seconds
        if kind == "slow_body":
            delay = float(SLOW_BODY_DELAY if value is None else value)
            if not 0 < delay <= 60:
                raise FaultError("slow_body needs seconds per byte in (0, 60]")
            return delay
        if kind == "huge_body":
            size = int(HUGE_BODY_BYTES if value is None else value)
            if size < 1:
                raise FaultError("huge_body needs a positive number of bytes")
            return size
        if kind == "status":
            status = int(503 if value is None else value)
            if status not in GATEWAY_STATUSES:
                raise FaultError(f"status must be one of {GATEWAY_STATUSES}")
            return status
    except (TypeError, ValueError) as exc:
        if isinstance(exc, FaultError):
            raise
        raise FaultError(f"bad value {value!r} for {kind}") from None
    if kind == "envelope_error":
        return str(value) if value else "ServiceUnavailable"
    if value is not None:
        raise FaultError(f"{kind} takes no value")
    return None


def parse_fault_spec(spec: str) -> Fault:
    """Parse the command-line form, e.g. ``rate_limit=1@createSession*1``."""
    match = _SPEC.match(spec.strip())
    if not match:
        raise FaultError(f"bad fault spec {spec!r}: expected kind[=value][@operation][*times]")
    times = match["times"]
    return Fault(match["kind"], match["value"], match["op"], int(times) if times else None)


def fault_from_json(item: object) -> Fault:
    """A rule from JSON: an object {kind, value, operation, times} or a spec string."""
    if isinstance(item, str):
        return parse_fault_spec(item)
    if not isinstance(item, dict) or not isinstance(item.get("kind"), str):
        raise FaultError("a fault is an object with at least a string 'kind'")
    unknown = set(item) - {"kind", "value", "operation", "times"}
    if unknown:
        raise FaultError(f"unknown fault fields: {', '.join(sorted(unknown))}")
    return Fault(item["kind"], item.get("value"), item.get("operation"), item.get("times"))


class FaultRules:
    """The installed rules. ``take`` consumes the rules that apply to one request."""

    def __init__(self, rules: list[Fault] | None = None) -> None:
        self._lock = threading.Lock()
        self._rules: list[Fault] = list(rules or [])

    def add(self, fault: Fault) -> None:
        with self._lock:
            self._rules.append(fault)

    def replace(self, faults: list[Fault]) -> None:
        with self._lock:
            self._rules = list(faults)

    def clear(self) -> None:
        self.replace([])

    def snapshot(self) -> list[Fault]:
        with self._lock:
            return [Fault(**asdict(rule)) for rule in self._rules]

    def take(self, operation: str, tool: str | None = None) -> list[Fault]:
        """Every matching latency rule, then at most one other matching rule (first wins).

        A rule matches when its operation is unset, is ``operation``, or is ``tool`` (the MCP tool
        a callMcpTool request names).
        """
        taken: list[Fault] = []
        with self._lock:
            for rule in list(self._rules):
                if rule.operation not in (None, operation) and (
                    tool is None or rule.operation != tool
                ):
                    continue
                if rule.kind != "latency" and any(t.kind != "latency" for t in taken):
                    continue
                taken.append(rule)
                if rule.times is not None:
                    rule.times -= 1
                    if rule.times == 0:
                        self._rules.remove(rule)
        return taken
