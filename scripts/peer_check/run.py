"""`make peer-check`: run the official SDK's own tests and examples, unchanged, against
``python -m mock_server`` on loopback, once with the official ``agbcloud-sdk`` and once with
ours installed instead, and print one line per unit and a summary.

What runs is the scope table ``scope.tsv`` next to this file (one row per file: path, scope,
and for skipped ones the reason; a ``path::test_name`` row skips just that test of a file).
The sources are never copied into this repository: they are
staged in a temporary directory that has no ``agb/`` package, so that the tests' own
``sys.path.insert(0, <project root>)`` cannot reach the checkout's copy of the official SDK;
``guard/sitecustomize.py`` records in every unit which ``agb`` was imported, and a unit of the
ours-side that imported anything from the checkout is a failure.

    python scripts/peer_check/run.py --peer-src PATH --cookbook-src PATH [--only TEXT] [-j N]

Environment: PEER_OFFICIAL_VENV / PEER_OURS_VENV reuse a venv (else a throwaway one is made;
ours is always reinstalled from this repository into it), AGB_GUIDE_DIR where the user guide
lives (default ../shared/reference from the repository root).
"""

from __future__ import annotations

import argparse
import concurrent.futures
import json
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ElementTree
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent.parent
sys.path.insert(0, str(REPO))

from mock_server.process import MockProcess  # noqa: E402

#: Every file under these globs must have a row in the scope table.
COVERED = {
    "sdk": ["python/tests/integration/*.py", "python/tests/unit/*.py", "docs/examples/**/*.py"],
    "cookbook": ["examples/**/*.py"],
}
#: What each side's venv needs besides the SDK under test: the official tests' own imports.
# What the units themselves import beyond the SDK (h2: test_context_file_urls_integration.py
# opens its own httpx.Client(http2=True) to fetch the presigned URLs).
TEST_DEPS = ["pytest", "pytest-asyncio", "python-dotenv", "h2"]
OFFICIAL_SPEC = os.environ.get("PEER_OFFICIAL_SPEC", "agbcloud-sdk==0.12.0")
SIDES = ("ours", "official")
API_KEY = "peer-check-key"


@dataclass
class Row:
    """One row of the scope table."""

    path: str
    scope: str
    reason: str = ""
    # Tests of this file that have their own skip row ("path::test_name"): not run.
    deselect: list[str] = field(default_factory=list)

    @property
    def kind(self) -> str:
        if self.path.startswith("guide:") or self.path.endswith(".md"):
            return "guide"  # a markdown page whose python blocks run in order
        if self.scope.endswith("@script"):  # a test file meant to be run by its main()
            return "script"
        return "pytest" if Path(self.path).name.startswith("test_") else "script"


@dataclass
class Outcome:
    """What one unit (a test function, or a whole script) did on one side."""

    status: str  # PASS, FAIL
    detail: str = ""


@dataclass
class SideRun:
    """One side's results: unit name -> outcome, plus the guard's findings."""

    side: str
    results: dict[str, Outcome] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)


def load_scope(path: Path) -> list[Row]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        cells = line.split("\t")
        if len(cells) < 2 or (cells[1] == "skip" and len(cells) < 3):
            raise SystemExit(f"{path}:{number}: want 'path<TAB>scope[<TAB>reason]': {line!r}")
        if "::" in cells[0] and cells[1] != "skip":
            raise SystemExit(f"{path}:{number}: a row for one test can only skip it: {line!r}")
        rows.append(Row(cells[0], cells[1], cells[2] if len(cells) > 2 else ""))
    files = {row.path: row for row in rows}
    for row in rows:
        file, _, test = row.path.partition("::")
        if test:
            if file not in files:
                raise SystemExit(f"{path}: {row.path} has no row for its file {file}")
            files[file].deselect.append(test)
    return rows


