"""Run finop check over the development corpus and print the acceptance table.

Usage: .venv/bin/python scripts/corpus_eval.py [--corpus ../shared/corpus] [--out out/corpus]
       [--workers 2] [--timeout 300] [--layers text,scanned] [--limit N] [--files a.pdf,b.pdf]

Each filing runs in its own `finop check --format json` process with a time limit;
results are cached in --out by the filing's content and a hash of finop's code, so a change
of code reruns everything and nothing stale is reused. The table gives,
per layer, over the readable filings that contain a statement of financial
condition (`w/ SFC`, from the inventory): those with period end, total assets and
total liabilities and equity extracted (`SFC`), those that balance with every line
footing (`balanced`, `rate`), the reference pipeline's rate on the same filings
(its assets and liabilities both PERFECT MATCH), how often total assets equals the
reference's PERFECT MATCH figure (`=ref`, `≠ref`), and net capital extracted where
a note or schedule states it (`NC`). Then the verdicts (pass, fail, incomplete) and every
figure of hand_labels.csv (read by eye, twice) against what finop read: matched, wrong, not read.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import subprocess
import sys
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """A hash of finop's code and data: a cached result is reused only for the same code."""
    digest = hashlib.sha256()
    for path in sorted((ROOT / "src" / "finop").rglob("*")):
        if path.is_file() and path.suffix in (".py", ".yaml", ".j2", ".css"):
            digest.update(str(path.relative_to(ROOT)).encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:12]


