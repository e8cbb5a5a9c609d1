"""Generate the notebooks of this folder, so that they stay uniform.

    python notebooks/build.py             write the 13 notebooks (no outputs)
    python notebooks/build.py --execute   … and execute them in place with papermill (default
                                          parameters, a fresh kernel each, as nbval will), then
                                          strip papermill's timing metadata: the committed outputs

00_overview.ipynb documents the disclosure (source, the 13 tables, every check); NN_<name>.ipynb
is Part 3 section NN (一 … 十二): its text, the table slices its claims use, the stated-vs-computed
ledger and its figures. Cells only call budgetlib and display; see budgetlib/report.py.
"""
from __future__ import annotations

import argparse
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import nbformat

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))

from budgetlib import charts, params  # noqa: E402
from budgetlib.reading import numeral_value  # noqa: E402
from budgetlib.tables import SCHEMAS  # noqa: E402

# Part 3 of the template: numeral -> (file stem, English gloss). The Chinese title comes from the text.
SECTIONS = {
    "一": ("income_expenditure_change", "changes in income and expenditure, and why"),
    "二": ("income_budget", "the income budget"),
    "三": ("expenditure_budget", "the expenditure budget"),
    "四": ("appropriation_overview", "fiscal appropriations overall"),
    "五": ("general_budget_expenditure", "general public budget expenditure"),
    "六": ("basic_expenditure", "basic expenditure of the general public budget"),
    "七": ("three_public_expenses", "the “three public” expenses"),
    "八": ("office_operation", "office operating expenses"),
    "九": ("government_procurement", "government procurement"),
    "十": ("performance_management", "performance management"),
    "十一": ("state_assets", "state-owned assets"),
    "十二": ("other", "other notes"),
}
KERNELSPEC = {"name": "python3", "display_name": "Python 3 (ipykernel)", "language": "python"}
OVERVIEW = "00_overview.ipynb"


def notebook_name(numeral: str) -> str:
    return f"{numeral_value(numeral):02d}_{SECTIONS[numeral][0]}.ipynb"


def notebook_names() -> list[str]:
    return [OVERVIEW] + [notebook_name(n) for n in SECTIONS]


class Cells:
    def __init__(self, stem: str):
        self.stem = stem
        self.cells = []

    def _id(self) -> str:
        return f"{self.stem}-{len(self.cells):02d}"

    def md(self, text: str):
        self.cells.append(nbformat.v4.new_markdown_cell(text.strip(), id=self._id()))

    def code(self, text: str, tags: list[str] | None = None):
        cell = nbformat.v4.new_code_cell(text.strip(), id=self._id())
        if tags:
            cell.metadata["tags"] = tags
        self.cells.append(cell)

    def notebook(self) -> nbformat.NotebookNode:
        nb = nbformat.v4.new_notebook(cells=self.cells)
        nb.metadata["kernelspec"] = dict(KERNELSPEC)
        nb.metadata["language_info"] = {"name": "python"}
        return nb


PARAMETERS_NOTE = """
**Parameters** (the next cell is tagged `parameters`; papermill puts its own values in a cell after
it): `source` — the disclosure text (None or '' = the bundled file); `output_dir` — where figures are
written ('' = nowhere); `tolerance` — the 尾差 allowed (万元 / percentage points); `strict` — raise at
the end on any mismatch; `prior_year` — prior-year figures by measure id. Pass text through a YAML file
(`papermill -f params.yaml`), see notebooks/README.md.
"""

SETUP = """
import matplotlib.pyplot as plt

import budgetlib
from budgetlib import charts, params, report

p = params.validate(globals())  # unknown names or wrong types stop here, with a one-line message
d = p.load()
report.header(d)
"""


def _figures(c: Cells, numeral: str | None) -> None:
    names = charts.for_notebook(numeral)
    if not names:
        return
    c.md("## 图 Figures\n\nRedrawn from the tables; written as PNG and SVG to `output_dir/figures/` when "
         "`output_dir` is set.")
    for name in names:
        c.md(f"### {charts.CHARTS[name].title}")
        c.code(f'charts.draw(d, "{name}", p.output_dir)\nplt.show()')