def check_coverage(rows: list[Row], roots: dict[str, Path]) -> list[str]:
    """Files under the covered globs that have no row, and rows whose file does not exist."""
    known = {row.path for row in rows}
    problems = []
    for prefix, globs in COVERED.items():
        for pattern in globs:
            for file in sorted(roots[prefix].glob(pattern)):
                name = f"{prefix}:{file.relative_to(roots[prefix]).as_posix()}"
                if name not in known:
                    problems.append(f"no row in the scope table for {name}")
    for row in rows:
        prefix, _, rel = row.path.split("::")[0].partition(":")
        if prefix == "guide" and not (roots[prefix] / rel).is_file():
            row.scope, row.reason = "skip", f"not found in {roots[prefix]} (set AGB_GUIDE_DIR)"
        elif not (roots[prefix] / rel).is_file():
            problems.append(f"scope table row for a missing file: {row.path}")
    return problems


def stage(roots: dict[str, Path], into: Path) -> dict[str, Path]:
    """Copy the sources the units need into ``into`` (outside this repository), without any
    ``agb`` package, so that nothing in the stage can shadow the SDK under test."""
    staged = {"guide": roots["guide"]}
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", ".env")
    sdk = into / "sdk"
    for sub in ("python/tests", "docs/examples", "docs/code-interpreting"):
        shutil.copytree(roots["sdk"] / sub, sdk / sub, ignore=ignore)
    shutil.copytree(roots["cookbook"] / "examples", into / "cookbook" / "examples", ignore=ignore)
    staged.update(sdk=sdk, cookbook=into / "cookbook")
    for prefix in ("sdk", "cookbook"):
        if any(staged[prefix].glob("**/agb/__init__.py")):
            raise SystemExit(f"the stage {staged[prefix]} has an agb/ package")
    # The checkout's pytest.ini would put its root (with the official agb/) on sys.path.
    (into / "pytest.ini").write_text("[pytest]\n", encoding="utf-8")
    return staged


def run(command: list[str], **kwargs: object) -> None:
    subprocess.run(command, check=True, **kwargs)  # type: ignore[call-overload]


def prepare_venv(side: str, reuse: str | None, scratch: Path) -> Path:
    """The interpreter of ``side``'s venv, made (or reused) and checked."""
    venv = Path(reuse) if reuse else scratch / f"{side}-venv"
    python = venv / "bin" / "python"
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    if not reuse:
        print(f"peer-check: making a throwaway venv for {side} in {venv}", flush=True)
        run([sys.executable, "-m", "venv", str(venv)])
        sdk = OFFICIAL_SPEC if side == "official" else str(REPO)
        run([*pip, *TEST_DEPS, sdk])
    if side == "ours":
        missing = subprocess.run(
            [str(python), "-c", "import pytest, pytest_asyncio, dotenv, h2"], capture_output=True
        )
        if missing.returncode:
            run([*pip, *TEST_DEPS])
        # Always the current state of this repository, and never the official package.
        run([*pip, "--no-deps", "--force-reinstall", str(REPO)])
        subprocess.run(
            [str(python), "-m", "pip", "uninstall", "--quiet", "--yes", "agbcloud-sdk"],
            capture_output=True,
        )
    probe = subprocess.run(
        [
            str(python),
            "-c",
            "import importlib.metadata as m, agb, json\n"
            "try:\n    official = m.version('agbcloud-sdk')\nexcept m.PackageNotFoundError:\n"
            "    official = None\n"
            "print(json.dumps({'agb': agb.__file__, 'official': official}))",
        ],
        capture_output=True,
        text=True,
        cwd=scratch,
    )
    if probe.returncode:
        raise SystemExit(f"{side}: agb is not importable in {venv}:\n{probe.stderr}")
    found = json.loads(probe.stdout)
    if side == "ours" and found["official"]:
        raise SystemExit(f"ours: agbcloud-sdk {found['official']} is installed in {venv}")
    if side == "official" and not found["official"]:
        raise SystemExit(f"official: agbcloud-sdk is not installed in {venv}")
    print(f"peer-check: {side}: agb from {found['agb']}", flush=True)
    return python


