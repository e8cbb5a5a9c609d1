"""budgetlib.pdf.pdf_to_lines against plain pdfplumber `page.extract_tables()` over every page.

Both run in this one process, alternately per file and repeat (so machine noise hits both alike),
after one warm-up each (pdfminer's CMap cache and imports are paid before timing); the figures are
the medians per file and the ratio of medians. Target: ours at most 1.0x plain extract_tables,
although ours also returns the text outside the tables.

    python benchmarks/bench_pdf.py [--runs N] [folder of PDFs]
"""
from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

import pdfplumber

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from budgetlib.pdf import pdf_to_lines  # noqa: E402

TARGET = 1.0
REAL = ROOT / "data" / "real" / "shanghai"


def plain_extract_tables(path: Path) -> int:
    with pdfplumber.open(path) as pdf:
        return sum(len(page.extract_tables()) for page in pdf.pages)


def ours(path: Path) -> int:
    return len(pdf_to_lines(path))


def timed(function, path: Path) -> float:
    start = time.perf_counter()
    function(path)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("folder", nargs="?", type=Path, default=REAL)
    args = parser.parse_args()
    files = sorted(args.folder.glob("*.pdf"))
    if not files:
        raise SystemExit(f"no PDFs in {args.folder}")
    contenders = {"plain extract_tables": plain_extract_tables, "budgetlib pdf_to_lines": ours}
    for path in files:  # warm-up
        for function in contenders.values():
            function(path)
    print(f"{'file':<28} {'plain extract_tables':>21} {'pdf_to_lines':>13} {'ratio':>6}   ({args.runs} runs, medians)")
    totals = {name: 0.0 for name in contenders}
    worst = 0.0
    for path in files:
        samples = {name: [] for name in contenders}
        for _ in range(args.runs):
            for name, function in contenders.items():
                samples[name].append(timed(function, path))
        medians = {name: statistics.median(values) for name, values in samples.items()}
        for name, median in medians.items():
            totals[name] += median
        ratio = medians["budgetlib pdf_to_lines"] / medians["plain extract_tables"]
        worst = max(worst, ratio)
        print(f"{path.name:<28} {medians['plain extract_tables']:>19.3f} s {medians['budgetlib pdf_to_lines']:>11.3f} s "
              f"{ratio:>5.2f}x")
    overall = totals["budgetlib pdf_to_lines"] / totals["plain extract_tables"]
    verdict = "within" if worst <= TARGET else "OVER"
    print(f"{'all files':<28} {totals['plain extract_tables']:>19.3f} s {totals['budgetlib pdf_to_lines']:>11.3f} s "
          f"{overall:>5.2f}x")
    print(f"worst file ratio {worst:.2f}x ({verdict} the {TARGET:g}x target)")
    return 0 if worst <= TARGET else 1


if __name__ == "__main__":
    sys.exit(main())
