"""Mutation testing of the checks and the money parser: how many deliberate bugs the tests catch.

Run: .venv/bin/python benchmarks/mutation.py [--only src/finop/money.py] [--show-survivors]
     (needs mutmut: .venv/bin/pip install mutmut)

mutmut changes the code one small edit at a time (an operator, a constant, a comparison, a returned value)
and runs the tests that reach the changed function; a mutant the tests do not notice "survives". This
script runs it in a throwaway clone of the last commit (the working tree is left alone, ../shared linked
beside it when present) over ``src/finop/checks/`` and ``src/finop/money.py``, with the test files that
exercise them (TESTS below), and prints killed / survived / other per module and the surviving rate
(target: under 10%). It takes a long while: tens of minutes on two cores.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
MUTATE = ["src/finop/money.py", "src/finop/checks/*"]
TESTS = ["tests/test_check_codes.py", "tests/test_checks.py", "tests/test_money.py", "tests/test_fixtures.py",
         "tests/test_reserve.py", "tests/test_verdict.py", "tests/test_mutations.py", "tests/test_schemas.py",
         "tests/test_notes.py", "tests/test_seed.py", "tests/test_edgar.py", "tests/test_check_helpers.py",
         "tests/test_report_books.py",
         # a Ctrl-C test cannot run inside mutmut's forked runner (the signal reaches mutmut)
         "--deselect", "tests/test_edgar.py::test_ctrl_c_says_what_is_complete"]  # fmt: skip
KILLED = {"killed", "timeout", "segfault", "suspicious"}  # mutmut's words for a mutant the tests noticed


def config(only: list[str], tests: list[str]) -> str:
    return (
        "\n[tool.mutmut]\n"
        'source_paths = ["src"]\n'
        f"only_mutate = {json.dumps(only)}\n"
        f"pytest_add_cli_args_test_selection = {json.dumps(tests)}\n"
        'also_copy = ["examples/", "docs/"]\n'
    )


def results(work: Path) -> dict[str, str]:
    """mutant name -> status, from `mutmut results --all true`."""
    out = subprocess.run([sys.executable, "-m", "mutmut", "results", "--all", "true"], cwd=work, capture_output=True,
                         text=True, check=False).stdout  # fmt: skip
    found = {}
    for line in out.splitlines():
        m = re.match(r"\s*([\w.]+__mutmut_\d+): (.+)$", line)
        if m:
            found[m.group(1)] = m.group(2).strip()
    return found


def module_of(mutant: str) -> str:
    """finop.checks.ties.x_check__mutmut_3 -> finop.checks.ties"""
    return mutant.split(".x_", 1)[0]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", default=MUTATE, help="glob patterns of files to mutate")
    parser.add_argument("--show-survivors", action="store_true", help="print each surviving mutant's diff")
    parser.add_argument("--keep", type=Path, help="run in this folder and keep it (default: a temporary one)")
    args = parser.parse_args()
    try:
        import mutmut  # noqa: F401
    except ImportError:
        sys.exit("mutmut is not installed: .venv/bin/pip install mutmut")
    base = args.keep or Path(tempfile.mkdtemp(prefix="finop-mutation-"))
    work = base / "project"
    if not work.exists():
        subprocess.run(["git", "clone", "-q", str(ROOT), str(work)], check=True)
        shared = ROOT.parent / "shared"
        for beside in (base / "shared", work / "shared"):  # beside the clone, and beside mutmut's copy in it
            if shared.is_dir() and not beside.exists():
                beside.symlink_to(shared)
        with (work / "pyproject.toml").open("a", encoding="utf-8") as fh:
            fh.write(config(args.only, TESTS))
    start = time.perf_counter()
    env = {**os.environ, "PYTHONDONTWRITEBYTECODE": "1"}
    run = subprocess.run([sys.executable, "-m", "mutmut", "run"], cwd=work, env=env, check=False)
    minutes = (time.perf_counter() - start) / 60
    status = results(work)
    if not status:
        sys.exit(f"mutmut gave no results (exit {run.returncode}); see {work}")
    per_module: dict[str, Counter[str]] = {}
    for name, state in status.items():
        kind = "killed" if state in KILLED else "survived" if state == "survived" else state
        per_module.setdefault(module_of(name), Counter())[kind] += 1
    total = Counter()
    files = [t for t in TESTS if t.endswith(".py")]
    print(f"mutation testing of {', '.join(args.only)} with {len(files)} test files, {minutes:.0f} min\n")
    print(f"{'module':40} {'mutants':>8} {'killed':>7} {'survived':>9} {'other':>6} {'surviving':>10}")
    for module, counts in sorted(per_module.items()):
        total += counts
        n = sum(counts.values())
        other = n - counts["killed"] - counts["survived"]
        print(f"{module:40} {n:8} {counts['killed']:7} {counts['survived']:9} {other:6} "
              f"{counts['survived'] / n:10.1%}")  # fmt: skip
    n = sum(total.values())
    print(f"{'all':40} {n:8} {total['killed']:7} {total['survived']:9} {n - total['killed'] - total['survived']:6} "
          f"{total['survived'] / n:10.1%}   (target < 10%)")  # fmt: skip
    print("other: mutants no selected test reaches ('no tests'), or that mutmut skipped; they count in the total")
    if args.show_survivors:
        for name, state in sorted(status.items()):
            if state == "survived":
                print(subprocess.run([sys.executable, "-m", "mutmut", "show", name], cwd=work, capture_output=True,
                                     text=True, check=False).stdout)  # fmt: skip
    print(f"\nthe run is kept in {work} (mutmut browse there shows each mutant)")


if __name__ == "__main__":
    main()