def expected_agb(python: Path, side: str, scratch: Path) -> str:
    """Directory the side's ``agb`` package must be imported from."""
    out = subprocess.run(
        [str(python), "-c", "import agb, os; print(os.path.dirname(agb.__file__))"],
        capture_output=True,
        text=True,
        check=True,
        cwd=scratch,
    )
    return out.stdout.strip()


class Runner:
    """Runs units of one side against that side's mock."""

    def __init__(
        self,
        side: str,
        python: Path,
        url: str,
        staged: dict[str, Path],
        args: argparse.Namespace,
        logs: Path,
        forbid: list[str],
    ) -> None:
        self.side, self.python, self.url, self.staged = side, python, url, staged
        self.args, self.logs, self.forbid = args, logs / side, forbid
        self.logs.mkdir(parents=True, exist_ok=True)
        self.agb_dir = expected_agb(python, side, logs)

    def env(self, guard_log: Path) -> dict[str, str]:
        env = {
            k: v
            for k, v in os.environ.items()
            if not k.startswith(("AGB_", "PYTHON", "VIRTUAL_ENV"))
        }
        env.update(
            AGB_API_KEY=API_KEY,
            AGB_ENDPOINT=self.url,
            PYTHONPATH=str(HERE / "guard"),
            PYTHONUNBUFFERED="1",
            PEER_GUARD_LOG=str(guard_log),
            PEER_GUARD_FORBID=os.pathsep.join(self.forbid),
            PEER_TEST_TIMEOUT=str(self.args.test_timeout),
        )
        return env

    def execute(self, row: Row) -> dict[str, Outcome]:
        prefix, _, rel = row.path.partition(":")
        source = self.staged[prefix] / rel
        slug = row.path.replace(":", "_").replace("/", "_")
        work = Path(tempfile.mkdtemp(prefix=f"{slug}-", dir=self.logs))
        guard_log, output, junit = work / "guard.jsonl", work / "output.txt", work / "junit.xml"
        if row.kind == "pytest":
            command = [
                str(self.python),
                "-m",
                "pytest",
                str(source),
                "-p",
                "peer_guard",
                "-q",
                "-o",
                "addopts=",
                "-p",
                "no:cacheprovider",
                f"--rootdir={source.parent}",
                "-c",
                str(self.staged["sdk"].parent / "pytest.ini"),
                f"--junitxml={junit}",
                *(f"--deselect={source.name}::{test}" for test in row.deselect),
            ]
        elif row.kind == "guide":
            # A run row's third column "blocks: FIRST-LAST" runs only those blocks of the page.
            span = row.reason.split("blocks: ", 1)[1] if row.reason.startswith("blocks: ") else ""
            command = [
                str(self.python),
                str(HERE / "guide.py"),
                str(source),
                *([span] * bool(span)),
            ]
        else:
            command = [str(self.python), str(source)]
        started = time.monotonic()
        # Examples that wait for Enter between steps get it (a script reading more fails).
        enter = work / "stdin.txt"
        enter.write_text("\n" * 100, encoding="utf-8")
        with output.open("w", encoding="utf-8") as out, enter.open("rb") as keys:
            process = subprocess.Popen(
                command,
                cwd=work,
                env=self.env(guard_log),
                stdin=keys,
                stdout=out,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
            try:
                code: int | None = process.wait(timeout=self.args.unit_timeout)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()
                code = None
        elapsed = time.monotonic() - started
        violation = self.guard_violation(guard_log)
        results: dict[str, Outcome] = {}
        if row.kind == "pytest":
            results = parse_junit(junit, row.path)
        if code is None:
            why = f"timed out after {self.args.unit_timeout} s (log: {output})"
            results = {
                name: Outcome("FAIL", why) if o.status == "PASS" else o
                for name, o in results.items()
            }
            results.setdefault(row.path, Outcome("FAIL", why)) if not results else None
        elif not results:
            # Examples catch and print most errors and still exit 0: a script passes when it
            # ran to its end without an uncaught exception, which is all one can judge from it.
            text = output.read_text(encoding="utf-8", errors="replace")
            # A run row's third column "fail-if: TEXT" (the script prints TEXT for a failure it
            # caught) or "expect: TEXT" (it prints TEXT when the part that matters worked).
            rule, _, marker = row.reason.partition(": ")
            if rule == "fail-if" and marker in text:
                why = f"printed {marker!r} (a failure it caught; log: {output})"
                results[row.path] = Outcome("FAIL", why)
            elif rule == "expect" and marker not in text:
                why = f"did not print {marker!r} (log: {output})"
                results[row.path] = Outcome("FAIL", why)
            elif code == 0 and "Traceback (most recent call last)" not in text:
                results[row.path] = Outcome("PASS")
            else:
                why = f"exit status {code}: {last_line(output)} (log: {output})"
                results[row.path] = Outcome("FAIL", why)
        if violation:
            results = {name: Outcome("FAIL", violation) for name in results}
        with (self.logs / "units.log").open("a", encoding="utf-8") as log:
            log.write(f"{row.path} exit={code} {elapsed:.1f}s {output}\n")
        return results

    def guard_violation(self, guard_log: Path) -> str:
        if not guard_log.exists():
            return ""
        for line in guard_log.read_text(encoding="utf-8").splitlines():
            record = json.loads(line)
            if record["leaked"]:
                return f"imported from the official checkout: {', '.join(record['leaked'][:5])}"
            if record["agb"] and not record["agb"].startswith(self.agb_dir):
                return f"agb imported from {record['agb']}, not {self.agb_dir}"
        return ""


def parse_junit(path: Path, unit: str) -> dict[str, Outcome]:
    """Test name -> outcome from pytest's junit XML (skipped tests are left out)."""
    if not path.exists():
        return {}
    results = {}
    for case in ElementTree.parse(path).getroot().iter("testcase"):
        if not case.get("classname"):  # the file itself did not import or collect
            error = case.find("error")
            text = (error.text or "") if error is not None else ""
            lines = [line[1:].strip() for line in text.splitlines() if line.startswith("E ")]
            results[unit] = Outcome("FAIL", (lines[-1] if lines else "collection failed")[:300])
            continue
        owner = (case.get("classname") or "").rsplit(".", 1)[-1]
        name = f"{unit}::{case.get('name')}"
        if owner and owner != Path(unit).stem:
            name = f"{unit}::{owner}::{case.get('name')}"
        problem = case.find("failure")
        if problem is None:
            problem = case.find("error")
        if case.find("skipped") is not None:
            results[name] = Outcome("SKIP", (case.find("skipped").get("message") or "")[:200])  # type: ignore[union-attr]
        elif problem is not None:
            message = (problem.get("message") or problem.text or "").strip().splitlines()
            results[name] = Outcome("FAIL", message[0][:300] if message else "")
        else:
            results[name] = Outcome("PASS")
    return results


def last_line(path: Path) -> str:
    lines = [
        line
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines()
        if line.strip()
    ]
    return lines[-1][:300] if lines else ""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--peer-src", required=True, type=Path)
    parser.add_argument("--cookbook-src", required=True, type=Path)
    parser.add_argument(
        "--guide-dir",
        type=Path,
        default=Path(os.environ.get("AGB_GUIDE_DIR", REPO.parent / "shared" / "reference")),
    )
    parser.add_argument(
        "--only", action="append", default=[], help="run rows whose path contains this (repeat)"
    )
    parser.add_argument("--side", choices=[*SIDES, "both"], default="both")
    parser.add_argument("--unit-timeout", type=int, default=300, help="seconds per file or script")
    parser.add_argument("--test-timeout", type=int, default=180, help="seconds per test function")
    parser.add_argument("-j", "--jobs", type=int, default=2, help="units in parallel per side")
    parser.add_argument("--logs", type=Path, default=REPO / ".peer-check")
    args = parser.parse_args()

    roots = {
        "sdk": args.peer_src.resolve(),
        "cookbook": args.cookbook_src.resolve(),
        "guide": args.guide_dir.resolve(),
    }
    for name in ("sdk", "cookbook"):
        if not roots[name].is_dir():
            raise SystemExit(f"peer-check: {name} source {roots[name]} is not a directory")
    rows = load_scope(HERE / "scope.tsv")
    problems = check_coverage(rows, roots)
    if problems:
        raise SystemExit("peer-check: the scope table is out of date:\n  " + "\n  ".join(problems))
    selected = [row for row in rows if not args.only or any(text in row.path for text in args.only)]
    active = [row for row in selected if row.scope != "skip"]
    sides = SIDES if args.side == "both" else (args.side,)

    shutil.rmtree(args.logs, ignore_errors=True)
    args.logs.mkdir(parents=True)
    with tempfile.TemporaryDirectory(prefix="peer-check-") as tmp:
        scratch = Path(tmp)
        staged = stage(roots, scratch / "stage")
        pythons = {
            side: prepare_venv(side, os.environ.get(f"PEER_{side.upper()}_VENV"), scratch)
            for side in sides
        }
        # No module of either side may come from the checkout (the stage has no agb/ at all).
        forbid = [str(roots["sdk"]) + os.sep]
        runs = {side: SideRun(side) for side in sides}
        mocks = {side: MockProcess() for side in sides}
        try:
            runners = {
                side: Runner(side, pythons[side], mocks[side].url, staged, args, args.logs, forbid)
                for side in sides
            }
            jobs = [(side, row) for row in active for side in sides]
            with concurrent.futures.ThreadPoolExecutor(
                max_workers=max(1, args.jobs) * len(sides)
            ) as pool:
                futures = {
                    pool.submit(runners[side].execute, row): (side, row) for side, row in jobs
                }
                for future in concurrent.futures.as_completed(futures):
                    side, row = futures[future]
                    for name, outcome in future.result().items():
                        runs[side].results[name] = outcome
                    print(f"peer-check: {side} done: {row.path}", file=sys.stderr, flush=True)
        finally:
            for mock in mocks.values():
                mock.stop()
    return report(rows, selected, runs, sides, args.logs)


def outcome(run: SideRun, unit: str) -> Outcome:
    """The unit's outcome on one side; a test its file never got to has the file's failure."""
    if unit in run.results:
        return run.results[unit]
    return run.results.get(unit.split("::")[0], Outcome("FAIL", "no result"))


def report(
    rows: list[Row],
    selected: list[Row],
    runs: dict[str, SideRun],
    sides: tuple[str, ...],
    logs: Path,
) -> int:
    units: list[str] = []
    for row in selected:
        if row.scope == "skip":
            continue
        names = sorted(
            {
                name
                for run in runs.values()
                for name in run.results
                if name == row.path or name.startswith(row.path + "::")
            }
        )
        # The file's own entry stands for it only when no test of it was reported.
        tests = [name for name in names if name != row.path]
        units.extend(tests or [row.path])
    print()
    print("  ".join(f"{side:<8}" for side in sides) + "unit")
    for unit in units:
        cells = [outcome(runs[side], unit).status for side in sides]
        print("  ".join(f"{cell:<8}" for cell in cells) + unit)
    print()
    print("skipped (not run):")
    for row in selected:
        if row.scope == "skip":
            print(f"  SKIP {row.path}: {row.reason}")

    def tally(side: str) -> str:
        outcomes = [outcome(runs[side], unit).status for unit in units]
        return f"{side} {outcomes.count('PASS')}/{len(outcomes) - outcomes.count('SKIP')}"

    summary = ", ".join(tally(side) for side in sides)
    if len(sides) == 2:
        regressions = [
            u
            for u in units
            if outcome(runs["official"], u).status == "PASS"
            and outcome(runs["ours"], u).status != "PASS"
        ]
        print()
        print(f"pass with official, fail with ours ({len(regressions)}):")
        for unit in regressions:
            print(f"  {unit}: {outcome(runs['ours'], unit).detail}")
    print()
    print(f"summary: {summary}  (logs in {logs})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
