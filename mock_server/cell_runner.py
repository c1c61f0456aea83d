"""Runs one python code cell like a notebook does; executed as a script in the sandbox process.

Usage: ``python -I cell_runner.py CODE_FILE RESULT_FILE``. stdout and stderr are the cell's own;
RESULT_FILE receives ``{"result": repr-or-null, "error": "ExcName: message"-or-null}``, where
the result is the value of a trailing expression statement (when not None).
"""

from __future__ import annotations

import ast
import json
import sys
import traceback
from typing import Any

CELL = "<cell>"


def run_cell(source: str) -> dict[str, Any]:
    outcome: dict[str, Any] = {"result": None, "error": None}
    namespace: dict[str, Any] = {"__name__": "__main__"}
    try:
        tree = ast.parse(source, CELL)
        last = None
        if tree.body and isinstance(tree.body[-1], ast.Expr):
            last = ast.Expression(tree.body[-1].value)
            tree.body.pop()
        exec(compile(tree, CELL, "exec"), namespace)
        if last is not None:
            value = eval(compile(last, CELL, "eval"), namespace)
            if value is not None:
                outcome["result"] = repr(value)
    except SystemExit as exc:
        if exc.code not in (None, 0):
            outcome["error"] = f"SystemExit: {exc.code}"
    except BaseException as exc:
        traceback.print_exception(
            type(exc), exc, exc.__traceback__.tb_next if exc.__traceback__ else None
        )
        outcome["error"] = f"{type(exc).__name__}: {exc}"
    return outcome


def main() -> None:
    code_file, result_file = sys.argv[1], sys.argv[2]
    sys.argv = [CELL]
    with open(code_file, encoding="utf-8") as handle:
        source = handle.read()
    outcome = run_cell(source)
    sys.stdout.flush()
    sys.stderr.flush()
    with open(result_file, "w", encoding="utf-8") as handle:
        json.dump(outcome, handle)


if __name__ == "__main__":
    main()
