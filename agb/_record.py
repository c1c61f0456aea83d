"""``Record``: a plain slotted class with a field-wise ``repr`` and ``==``.

Result and step classes are written as plain classes over this base instead of attrs or
dataclasses, which compile code for every class at import time; this keeps ``import agb`` cheap.
"""

from __future__ import annotations

from typing import Any


class Record:
    """Subclasses list their fields in ``__slots__`` and assign them all in ``__init__``."""

    __slots__ = ()

    def _fields(self) -> list[str]:
        return [n for c in reversed(type(self).__mro__) for n in getattr(c, "__slots__", ())]

    def __repr__(self) -> str:
        fields = ", ".join(f"{n}={getattr(self, n)!r}" for n in self._fields() if n[0] != "_")
        return f"{type(self).__name__}({fields})"

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return all(getattr(self, n) == getattr(other, n) for n in self._fields())

    __hash__ = None  # type: ignore[assignment]

    def __getstate__(self) -> dict[str, Any]:
        return {n: getattr(self, n) for n in self._fields()}

    def __setstate__(self, state: dict[str, Any]) -> None:
        for name, value in state.items():
            object.__setattr__(self, name, value)
