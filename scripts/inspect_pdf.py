"""Show how finop read a filing: its findings, and the lines and cells of chosen pages.

Usage: .venv/bin/python scripts/inspect_pdf.py FILE [--pages 4,5] [--lines 100-160]

A development aid for reading failures of the corpus run (docs/corpus.md). Set
FINOP_OCR_CACHE=DIR to make repeated runs fast.
"""

from __future__ import annotations

import argparse

from finop.api import check_document
from finop.extract.interest import PAGE_INTEREST
from finop.readers import read_document


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("file")
    ap.add_argument("--pages", default="", help="pages whose lines to print (default: those of the statements)")
    ap.add_argument("--lines", default="", help="only line numbers in this range, e.g. 100-160")
    args = ap.parse_args()
    document = read_document(args.file, interest=PAGE_INTEREST)
    result = check_document(document)
    print("notes:", *document.notes, sep="\n  ")
    for f in result.findings:
        where = f"p{f.source.page} l{f.source.line}" if f.source else ""
        print(f"{f.severity.value:8} {f.code:28} {where:10} {f.message[:160]}")
    for name in sorted(result.filing.facts):
        print(f"  fact {name} = {result.filing.fact(name)}")
    pages = {int(p) for p in args.pages.split(",") if p} or {
        s.source.page for s in result.filing.statements.values() if s.source
    }
    low, high = (int(x) for x in args.lines.split("-")) if args.lines else (0, 10**9)
    for line in document.lines():
        if line.page in pages and low <= line.number <= high:
            cells = " | ".join(f"{c.text}@{c.box.x0:.0f}-{c.box.x1:.0f}" if c.box else c.text for c in line.cells)
            print(f"p{line.page} {line.number:4} {cells}")


if __name__ == "__main__":
    main()
