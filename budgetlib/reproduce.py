"""`python -m budgetlib reproduce`: run every notebook with papermill and render the outputs.

    python -m budgetlib reproduce [--source PATH] [--out DIR] [-j N] [--params FILE]
                                  [--hide-code] [--strict] [--fresh-kernels]

writes to DIR/<unit>-<year>/ (DIR defaults to outputs/):
    NN_<name>.ipynb   the executed notebooks          NN_<name>.html  the rendered pages
    figures/*.png|svg the figures                     claims.csv, checks.csv  the ledgers (UTF-8, BOM)
    index.html        every section with its claim counts by status, linking to the pages
    audit.xlsx, data/ the workbook and the CSV export, when budgetlib provides them

Notebooks run in N worker processes (2 by default). Each worker owns one kernel, reached over IPC
sockets (no TCP ports, so no port races between workers; TCP with retries where IPC is missing),
and runs its notebooks in it one after the other, clearing the namespace and the execution count
in between: a kernel start and the imports are paid once per worker, not once per notebook.
`--fresh-kernels` starts a new kernel for every notebook instead (as nbval does): slower, and a
check that reuse leaks nothing from one notebook into the next.

Exit codes: 0 every notebook ran (and, with --strict, nothing is a mismatch); 1 a notebook failed
or, with --strict, a claim or check is a mismatch — the index shows which; 2 bad input or options.
"""
from __future__ import annotations

import argparse
import multiprocessing
import os
import queue
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from . import params as params_module
from .errors import DisclosureError, ParameterError

ROOT = Path(__file__).resolve().parent.parent
NOTEBOOK_DIR = ROOT / "notebooks"
KERNEL_NAME = "python3"
ENGINE_NAME = "budgetlib"
EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2
START_TIMEOUT = 120
KERNEL_RETRIES = 3
# Run in the kernel (silently) before each notebook but the first: a clean namespace, figures
# closed, and the next cell numbered 1 — as if the kernel were new.
RESET_CODE = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import matplotlib.pyplot as _budgetlib_plt\n_budgetlib_plt.close('all')\ndel _budgetlib_plt\n"
    "get_ipython().execution_count = 1\n"
)
WARM_CODE = "import budgetlib.report, budgetlib.charts, budgetlib.params, matplotlib.pyplot\n"


# -- the notebooks ------------------------------------------------------------------------------------

def notebooks(folder: Path = NOTEBOOK_DIR) -> list[Path]:
    """The notebooks a reproduction runs: NN_<name>.ipynb, in order."""
    found = sorted(p for p in Path(folder).glob("[0-9][0-9]_*.ipynb"))
    if not found:
        raise DisclosureError(folder, "notebooks", None, "no notebook NN_<name>.ipynb found")
    return found


def notebook_title(path: Path) -> str:
    """The first heading of the notebook (its first markdown cell)."""
    import json

    nb = json.loads(Path(path).read_text(encoding="utf-8"))  # plain JSON: nbformat validation is slow
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            for line in source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip()
    return path.stem


def section_of(path: Path) -> str | None:
    """'05_general_budget_expenditure.ipynb' -> '五'; the overview (00) -> None."""
    from .text import CHINESE_NUMERALS, numeral_value

    number = int(path.name[:2])
    if number == 0:
        return None
    for numeral in [*CHINESE_NUMERALS, *(f"十{c}" for c in CHINESE_NUMERALS[:9])]:
        if numeral_value(numeral) == number:
            return numeral
    return None


# -- one worker: a kernel, reused -------------------------------------------------------------------

@dataclass
class Task:
    notebook: str  # input path
    output: str  # executed notebook path
    page: str  # html path
    parameters: dict
    hide_code: bool


@dataclass
class Outcome:
    notebook: str  # file name
    ok: bool
    error: str = ""
    seconds: float = 0.0
    page: str | None = None  # html file name, when rendered
    worker: int = 0


_KERNEL = None  # the worker's kernel manager, used by the engine below