def content_hash(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()[:12]


def run_one(pdf: Path, out: Path, timeout: int) -> dict:
    # keyed by the file's content and finop's code: results of other code or another file are never reused
    target = out / f"{pdf.stem}-{content_hash(pdf)}-{code_fingerprint()}.json"
    if target.exists():
        return json.loads(target.read_text())
    start = time.perf_counter()
    try:
        proc = subprocess.run([sys.executable, "-m", "finop.cli", "check", str(pdf), "--format", "json"],
                              capture_output=True, text=True, timeout=timeout)  # fmt: skip
        record = {"exit": proc.returncode, "stderr": proc.stderr[-500:]}
        if proc.returncode in (0, 1, 3) and proc.stdout.strip():
            data = json.loads(proc.stdout)
            record.update({"facts": data["facts"], "findings": [{k: f[k] for k in ("code", "severity")} for f in data["findings"]],
                           "summary": data["summary"]})  # fmt: skip
    except subprocess.TimeoutExpired:
        record = {"exit": "timeout", "stderr": ""}
    record["seconds"] = round(time.perf_counter() - start, 2)
    target.write_text(json.dumps(record))
    return record


FACING = ("registrant_name", "sec_file_number", "period_end", "accountant_name")


def evaluate(row: dict, rec: dict) -> dict:
    facts = rec.get("facts", {})
    errors = {f["code"] for f in rec.get("findings", []) if f["severity"] == "error"}
    has_sfc = all(k in facts for k in ("period_end", "total_assets", "total_liabilities_and_equity"))
    balanced = has_sfc and not ({"TIE-SFC-BALANCE", "TIE-SFC-FOOT"} & errors)
    truth = row["truth_structured_total_assets"]
    perfect = row["truth_structured_asset_check"] == "PERFECT MATCH" and truth
    agrees = None
    if perfect and "total_assets" in facts:
        agrees = Decimal(facts["total_assets"]) == Decimal(truth).quantize(Decimal(1))
    states_nc = bool(row["netcap_note_pages"] or row["netcap_schedule_pages"])
    ref_balanced = row["truth_structured_asset_check"] == "PERFECT MATCH" == row["truth_structured_liab_check"]
    return {
        "file": row["file"], "layer": row["layer"], "exit": rec.get("exit"), "seconds": rec.get("seconds"),
        "status": (rec.get("summary") or {}).get("status", "unreadable"), "facts": facts,
        "sfc": has_sfc, "balanced": balanced, "perfect": bool(perfect), "agrees": agrees,
        "has_sfc": row["sofc_found"] == "yes", "ref_balanced": ref_balanced, "states_nc": states_nc, "nc": "net_capital" in facts, "facing": {k: k in facts for k in FACING}, "total_assets": facts.get("total_assets"), "truth": truth,
    }  # fmt: skip


def _table_row(layer: str, rs: list[dict]) -> str:
    """One line of the acceptance table: rates over the readable filings that contain a balance sheet."""
    readable = [r for r in rs if r["exit"] in (0, 1, 3)]
    with_sfc = [r for r in readable if r["has_sfc"]]
    sfc = sum(r["sfc"] for r in with_sfc)
    bal = sum(r["balanced"] for r in with_sfc)
    ref = sum(r["ref_balanced"] for r in with_sfc)
    agree = sum(1 for r in rs if r["agrees"] is True)
    disagree = sum(1 for r in rs if r["agrees"] is False)
    states = [r for r in readable if r["states_nc"]]
    nc = sum(r["nc"] for r in states)
    secs = sorted(r["seconds"] for r in rs if isinstance(r["seconds"], (int, float)))
    med = secs[len(secs) // 2] if secs else 0
    rate = f"{bal / len(with_sfc):.0%}" if with_sfc else "-"
    ref_rate = f"{ref / len(with_sfc):.0%}" if with_sfc else "-"
    return (
        f"{layer:<16}{len(rs):>8}{len(readable):>6}{len(with_sfc):>8}{sfc:>6}{bal:>10}{rate:>7}{ref_rate:>10}"
        f"{agree:>6}{disagree:>6}{f'{nc}/{len(states)}':>9}{med:>7}"
    )


LABELLED = ("period_end", "total_assets", "total_liabilities", "subordinated_liabilities", "total_equity",
            "total_liabilities_and_equity", "net_capital", "minimum_net_capital", "excess_net_capital")  # fmt: skip


def print_hand_labels(corpus: Path, results: list[dict]) -> None:
    """Each hand-labelled figure (hand_labels.csv, read by eye twice) against what finop read: matched, wrong
    (a different value) and missing (not read), per figure; the wrong and missing ones are listed."""
    labels = corpus / "hand_labels.csv"
    if not labels.exists():
        return
    by_file = {Path(r["file"]).name: r for r in results}
    tally = {k: [0, 0, 0] for k in LABELLED}  # matched, wrong, missing
    misses = []
    for row in csv.DictReader(labels.open()):
        r = by_file.get(row["file"])
        if r is None:
            continue
        for key in LABELLED:
            want = row.get(key, "").strip()
            if not want:
                continue
            got = r["facts"].get(key)
            if got is None:
                tally[key][2] += 1
                misses.append(f"{row['file']} {key}: not read (label {want})")
            elif (Decimal(got) == Decimal(want)) if key != "period_end" else (got == want):
                tally[key][0] += 1
            else:
                tally[key][1] += 1
                misses.append(f"{row['file']} {key}: read {got}, label {want}")
    total = [sum(t[i] for t in tally.values()) for i in range(3)]
    print(f"\nhand labels (hand_labels.csv): {total[0]} matched, {total[1]} wrong, {total[2]} not read")
    for key, (ok, wrong, missing) in tally.items():
        if ok + wrong + missing:
            print(f"  {key:<30} {ok:>4} matched {wrong:>4} wrong {missing:>4} not read")
    for line in misses:
        print(f"    {line}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--corpus", type=Path, default=ROOT.parent / "shared" / "corpus")
    ap.add_argument("--out", type=Path, default=ROOT / "out" / "corpus")
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--timeout", type=int, default=300)
    ap.add_argument("--layers", default="")
    ap.add_argument("--files", default="")
    ap.add_argument("--limit", type=int, default=0)
    args = ap.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    rows = list(csv.DictReader((args.corpus / "inventory.csv").open()))
    if args.layers:
        rows = [r for r in rows if r["layer"] in args.layers.split(",")]
    if args.files:
        rows = [r for r in rows if Path(r["file"]).name in args.files.split(",")]
    if args.limit:
        rows = rows[: args.limit]
    done = 0

    def job(row: dict) -> dict:
        nonlocal done
        rec = run_one(args.corpus / row["file"], args.out, args.timeout)
        done += 1
        print(
            f"[{done}/{len(rows)}] {row['file']} {row['layer']} exit={rec.get('exit')} {rec.get('seconds')}s",
            file=sys.stderr,
            flush=True,
        )
        return evaluate(row, rec)

    with ThreadPoolExecutor(max_workers=args.workers) as pool:
        results = list(pool.map(job, rows))
    with (args.out / "results.csv").open("w", newline="") as fh:
        w = csv.DictWriter(fh, fieldnames=[k for k in results[0] if k not in ("facing", "facts")])
        w.writeheader()
        w.writerows({k: v for k, v in r.items() if k not in ("facing", "facts")} for r in results)
    by_layer: dict[str, list[dict]] = defaultdict(list)
    for r in results:
        by_layer[r["layer"]].append(r)
    print(
        f"{'layer':<16}{'filings':>8}{'read':>6}{'w/ SFC':>8}{'SFC':>6}{'balanced':>10}{'rate':>7}{'ref rate':>10}"
        f"{'=ref':>6}{'≠ref':>6}{'NC':>9}{'med s':>7}"
    )
    for layer, rs in [*sorted(by_layer.items()), ("all", results)]:
        print(_table_row(layer, rs))
    readable = [r for r in results if r["exit"] in (0, 1, 3)]
    found = ", ".join(f"{k} {sum(r['facing'][k] for r in readable)}" for k in FACING)
    print(f"\nfacing page and header facts found in {len(readable)} readable filings: {found}")
    verdicts = defaultdict(int)
    for r in results:
        verdicts[r["status"]] += 1
    print("verdicts: " + ", ".join(f"{k} {v}" for k, v in sorted(verdicts.items())))
    print_hand_labels(args.corpus, results)
    bad = [r for r in results if r["agrees"] is False or (r["exit"] in (0, 1, 3) and not r["balanced"])]
    if bad:
        print("\nto look at:")
        for r in bad:
            print(
                f"  {r['file']} {r['layer']} sfc={r['sfc']} balanced={r['balanced']} total_assets={r['total_assets']} ref={r['truth']}"
            )


if __name__ == "__main__":
    main()
