"""A reproduction of one disclosure: parameters → audit → ledgers, export and workbook → every page
run as a notebook and rendered → index.html.

    reproduce(source=None, out="outputs", jobs=2, params_file=None, hide_code=True, strict=False)

writes to OUT/<unit>-<year>/:
    00_overview.ipynb, .html   notebooks/overview.ipynb run on the document
    NN_section.ipynb, .html    notebooks/section.ipynb run once per narrative section of the document
                               (parameter `section` = its key, the numeral as printed; NN = its position:
                               01 for the first section)
    figures/*.png|svg, project_cards.html    written by the notebooks (output_dir)
    claims.csv, checks.csv     the ledgers (UTF-8 with BOM); data/ the CSV export; audit.xlsx the workbook
    index.html                 every section with its claim counts by status, linking to the pages

Which pages run comes from the loaded document (its sections), not from files: the same two
notebooks serve any disclosure. `source` may be a list: the files of one disclosure published apart
(narrative, tables), read as one (`reproduce --source A B --as-one`). The notebooks run in worker
processes (budgetlib.runner) while this process writes the ledgers. The command line is `python -m budgetlib reproduce` (budgetlib.cli).

`references()` writes the executed copies nbval compares against (notebooks/bundled/, `make notebooks`).
"""
from __future__ import annotations

import shutil
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from . import params as params_module
from .errors import DisclosureError, ParameterError
from .runner import Outcome, Pool, Task, one_line

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
OVERVIEW = "overview.ipynb"
SECTION = "section.ipynb"
REFERENCE_DIR = NOTEBOOK_DIR / "bundled"
EXIT_OK, EXIT_FAILED = 0, 1
OUTPUT_PATTERNS = ("[0-9][0-9]_*.ipynb", "[0-9][0-9]_*.html", "index.html", "claims.csv", "checks.csv",
                   "project_cards.html")


@dataclass(frozen=True)
class Page:
    """One page of a reproduction: a notebook run with parameters."""

    notebook: Path  # the source notebook
    stem: str  # output file stem: '00_overview', 'NN_section'
    title: str
    section: str | None  # numeral, None for the overview
    parameters: dict  # beyond the common ones
    weight: int = 1  # expected cost, to start the longest pages first (figures, goal tables)


def pages(a, folder: Path = NOTEBOOK_DIR, only: Iterable[str] | None = None) -> list[Page]:
    """The overview and one page per section of the document, in order. `only`: 'overview' and/or
    section numerals (default: all)."""
    from .views import document_title, section_plan

    d = a.disclosure
    wanted = set(only) if only is not None else None
    unknown = sorted(wanted - {"overview", *d.sections}) if wanted is not None else []
    if unknown:
        raise ParameterError(f"page {unknown[0]!r}: not 'overview' nor a section of {document_title(d)}")
    found = []
    if wanted is None or "overview" in wanted:
        found.append(Page(Path(folder) / OVERVIEW, "00_overview", f"概览 Overview — {document_title(d)}", None, {}, 4))
    for numeral in d.sections:
        if wanted is None or numeral in wanted:
            plan = section_plan(a, numeral)
            found.append(Page(Path(folder) / SECTION, plan.stem, f"{plan.position:02d} · {plan.heading}",
                              numeral, {"section": numeral}, 1 + 2 * len(plan.charts) + 3 * plan.goal_tables))
    for page in found:
        if not page.notebook.exists():
            raise DisclosureError(page.notebook, "notebooks", None, "notebook not found")
    return found


@dataclass
class Reproduction:
    out_dir: Path
    index: Path
    outcomes: list[Outcome]
    summary: dict
    strict: bool
    mismatches: int
    seconds: float
    problems: int = 0  # Audit.problems(): mismatches and error findings (the audit command's exit 1)
    files: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)  # phase -> seconds since the start

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def failed_strict(self) -> list[Outcome]:
        """Pages that ran to their conclusion and stopped there under --strict (a mismatch)."""
        return [o for o in self.outcomes if not o.ok and o.error.startswith("MismatchError")]

    @property
    def exit_code(self) -> int:
        return EXIT_FAILED if self.failed or (self.strict and self.mismatches) else EXIT_OK