def _register_engine() -> None:
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.utils import remove_args

    class ReusingClient(PapermillNotebookClient):
        def papermill_execute_cells(self):
            if getattr(self.km, "budgetlib_used", False):
                self.wait_for_reply(self.kc.execute(RESET_CODE, silent=True, store_history=False))
            self.km.budgetlib_used = True
            super().papermill_execute_cells()

    class ReusingEngine(NBClientEngine):
        """papermill's nbclient engine, on the worker's running kernel (not shut down after)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=START_TIMEOUT, execution_timeout=None,
                                     **kwargs):
            kwargs = remove_args(["input_path", "timeout", "startup_timeout", "km"], **kwargs)
            client = ReusingClient(
                nb_man, km=_KERNEL, timeout=execution_timeout, startup_timeout=start_timeout,
                kernel_name=kernel_name, log=logger, log_output=log_output, stdout_file=stdout_file,
                stderr_file=stderr_file, **kwargs,
            )
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    papermill_engines.register(ENGINE_NAME, ReusingEngine)


class Runner:
    """Executes notebooks in one kernel (or a fresh one each, with fresh=True) and renders them."""

    def __init__(self, fresh: bool = False, worker: int = 0):
        self.fresh = fresh
        self.worker = worker
        self.km = None
        self.tmp = tempfile.mkdtemp(prefix="budgetlib-kernel-")
        self.exporters = {}
        try:
            if not fresh:
                self.km = self.launch()
            _register_engine()  # imports papermill and nbconvert while the kernel starts
            self.exporter(False)
            if self.km is not None:
                try:
                    self._warm(self.km)
                    globals()["_KERNEL"] = self.km
                except Exception:
                    self.close_kernel_only()
                    self.start_kernel()
        except BaseException:  # stopped while starting (SIGTERM): leave no kernel or socket behind
            self.close()
            raise

    # kernel
    def launch(self, attempt: int = 0):
        """Start a kernel process (returns at once; the kernel gets ready in the background)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.launches = getattr(self, "launches", 0) + 1
        if os.name == "posix":
            km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                    ip=os.path.join(self.tmp, f"k{self.launches}"))
        else:  # pragma: no cover - Windows: TCP; a port taken meanwhile is retried
            km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        # No history database: the namespace reset numbers cells from 1 again, which a history
        # database would refuse (and say so in the first cell's output).
        run_sync(km.start_kernel)(cwd=str(NOTEBOOK_DIR), extra_arguments=["--HistoryManager.enabled=False"])
        return km

    def start_kernel(self) -> None:
        global _KERNEL
        last = None
        for attempt in range(KERNEL_RETRIES):
            km = None
            try:
                km = self.launch(attempt)
                self._warm(km)
                self.km = _KERNEL = km
                return
            except Exception as exc:  # port in use, kernel died at start …
                last = exc
                if km is not None:
                    self._shutdown(km)
                time.sleep(0.2 * (attempt + 1))
        raise RuntimeError(f"cannot start a {KERNEL_NAME} kernel: {last}")

    def _warm(self, km) -> None:
        """Wait until the kernel answers, then have it import the heavy modules (not waiting for
        that: papermill prepares the first notebook meanwhile)."""
        client = km.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=START_TIMEOUT)
            client.execute(WARM_CODE, silent=True, store_history=False)
        finally:
            client.stop_channels()

    @staticmethod
    def _shutdown(km) -> None:
        from jupyter_core.utils import run_sync

        try:
            if km.has_kernel:
                run_sync(km.shutdown_kernel)(now=True)  # its work is done: no graceful wait
        except Exception:
            pass

    def close(self) -> None:
        self.close_kernel_only()
        shutil.rmtree(self.tmp, ignore_errors=True)

    # rendering
    def exporter(self, hide_code: bool):
        if hide_code not in self.exporters:
            from nbconvert import HTMLExporter

            exporter = HTMLExporter(template_name="lab")
            exporter.exclude_input = hide_code
            exporter.exclude_input_prompt = hide_code
            exporter.exclude_output_prompt = hide_code
            self.exporters[hide_code] = exporter
        return self.exporters[hide_code]

    def render(self, task: Task, title: str, nb=None) -> str:
        import nbformat

        if nb is None:
            nb = nbformat.read(task.output, as_version=4)
        body, _ = self.exporter(task.hide_code).from_notebook_node(nb, resources={"metadata": {"name": title}})
        nav = (f'<nav style="padding:8px 16px;font-family:sans-serif"><a href="index.html">← index</a> · '
               f'{_escape(title)}</nav>')
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, body, count=1)
        Path(task.page).write_text(body, encoding="utf-8")
        return Path(task.page).name

    # one notebook
    def run(self, task: Task) -> Outcome:
        import papermill as pm
        from papermill.exceptions import PapermillExecutionError

        start = time.perf_counter()
        name = Path(task.notebook).name
        ok, error, nb = True, "", None
        if self.fresh or self.km is None or not _alive(self.km):
            self.close_kernel_only()
            self.start_kernel()
        try:
            nb = pm.execute_notebook(
                task.notebook, task.output, parameters=task.parameters, progress_bar=False,
                kernel_name=KERNEL_NAME, cwd=str(Path(task.notebook).parent), log_output=False,
                engine_name=ENGINE_NAME, start_timeout=START_TIMEOUT,
                request_save_on_cell_execute=False,  # written once at the end, not after every cell
            )
        except PapermillExecutionError as exc:
            ok, error = False, _one_line(f"{exc.ename}: {exc.evalue}")
        except Exception as exc:  # the kernel died, a timeout …: restart for the next notebook
            ok, error = False, _one_line(f"{type(exc).__name__}: {exc}")
            self.close_kernel_only()
        if self.fresh:
            self.close_kernel_only()
        page = None
        if Path(task.output).exists():
            try:
                page = self.render(task, notebook_title(Path(task.notebook)), nb)
            except Exception as exc:
                ok, error = False, error or _one_line(f"rendering failed: {type(exc).__name__}: {exc}")
        return Outcome(name, ok, error, time.perf_counter() - start, page, self.worker)

    def close_kernel_only(self) -> None:
        global _KERNEL
        if self.km is not None:
            self._shutdown(self.km)
            self.km = _KERNEL = None


