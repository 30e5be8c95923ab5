"""Write finop's JSON outputs for a set of inputs into a folder, to compare two versions byte for byte.

Usage: .venv/bin/python scripts/json_snapshot.py OUT [--corpus ../shared/corpus/pdf] [--workers 2]
       .venv/bin/python scripts/json_snapshot.py --compare OLD NEW

Writes OUT/<name>.json for: every bundled example report and text fixture
(`finop check -f json`), every books example (`finop netcap -f json` and the
report's canonical JSON), and, with --corpus, every PDF in that folder. Each file
holds the command's exit code and its stdout, so `diff -r OLD NEW` shows any
change in behaviour. Set FINOP_OCR_CACHE to reuse OCR between the two runs.
``--compare`` lists the outputs that differ, ignoring the run time (``summary.seconds``), and lists
the keys the new outputs add (a documented addition leaves every old key and value as it was).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def run(args: list[str], target: Path, timeout: int = 900) -> None:
    """Run one finop command and store its exit code and output."""
    if target.exists():
        return
    try:
        proc = subprocess.run([sys.executable, "-m", "finop.cli", *args], capture_output=True, text=True,
                              timeout=timeout, cwd=ROOT)  # fmt: skip
        record = {"exit": proc.returncode, "stdout": proc.stdout, "stderr": proc.stderr[-300:]}
    except subprocess.TimeoutExpired:
        record = {"exit": "timeout", "stdout": "", "stderr": ""}
    target.write_text(json.dumps(record, indent=1, sort_keys=True))


def report_json(books: Path, target: Path) -> None:
    """The canonical JSON of the report produced from a books folder."""
    if target.exists():
        return
    with tempfile.TemporaryDirectory() as tmp:
        proc = subprocess.run([sys.executable, "-m", "finop.cli", "report", str(books), "--out", tmp, "--format", "json"],
                              capture_output=True, text=True, cwd=ROOT)  # fmt: skip
        produced = Path(tmp, "annual-report.json")
        body = produced.read_text() if produced.exists() else ""
        target.write_text(json.dumps({"exit": proc.returncode, "stdout": body, "stderr": proc.stderr[-300:]}, indent=1))


def _load(path: Path) -> tuple[object, object]:
    record = json.loads(path.read_text())
    try:
        body = json.loads(record["stdout"]) if record["stdout"].strip() else None
    except json.JSONDecodeError:
        body = record["stdout"]
    if isinstance(body, dict) and isinstance(body.get("summary"), dict):
        body["summary"].pop("seconds", None)  # the run time
    return record["exit"], body


def _strip_additions(old: object, new: object, path: str, added: set[str]) -> object:
    """``new`` without the keys ``old`` does not have (recorded in ``added``), recursively."""
    if isinstance(old, dict) and isinstance(new, dict):
        out = {}
        for key, value in new.items():
            if key in old:
                out[key] = _strip_additions(old[key], value, f"{path}.{key}", added)
            else:
                added.add(f"{path}.{key}")
        return out
    if isinstance(old, list) and isinstance(new, list) and len(old) == len(new):
        return [_strip_additions(a, b, f"{path}[]", added) for a, b in zip(old, new, strict=True)]
    return new


def compare(old: Path, new: Path) -> int:
    """Print the outputs that differ between two snapshots beyond run time and added keys; the number that differ."""
    names = sorted({p.name for p in old.glob("*.json")} | {p.name for p in new.glob("*.json")})
    differ, added = 0, set()
    for name in names:
        a, b = old / name, new / name
        if not a.exists() or not b.exists():
            print(f"only in {'new' if b.exists() else 'old'}: {name}")
            differ += 1
            continue
        (exit_a, body_a), (exit_b, body_b) = _load(a), _load(b)
        stripped = _strip_additions(body_a, body_b, "", added)
        if exit_a != exit_b or json.dumps(body_a) != json.dumps(stripped):  # key order counts too
            print(f"differs: {name}")
            differ += 1
    for key in sorted(added):
        print(f"added key: {key}")
    print(f"{len(names)} outputs, {differ} differ")
    return differ


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path, nargs="?")
    parser.add_argument("--compare", type=Path, nargs=2, metavar=("OLD", "NEW"))
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--workers", type=int, default=2)
    opts = parser.parse_args()
    if opts.compare:
        sys.exit(1 if compare(*opts.compare) else 0)
    if opts.out is None:
        parser.error("give OUT, or --compare OLD NEW")
    opts.out.mkdir(parents=True, exist_ok=True)
    jobs = []
    texts = sorted((ROOT / "examples").glob("*/annual-report.txt")) + sorted((ROOT / "tests/fixtures").rglob("*.txt"))
    seed = ROOT.parent / "shared/seed"
    texts += sorted(seed.glob("*.txt")) if seed.exists() else []
    for path in texts:
        jobs.append((["check", str(path), "--format", "json"], opts.out / f"check-{path.parent.name}-{path.stem}.json"))
    for books in sorted(p for p in (ROOT / "examples").iterdir() if (p / "firm.yaml").exists()):
        jobs.append((["netcap", str(books), "-f", "json"], opts.out / f"netcap-{books.name}.json"))
        report_json(books, opts.out / f"report-{books.name}.json")
    if opts.corpus:
        for pdf in sorted(opts.corpus.glob("*.pdf")):
            jobs.append((["check", str(pdf), "--format", "json"], opts.out / f"corpus-{pdf.stem}.json"))
    with ThreadPoolExecutor(opts.workers) as pool:
        for done, _ in enumerate(pool.map(lambda job: run(*job), jobs), 1):
            if done % 20 == 0:
                print(f"{done}/{len(jobs)}", file=sys.stderr, flush=True)
    print(f"{len(jobs)} outputs in {opts.out}")


if __name__ == "__main__":
    main()