def parameters(source=None, params_file=None, strict: bool = False,
               prior_disclosure=None) -> params_module.Parameters:
    """The common parameters, from a parameter file and the options (which win). `prior_disclosure`:
    last year's disclosure; its prior-year figures fill `prior_year` (the file's own values win)."""
    values = params_module.read_file(params_file) if params_file else {}
    if prior_disclosure is not None:
        from .audit import prior_measures
        from .document import load

        current = load(list(source) if isinstance(source, (list, tuple)) else source or values.get("source") or None)
        implied = {k: str(v) for k, v in prior_measures(current, load(prior_disclosure)).items()}
        values["prior_year"] = {**implied, **(values.get("prior_year") or {})}
    for chosen, instead in (("output_dir", "use --out DIR instead"), ("section", "every section is run")):
        if chosen in values:
            raise ParameterError(f"parameter {chosen!r} is chosen by reproduce: {instead}")
    if isinstance(source, (list, tuple)):  # the files of one disclosure, read as one
        values["source"] = [str(s) for s in source] if len(source) > 1 else str(source[0])
    elif source is not None:
        values["source"] = str(source)
    if strict:
        values["strict"] = True
    return params_module.convert(values)


def notebook_parameters(p: params_module.Parameters, out_dir: Path | None) -> dict:
    """What papermill injects into every page: plain literals (amounts as text; paths relative to the
    output folder, where the kernel runs each page, so that no page names the machine's folders)."""
    if isinstance(p.source, tuple):  # the files of one disclosure: each path as one file's
        source = [_page_path(path, out_dir) for path in p.source]
    else:
        source = _page_path(p.source, out_dir) if p.source else None
    return {
        "source": source,
        "output_dir": "." if out_dir else "",
        "tolerance": "auto" if p.tolerance is None else str(p.tolerance),
        "strict": p.strict,
        "prior_year": {k: str(v) for k, v in p.prior_year.items()},
    }


def _page_path(path: Path, out_dir: Path | None) -> str:
    """How a page names a source file: relative to the output folder, or a copy in it."""
    from .labels import portable_path

    if not out_dir:
        return str(path)
    source = portable_path(path, out_dir)
    if "/" not in source and not (Path(out_dir) / source).exists():  # nothing in common but the root:
        copy = Path(out_dir) / "source" / Path(path).name  # a copy next to the pages, read from there
        copy.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, copy)
        source = copy.relative_to(out_dir).as_posix()
    return source


def _clean(out_dir: Path) -> None:
    """Remove what an earlier reproduction wrote (and only that)."""
    for pattern in OUTPUT_PATTERNS:
        for path in out_dir.glob(pattern):
            path.unlink()
    shutil.rmtree(out_dir / "figures", ignore_errors=True)


def write_ledgers(a, out_dir: Path) -> list[str]:
    """The ledgers, the CSV export (data/) and the workbook. The ledgers at the top of the folder are
    the export's own files, copied: one writer, so both copies always agree."""
    from . import export, workbook

    data = export.write_export(a, out_dir / "data")
    written = []
    for name in ("claims", "checks"):
        shutil.copyfile(data / f"{name}.csv", out_dir / f"{name}.csv")
        written.append(f"{name}.csv")
    try:  # a workbook failure costs only its file (reported), not the reproduction
        path = Path(workbook.write_workbook(a, out_dir))
        written.append(path.relative_to(out_dir).as_posix() if path.is_relative_to(out_dir) else path.name)
    except Exception as exc:
        print(f"budgetlib: warning: workbook not written: {one_line(exc)}", file=sys.stderr)
    return written + ["data/datapackage.json"]


