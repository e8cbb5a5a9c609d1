"""Whole-process cost of `python -m budgetlib audit --json` against a bare `python -c "import pandas"`.

Both commands run alternately in the same session (so machine noise hits both alike); the figure
reported is the ratio of medians. Target (issue 2): audit < 2x the pandas import.

    python benchmarks/bench_audit.py [--runs N]
"""
from __future__ import annotations

import argparse
import sys

from side_by_side import compare

COMMANDS = {
    "import pandas": [sys.executable, "-c", "import pandas"],
    "budgetlib audit --json": [sys.executable, "-m", "budgetlib", "audit", "--json"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    compare(COMMANDS, args.runs, "import pandas", "budgetlib audit --json", target=2.0)
    return 0


if __name__ == "__main__":
    sys.exit(main())
