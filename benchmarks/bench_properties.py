"""The property tests run long: thousands of generated inputs each instead of CI's bounded number.

Run: .venv/bin/python benchmarks/bench_properties.py [--examples 3000]

Runs the hypothesis tests of the amount parser (tests/test_money.py, tests/test_books_amounts.py), the
exit-code contract over any file and any books file (tests/test_exit_contract.py) and the text reader on
mutated reports (tests/test_robustness.py) under the "long" profile (tests/conftest.py), and prints
each file's outcome and time. Tests that fix their own number of examples keep it.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
FILES = (
    "tests/test_money.py",
    "tests/test_books_amounts.py",
    "tests/test_exit_contract.py",
    "tests/test_robustness.py",
)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--examples", type=int, default=3000, help="examples per property (the long profile's)")
    args = ap.parse_args()
    env = {**os.environ, "HYPOTHESIS_PROFILE": "long", "FINOP_HYPOTHESIS_EXAMPLES": str(args.examples)}
    print(f"{'file':<34}{'result':>10}{'seconds':>10}")
    failed = False
    for name in FILES:
        start = time.perf_counter()
        done = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", name], cwd=ROOT,
                              env=env, capture_output=True, text=True)  # fmt: skip
        summary = (done.stdout.strip().splitlines() or ["?"])[-1]
        failed |= done.returncode != 0
        print(
            f"{name:<34}{'ok' if done.returncode == 0 else 'FAILED':>10}{time.perf_counter() - start:>10.0f}  {summary}"
        )
        if done.returncode:
            print(done.stdout[-3000:])
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