def overview(d) -> nbformat.NotebookNode:
    c = Cells("overview")
    c.md(f"""
# 00 · 概览 Overview — {d.unit} {d.year}年度单位预算公开

The disclosure as loaded: where it comes from (file and SHA-256), the thirteen tables of Part 2
as parsed, every accounting identity checked within and across them, and how the numbers stated in
Part 3 fare, section by section (one notebook per section: `01_…` to `12_…`).
{PARAMETERS_NOTE}""")
    c.code(params.cell_source(), tags=["parameters"])
    c.code(SETUP)
    c.md("## 第二部分 13 张表 The tables as loaded")
    c.code("report.table_list(d)")
    for schema in SCHEMAS:
        table = d.tables[schema.id]
        c.md(f"### 表{table.numeral} {schema.title_key} (`{schema.id}`)")
        c.code(f'report.table(d, "{schema.id}")')
    c.md("## 核对 Checks\n\nEvery identity the tables must satisfy (totals, code hierarchy, cross-table "
         "relations), with its status: ✓ match, ≈ rounding (尾差 within the tolerance), ✗ mismatch.")
    c.code("report.check_summary(d)")
    c.code("report.checks(d)")
    c.md("## 第三部分 Claims by section\n\nEvery number stated in Part 3, by section; the section notebooks "
         "show each one against the tables.")
    c.code("report.sections(d)")
    _figures(c, None)
    c.md("## 结论 Conclusion\n\nWith `strict = True` this cell raises when any claim or check is a mismatch.")
    c.code("report.finish(d, p.strict)")
    return c.notebook()


def section(d, numeral: str) -> nbformat.NotebookNode:
    stem, gloss = SECTIONS[numeral]
    title = d.sections[numeral].title if numeral in d.sections else gloss
    c = Cells(stem)
    c.md(f"""
# {numeral_value(numeral):02d} · 第三部分 {numeral}、{title}

Section {numeral} of Part 3 ({gloss}): the text as printed, the rows of the tables its numbers draw
on, and every stated number against the value recomputed from the tables — ✓ match, ≈ rounding,
✗ mismatch, ? unverifiable (with the reason).
{PARAMETERS_NOTE}""")
    c.code(params.cell_source(), tags=["parameters"])
    c.code(SETUP)
    c.md("## 原文 The text")
    c.code(f'report.quote(d, "{numeral}")')
    c.md("## 所用表格 Table slices\n\nThe rows of each table that this section's claims use (the cells "
         "used in bold).")
    c.code(f'report.slices(d, "{numeral}")')
    c.md("## 核对 Stated vs computed")
    c.code(f'report.claims(d, "{numeral}")')
    if numeral == "十":
        c.md("## 绩效目标表 The performance-goal tables\n\nThe appended tables (one per project) matched to "
             "表十二 by name similarity, with their 年度资金总额 (元 → 万元) against 表十二's amount.")
        c.code("report.project_matches(d)")
        c.md("### 发现 Findings\n\nWhat the tables contradict or lack — amounts, units, dates, missing values, "
             "layout — each with the evidence quoted and its line.")
        c.code("report.findings_summary(d)")
        c.code("report.findings(d)")
    if numeral in ("十", "十二"):
        c.md("## 项目组合 Which projects?\n\n表十二 does not mark which projects the statement counts; every "
             "subset of the stated size that sums to the stated amount is listed, with the evidence weighed.")
        c.code(f'report.subset_analyses(d, "{numeral}")')
    if numeral == "十二":
        c.code("report.purchase_directory(d)")
    if numeral == "十":
        c.md("### 项目卡片 Project cards")
        c.code("report.project_cards(d)")
    _figures(c, numeral)
    c.md("## 结论 Conclusion\n\nWith `strict = True` this cell raises when a claim of this section is a "
         "mismatch.")
    c.code(f'report.finish(d, p.strict, "{numeral}")')
    return c.notebook()


def build(folder: Path = HERE) -> list[Path]:
    import budgetlib

    d = budgetlib.load()
    written = []
    books = {OVERVIEW: overview(d)} | {notebook_name(n): section(d, n) for n in SECTIONS}
    for name, nb in books.items():
        path = folder / name
        nbformat.validate(nb)
        nbformat.write(nb, path)
        written.append(path)
    return written


def strip_run_metadata(nb: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """Drop what changes from run to run: papermill's timings and nbclient's timestamps."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:
            del cell.metadata["tags"]
    return nb


def execute(paths: list[Path], jobs: int = 2) -> None:
    import papermill as pm

    def run(path: Path) -> str:
        nb = pm.execute_notebook(str(path), str(path), cwd=str(path.parent), progress_bar=False,
                                 kernel_name=KERNELSPEC["name"])
        nbformat.write(strip_run_metadata(nb), path)
        return path.name

    with ThreadPoolExecutor(jobs) as pool:
        for name in pool.map(run, paths):
            print(f"executed {name}")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--execute", action="store_true", help="execute in place (the committed outputs)")
    parser.add_argument("-j", "--jobs", type=int, default=2)
    args = parser.parse_args(argv)
    paths = build()
    for path in paths:
        print(f"wrote {path.relative_to(HERE.parent)}")
    if args.execute:
        execute(paths, args.jobs)
    return 0


if __name__ == "__main__":
    sys.exit(main())