def reproduce(source=None, out="outputs", jobs: int = 2, params_file=None, hide_code: bool = True,
              strict: bool = False, fresh_kernels: bool = False, only: Iterable[str] | None = None,
              progress: bool = True, notebooks: Path = NOTEBOOK_DIR, prior_disclosure=None) -> Reproduction:
    """Audit, run the pages and render everything; raises DisclosureError/ParameterError on bad input
    (before any kernel starts). `only`: run just these pages ('overview', section numerals).
    `hide_code`: the pages show results without the code that computes them (False: with it)."""
    from . import charts
    from .views import PageRun, index_html

    started = time.perf_counter()
    timings = {}

    def mark(phase: str) -> None:
        timings[phase] = round(time.perf_counter() - started, 3)

    if not isinstance(jobs, int) or isinstance(jobs, bool) or jobs < 1:
        raise ParameterError(f"-j/--jobs: {jobs!r} must be a whole number ≥ 1")
    p = parameters(source, params_file, strict, prior_disclosure)
    a = p.audit()  # bad input stops here
    d = a.disclosure
    planned = pages(a, Path(notebooks), only)
    mark("loaded")
    out_dir = Path(out) / d.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    _clean(out_dir)
    common = notebook_parameters(p, out_dir)
    tasks = [Task(str(page.notebook), str(out_dir / f"{page.stem}.ipynb"), str(out_dir / f"{page.stem}.html"),
                  {**common, **page.parameters}, page.title, hide_code, str(out_dir.resolve()))
             for page in planned]

    pool = Pool(min(jobs, len(tasks)), fresh=fresh_kernels, cwd=notebooks)
    mark("workers started")
    try:
        weights = {task.output: page.weight for task, page in zip(tasks, planned)}
        pool.submit(sorted(tasks, key=lambda task: -weights[task.output]))  # the longest first
        files = write_ledgers(a, out_dir)  # meanwhile, in this process
        mark("ledgers written")
        by_output = {outcome.notebook: outcome for outcome in pool.collect(progress)}
        outcomes = [by_output[Path(task.output).name] for task in tasks]  # in page order
        mark("notebooks done")
    except BaseException:
        pool.stop()
        raise

    runs = [PageRun(o.notebook, page.title, page.section, o.page, o.ok, o.error, o.seconds)
            for page, o in zip(planned, outcomes)]
    figures = [name for name in charts.charts_of(d) if (out_dir / "figures" / f"{name}.png").exists()]
    if (out_dir / "project_cards.html").exists():
        files.append("project_cards.html")
    index = out_dir / "index.html"
    index.write_text(index_html(a, runs, figures, files, strict=p.strict), encoding="utf-8")
    mismatches = a.problems("mismatch")
    mark("index written")
    pool.close()  # the workers shut their kernels down meanwhile
    mark("workers stopped")
    return Reproduction(out_dir, index, outcomes, a.summary(), p.strict, mismatches,
                        time.perf_counter() - started, a.problems(), files, timings)


def clear_outputs(path: Path) -> bool:
    """Drop the outputs a source notebook was saved with (the sources are committed without them);
    True when the file changed."""
    import nbformat

    nb = nbformat.read(str(path), as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code" and (c.outputs or c.execution_count is not None)]
    for cell in code:
        cell.outputs, cell.execution_count = [], None
    if code:
        nbformat.write(nb, str(path))
    return bool(code)


def references(folder: Path = REFERENCE_DIR, jobs: int = 2, notebooks: Path = NOTEBOOK_DIR) -> list[Path]:
    """Run the pages of the bundled disclosure with the default parameters, each in a fresh kernel
    (as nbval runs them), and write the executed notebooks without run metadata to `folder`:
    the committed copies nbval compares fresh runs with. The source notebooks lose any outputs they
    were saved with. Raises RuntimeError when a page fails."""
    import nbformat

    from .runner import strip_run_metadata

    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    a = params_module.convert({}).audit()
    planned = pages(a, Path(notebooks))
    for source in {page.notebook for page in planned}:
        clear_outputs(source)
    for stale in folder.glob("[0-9][0-9]_*.ipynb"):
        stale.unlink()
    tasks = [Task(str(page.notebook), str(folder / f"{page.stem}.ipynb"), "", dict(page.parameters), page.title)
             for page in planned]
    pool = Pool(min(jobs, len(tasks)), fresh=True, cwd=folder)
    try:
        pool.submit(tasks)
        outcomes = pool.collect()
    finally:
        pool.close()
    failed = [f"{o.notebook}: {o.error}" for o in outcomes if not o.ok]
    if failed:
        raise RuntimeError("; ".join(failed))
    written = []
    for task in tasks:
        path = Path(task.output)
        nb = strip_run_metadata(nbformat.read(str(path), as_version=4))
        nbformat.write(nb, str(path))
        written.append(path)
    return written
