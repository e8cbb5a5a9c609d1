"""This version against an earlier one, side by side in one run: in-process load + audit of the same
disclosures (the bundled text and the text of each real Shanghai PDF, extracted once), each version in
its own interpreter, alternately, so a noisy machine slows both alike. Reports documents per second
and the ratio this / earlier (> 1: this version is slower).

    python benchmarks/bench_versions.py [--base REV] [--runs 5]

REV (default: HEAD~10) is checked out in a temporary
git worktree; nothing in this tree changes.
"""
from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT / "data" / "real" / "shanghai"

# Run in the version's own tree: load + audit of each text, `repeat` times; seconds per document.
MEASURE = r"""
import json, sys, time
sys.path.insert(0, sys.argv[1])
import budgetlib
paths, repeat = json.loads(sys.argv[2]), int(sys.argv[3])
sources = [budgetlib.read_source(p) for p in paths]
for s in sources:  # warm imports, compiled patterns and caches: a corpus run's steady state
    budgetlib.audit(budgetlib.parse(s, budgetlib.detect(s)))
start = time.perf_counter()
for _ in range(repeat):
    for s in sources:
        budgetlib.audit(budgetlib.parse(s, budgetlib.detect(s)))
print(json.dumps((time.perf_counter() - start) / (repeat * len(sources))))
"""


def texts(folder: Path) -> list[str]:
    """The bundled text and each real PDF as the text budgetlib extracts (PDF reading is timed elsewhere)."""
    sys.path.insert(0, str(ROOT))
    import budgetlib
    from budgetlib.pdf import extract

    paths = [str(budgetlib.bundled())]
    for pdf in sorted(REAL.glob("*.pdf")):
        out = folder / f"{pdf.stem}.txt"
        extract(pdf, out)
        paths.append(str(out))
    return paths


def seconds(tree: Path, paths: list[str], repeat: int) -> float:
    run = subprocess.run([sys.executable, "-c", MEASURE, str(tree), json.dumps(paths), str(repeat)],
                         capture_output=True, text=True, check=True)
    return json.loads(run.stdout)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base", default="HEAD~10", help="the earlier version (a git revision)")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--repeat", type=int, default=3, help="passes over the documents per run")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        base = tmp / "base"
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", "-q", str(base), args.base], check=True)
        try:
            paths = texts(tmp)
            this, earlier = [], []
            for _ in range(args.runs):  # alternately: the machine's noise falls on both
                earlier.append(seconds(base, paths, args.repeat))
                this.append(seconds(ROOT, paths, args.repeat))
        finally:
            subprocess.run(["git", "-C", str(ROOT), "worktree", "remove", "--force", str(base)], check=True)
    a, b = statistics.median(this), statistics.median(earlier)
    print(f"{len(paths)} documents (the bundled text and {len(paths) - 1} real Shanghai texts), "
          f"{args.runs} runs, median seconds per document")
    print(f"  this version:     {a * 1000:6.1f} ms  ({1 / a:5.1f} documents/s)")
    print(f"  {args.base:<16}  {b * 1000:6.1f} ms  ({1 / b:5.1f} documents/s)")
    print(f"  ratio this / earlier: {a / b:.2f}x")


if __name__ == "__main__":
    main()
