"""Whole reproduction (`python -m budgetlib reproduce`) against one trivial papermill run.

Both run as separate processes, alternately in the same session (so machine noise hits both
alike); the figure reported is the ratio of medians. The trivial run is `papermill` on a notebook
with a parameters cell and one print: a kernel start, papermill's own overhead and nothing else.
Target (issue 3): the whole reproduction — 13 notebooks, HTML pages, figures, ledgers, workbook,
index — within 8x one trivial papermill run on 2 cores.

    python benchmarks/bench_reproduce.py [--runs N] [-j N]
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

from side_by_side import compare

TARGET = 8.0


def trivial_notebook(folder: Path) -> Path:
    import nbformat

    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell("x = 1")
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, nbformat.v4.new_code_cell("print(x)")]
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    path = folder / "trivial.ipynb"
    nbformat.write(nb, str(path))
    return path


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="bench-reproduce-") as tmp:
        folder = Path(tmp)
        notebook = trivial_notebook(folder)
        commands = {
            "papermill (trivial)": [sys.executable, "-m", "papermill", "--no-progress-bar", "-p", "x", "2",
                                    str(notebook), str(folder / "trivial-out.ipynb")],
            "budgetlib reproduce": [sys.executable, "-m", "budgetlib", "reproduce", "-j", str(args.jobs),
                                    "--out", str(folder / "outputs")],
        }
        print(f"cores: {os.cpu_count()}, workers: {args.jobs}")
        compare(commands, args.runs, "papermill (trivial)", "budgetlib reproduce", TARGET)
    return 0


if __name__ == "__main__":
    sys.exit(main())
