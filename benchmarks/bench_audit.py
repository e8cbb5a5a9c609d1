"""Whole-process cost of `python -m budgetlib audit --json` against a bare `python -c "import pandas"`.

Both commands run alternately in the same session (so machine noise hits both alike); the figure
reported is the ratio of medians. Target (issue 12): audit at most 0.5x the pandas import — the
command line audits one file without importing pandas or matplotlib.

    python benchmarks/bench_audit.py [--runs N]
"""
from __future__ import annotations

import argparse
import compileall
import sys

from side_by_side import ROOT, compare

COMMANDS = {
    "import pandas": [sys.executable, "-c", "import pandas"],
    "budgetlib audit --json": [sys.executable, "-m", "budgetlib", "audit", "--json"],
}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=11)
    args = parser.parse_args()
    # Both sides from bytecode, as installed packages are (pip compiles them; pandas is). A source
    # tree edited since `make setup` would otherwise be compiled again on every run on machines that
    # set PYTHONDONTWRITEBYTECODE, as these do.
    compileall.compile_dir(ROOT / "budgetlib", quiet=1)
    compare(COMMANDS, args.runs, "import pandas", "budgetlib audit --json", target=0.5)
    return 0


if __name__ == "__main__":
    sys.exit(main())
