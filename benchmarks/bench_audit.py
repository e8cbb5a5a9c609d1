"""Whole-process cost of `python -m budgetlib audit --json` against a bare `python -c "import pandas"`.

Both commands run alternately in the same session (so machine noise hits both alike); the figure
reported is the ratio of medians. Target (issue 2): audit < 2x the pandas import.

    python benchmarks/bench_audit.py [--runs N]
"""
from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
COMMANDS = {
    "import pandas": [sys.executable, "-c", "import pandas"],
    "budgetlib audit --json": [sys.executable, "-m", "budgetlib", "audit", "--json"],
}


def timed(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    for command in COMMANDS.values():  # warm the file cache and .pyc files
        timed(command)
    samples: dict[str, list[float]] = {name: [] for name in COMMANDS}
    for _ in range(args.runs):
        for name, command in COMMANDS.items():
            samples[name].append(timed(command))
    medians = {name: statistics.median(values) for name, values in samples.items()}
    for name, median in medians.items():
        spread = f"{min(samples[name]):.3f}–{max(samples[name]):.3f}"
        print(f"{name:<26} median {median:.3f} s  (min–max {spread}, {args.runs} runs)")
    ratio = medians["budgetlib audit --json"] / medians["import pandas"]
    print(f"ratio audit / import pandas: {ratio:.2f}x (target < 2x)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