def _alive(km) -> bool:
    from jupyter_core.utils import run_sync

    try:
        return bool(run_sync(km.is_alive)())
    except Exception:
        return False


def _escape(text: str) -> str:
    import html

    return html.escape(text)


def _one_line(text: str) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))
    return " ".join(text.split())[:500]


def _start_method() -> str:
    """fork where it is safe (the workers inherit the imports); Python ≥ 3.12 warns about forking
    a process with threads (numpy's), so there the workers start from a fork server."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.version_info < (3, 12):
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _stop(processes) -> None:
    """Stop workers still running; SIGTERM lets them shut their kernels down first."""
    for process in processes:
        if process.is_alive():
            process.terminate()
    for process in processes:
        process.join(timeout=10)
        if process.is_alive():  # pragma: no cover
            process.kill()


def _worker(number: int, tasks, results, fresh: bool) -> None:
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the finally below: stop the kernel
    runner = None
    try:
        runner = Runner(fresh=fresh, worker=number)
        while True:
            task = tasks.get()
            if task is None:
                break
            results.put(runner.run(task))
    except BaseException as exc:  # report and stop: the parent notices the missing outcomes
        results.put(Outcome("", False, _one_line(f"worker {number}: {type(exc).__name__}: {exc}"), worker=number))
    finally:
        if runner is not None:
            runner.close()


# -- the reproduction ---------------------------------------------------------------------------------

@dataclass
class Reproduction:
    out_dir: Path
    index: Path
    outcomes: list[Outcome]
    summary: dict
    strict: bool
    mismatches: int
    seconds: float
    files: list[str] = field(default_factory=list)
    timings: dict = field(default_factory=dict)  # phase -> seconds since the start

    @property
    def failed(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.ok]

    @property
    def exit_code(self) -> int:
        if self.failed or (self.strict and self.mismatches):
            return EXIT_FAILED
        return EXIT_OK


def _parameters(source, params_file, strict) -> tuple[params_module.Parameters, dict]:
    values = params_module.read_file(params_file) if params_file else {}
    if "output_dir" in values:
        raise ParameterError("parameter 'output_dir' is chosen by reproduce: use --out DIR instead")
    if source is not None:
        values["source"] = str(source)
    if strict:
        values["strict"] = True
    return params_module.convert(values), values


def _notebook_parameters(p: params_module.Parameters, out_dir: Path) -> dict:
    """What papermill injects: plain literals (absolute paths, amounts as text)."""
    return {
        "source": str(p.source.resolve()) if p.source else None,
        "output_dir": str(out_dir.resolve()),
        "tolerance": str(p.tolerance),
        "strict": p.strict,
        "prior_year": {k: str(v) for k, v in p.prior_year.items()},
    }


def _clean(out_dir: Path) -> None:
    """Remove what an earlier reproduction wrote (and only that)."""
    for pattern in ("[0-9][0-9]_*.ipynb", "[0-9][0-9]_*.html", "index.html", "claims.csv", "checks.csv"):
        for path in out_dir.glob(pattern):
            path.unlink()
    shutil.rmtree(out_dir / "figures", ignore_errors=True)


def _write_ledgers(a, out_dir: Path) -> list[str]:
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
        print(f"budgetlib: warning: workbook not written: {_one_line(exc)}", file=sys.stderr)
    return written + ["data/datapackage.json"]


def reproduce(source=None, out="outputs", jobs: int = 2, params_file=None, hide_code: bool = False,
              strict: bool = False, fresh_kernels: bool = False, notebook_paths: list[Path] | None = None,
              progress: bool = True) -> Reproduction:
    """Run the notebooks and render everything; raises DisclosureError/ParameterError on bad input."""
    started = time.perf_counter()
    timings = {}

    def mark(phase: str) -> None:
        timings[phase] = round(time.perf_counter() - started, 3)

    if not isinstance(jobs, int) or jobs < 1:
        raise ParameterError(f"-j/--jobs: {jobs!r} must be a whole number ≥ 1")
    p, _ = _parameters(source, params_file, strict)
    a = p.audit()  # bad input stops here, before any kernel starts
    d = a.disclosure
    mark("loaded")
    paths = list(notebook_paths) if notebook_paths else notebooks()
    out_dir = Path(out) / d.slug
    out_dir.mkdir(parents=True, exist_ok=True)
    _clean(out_dir)
    parameters = _notebook_parameters(p, out_dir)
    tasks = [Task(str(path), str(out_dir / path.name), str(out_dir / f"{path.stem}.html"), parameters, hide_code)
             for path in paths]

    workers = min(jobs, len(tasks))
    context = multiprocessing.get_context(_start_method())
    task_queue, result_queue = context.Queue(), context.Queue()
    for task in tasks:
        task_queue.put(task)
    for _ in range(workers):
        task_queue.put(None)
    processes = [context.Process(target=_worker, args=(i, task_queue, result_queue, fresh_kernels), daemon=True)
                 for i in range(workers)]
    for process in processes:
        process.start()
    mark("workers started")

    try:
        # meanwhile: the ledgers, workbook and export, from this process
        files = _write_ledgers(a, out_dir)
        mark("ledgers written")
        outcomes = _collect(result_queue, processes, tasks, progress)
        mark("notebooks done")
    except BaseException:
        _stop(processes)
        raise

    from . import charts, report

    runs = []
    by_name = {o.notebook: o for o in outcomes}
    for path in paths:
        o = by_name.get(path.name, Outcome(path.name, False, "not run"))
        runs.append(report.PageRun(path.name, notebook_title(path), section_of(path), o.page, o.ok, o.error, o.seconds))
    figures = [name for name in charts.CHARTS if (out_dir / "figures" / f"{name}.png").exists()]
    index = out_dir / "index.html"
    index.write_text(report.index_html(a, runs, figures, files, strict=p.strict), encoding="utf-8")
    mismatches = sum(counts["mismatch"] for counts in a.summary().values())
    mark("index written")
    for process in processes:  # the workers are shutting their kernels down meanwhile
        process.join(timeout=30)
    _stop(processes)
    mark("workers stopped")
    return Reproduction(out_dir, index, [by_name.get(r.notebook, Outcome(r.notebook, False, "not run")) for r in runs],
                        a.summary(), p.strict, mismatches, time.perf_counter() - started, files, timings)


def _collect(result_queue, processes, tasks, progress: bool) -> list[Outcome]:
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(tasks), desc="notebooks", unit="nb", file=sys.stderr, leave=True)
    outcomes: list[Outcome] = []
    try:
        while len([o for o in outcomes if o.notebook]) < len(tasks):
            try:
                outcome = result_queue.get(timeout=1.0)
            except queue.Empty:
                if not any(p.is_alive() for p in processes):
                    break
                continue
            if not outcome.notebook:  # a worker gave up
                outcomes.append(outcome)
                if not any(p.is_alive() for p in processes) and result_queue.empty():
                    break
                continue
            outcomes.append(outcome)
            if bar is not None:
                bar.set_postfix_str(outcome.notebook[:28])
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    worker_errors = [o.error for o in outcomes if not o.notebook]
    done = [o for o in outcomes if o.notebook]
    seen = {o.notebook for o in done}
    for task in tasks:
        name = Path(task.notebook).name
        if name not in seen:
            done.append(Outcome(name, False, worker_errors[0] if worker_errors else "the worker stopped"))
    return done


# -- command line ---------------------------------------------------------------------------------------

def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--source", metavar="PATH", help="disclosure text (default: the bundled one)")
    parser.add_argument("--out", metavar="DIR", default="outputs",
                        help="output folder; pages go to DIR/<unit>-<year>/ (default: outputs)")
    parser.add_argument("-j", "--jobs", metavar="N", type=int, default=2,
                        help="notebooks run in parallel (worker processes, one kernel each; default 2)")
    parser.add_argument("--params", metavar="FILE",
                        help="YAML file of notebook parameters (source, tolerance, strict, prior_year)")
    parser.add_argument("--hide-code", action="store_true", help="HTML pages without the code cells")
    parser.add_argument("--strict", action="store_true",
                        help="exit 1 when any claim or check is a mismatch (the notebooks raise at the end)")
    parser.add_argument("--fresh-kernels", action="store_true",
                        help="a new kernel for every notebook (slower; as nbval runs them)")


def run(args) -> int:
    """Run `reproduce` from parsed arguments; returns the exit code."""
    try:
        result = reproduce(
            source=args.source, out=args.out, jobs=args.jobs, params_file=args.params,
            hide_code=args.hide_code, strict=args.strict, fresh_kernels=getattr(args, "fresh_kernels", False),
            progress=getattr(args, "progress", True),
        )
    except (DisclosureError, ParameterError) as exc:
        print(f"budgetlib: error: {_one_line(exc)}", file=sys.stderr)
        return EXIT_INPUT
    ok = len(result.outcomes) - len(result.failed)
    counts = "; ".join(f"{kind}: " + ", ".join(f"{n} {s}" for s, n in c.items() if n) for kind, c in result.summary.items())
    print(f"wrote {result.index} — {ok}/{len(result.outcomes)} notebooks ran, {result.seconds:.1f}s; {counts}")
    for outcome in result.failed:
        print(f"budgetlib: {outcome.notebook}: {outcome.error}", file=sys.stderr)
    if result.strict and result.mismatches:
        print(f"budgetlib: strict: {result.mismatches} mismatch(es); see {result.index}", file=sys.stderr)
    return result.exit_code


def main(argv=None) -> int:
    class Parser(argparse.ArgumentParser):
        def error(self, message):
            print(f"budgetlib: error: {message}", file=sys.stderr)
            raise SystemExit(EXIT_INPUT)

    parser = Parser(prog="python -m budgetlib.reproduce", description=__doc__.splitlines()[0])
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
