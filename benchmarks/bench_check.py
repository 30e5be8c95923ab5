"""Time `finop check` in-process on the bundled example and the fixtures (target: under 50 ms a report).

Run: .venv/bin/python benchmarks/bench_check.py [--repeat N]
Prints the median, fastest and slowest time per report after a warm-up run.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from finop.api import check_document
from finop.readers import read_document

ROOT = Path(__file__).resolve().parents[1]
REPORTS = [
    ROOT / "examples" / "mml-distributors-2003" / "annual-report.txt",
    ROOT.parent / "shared" / "seed" / "mml-distributors-2003-x17a5.txt",
    ROOT / "tests" / "fixtures" / "reports" / "harbor-point-2019.txt",
    ROOT / "tests" / "fixtures" / "reports" / "cedar-ridge-2021.txt",
]
TARGET_MS = 50.0


def time_report(path: Path, repeat: int) -> list[float]:
    check_document(read_document(path))  # warm-up: imports, regex compilation, rules loading
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        check_document(read_document(path))
        times.append((time.perf_counter() - start) * 1000)
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=50)
    args = parser.parse_args()
    print(f"finop check, in-process, {args.repeat} runs after warm-up (read + extract + checks)")
    print(f"{'report':<45} {'median ms':>10} {'min ms':>8} {'max ms':>8}  target")
    for path in REPORTS:
        if not path.exists():
            print(f"{path.name:<45} (missing)")
            continue
        times = time_report(path, args.repeat)
        median = statistics.median(times)
        verdict = "ok" if median < TARGET_MS else "SLOW"
        print(f"{path.name:<45} {median:>10.1f} {min(times):>8.1f} {max(times):>8.1f}  <{TARGET_MS:.0f} ms {verdict}")


if __name__ == "__main__":
    main()
