"""Running notebooks with papermill in reused kernels, in worker processes, and rendering them.

    pool = Pool(jobs=2)          # worker processes start; each starts one kernel
    pool.submit(tasks)           # Task: input notebook, parameters, output notebook and page
    outcomes = pool.collect()    # one Outcome per task (ok, error, seconds, page)
    pool.close()

Each worker owns one kernel, reached over IPC sockets (no TCP ports, so no port races between
workers; TCP where IPC is missing), and runs its notebooks in it one after the other. The kernel
is handed to papermill's engine with each call (`km=`, an engine argument): the engine
(`ReusingEngine`, registered once under ENGINE_NAME) clears the namespace, closes the figures and
numbers cells from 1 again before every notebook but the kernel's first, and leaves the kernel
running. A kernel start and the imports are paid once per worker, not once per notebook.
`fresh=True` starts a new kernel for every notebook instead (as nbval does).
"""
from __future__ import annotations

import copy
import html
import multiprocessing
import os
import queue
import re
import shutil
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

KERNEL_NAME = "python3"
ENGINE_NAME = "budgetlib-reuse"
START_TIMEOUT = 120
KERNEL_RETRIES = 3
# Run in the kernel (silently) before each notebook but the first: a clean namespace, figures
# closed, and the next cell numbered 1 — as if the kernel were new.
RESET_CODE = (
    "get_ipython().run_line_magic('reset', '-f')\n"
    "import matplotlib.pyplot as _budgetlib_plt\n_budgetlib_plt.close('all')\ndel _budgetlib_plt\n"
    "get_ipython().execution_count = 1\n"
)
WARM_CODE = "import budgetlib.views, budgetlib.charts, budgetlib.params, matplotlib.pyplot\n"


@dataclass
class Task:
    notebook: str  # input path
    output: str  # executed notebook path
    page: str  # html path
    parameters: dict
    title: str  # page title
    hide_code: bool = True  # the page shows what the notebook computes, not its code (reproduce --show-code)
    cwd: str | None = None  # the kernel's working directory for this notebook (relative parameters resolve here)


@dataclass
class Outcome:
    notebook: str  # output file name
    ok: bool
    error: str = ""
    seconds: float = 0.0
    page: str | None = None  # html file name, when rendered
    worker: int = 0


def one_line(text) -> str:
    text = re.sub(r"\x1b\[[0-9;]*m", "", str(text))
    return " ".join(text.split())[:500]


# -- papermill: an engine on a given kernel, parameters written readably ------------------------------

def register() -> None:
    """Register the engine and the translator with papermill (in this process; again is harmless)."""
    from papermill.clientwrap import PapermillNotebookClient
    from papermill.engines import NBClientEngine, papermill_engines
    from papermill.log import logger
    from papermill.translators import PythonTranslator, papermill_translators
    from papermill.utils import remove_args

    class ReusingClient(PapermillNotebookClient):
        def papermill_execute_cells(self):
            if getattr(self.km, "budgetlib_used", False):
                self.wait_for_reply(self.kc.execute(RESET_CODE, silent=True, store_history=False))
            self.km.budgetlib_used = True
            super().papermill_execute_cells()

    class ReusingEngine(NBClientEngine):
        """papermill's nbclient engine on the running kernel passed as `km` (not shut down after)."""

        @classmethod
        def execute_managed_notebook(cls, nb_man, kernel_name, log_output=False, stdout_file=None,
                                     stderr_file=None, start_timeout=START_TIMEOUT, execution_timeout=None,
                                     km=None, **kwargs):
            if km is None:
                raise ValueError(f"the {ENGINE_NAME} engine needs the kernel manager: execute_notebook(…, km=km)")
            kwargs = remove_args(["input_path", "timeout", "startup_timeout"], **kwargs)
            client = ReusingClient(
                nb_man, km=km, timeout=execution_timeout, startup_timeout=start_timeout, kernel_name=kernel_name,
                log=logger, log_output=log_output, stdout_file=stdout_file, stderr_file=stderr_file, **kwargs,
            )
            try:
                return client.execute()
            finally:
                if client.kc is not None:
                    client.kc.stop_channels()

    class ReadableTranslator(PythonTranslator):
        """Text parameters as Python literals that keep their characters (papermill's own writes
        every non-ASCII character as an escape: section = "\\u4e00")."""

        @classmethod
        def translate_str(cls, val):
            return repr(val)

    papermill_engines.register(ENGINE_NAME, ReusingEngine)
    papermill_translators.register("python", ReadableTranslator)


# -- one worker: a kernel, reused -------------------------------------------------------------------

class Runner:
    """Executes notebooks in one kernel (or a fresh one each, with fresh=True) and renders them."""

    def __init__(self, fresh: bool = False, worker: int = 0, cwd=None):
        self.fresh = fresh
        self.worker = worker
        self.cwd = str(cwd or Path.cwd())
        self.km = None
        self.launches = 0
        self.tmp = tempfile.mkdtemp(prefix="budgetlib-kernel-")
        self.exporters = {}
        try:
            if not fresh:
                self.km = self.launch()
            register()  # imports papermill and nbconvert while the kernel starts
            self.exporter(False)
            if self.km is not None:
                try:
                    self._warm(self.km)
                except Exception:
                    self.close_kernel()
                    self.start_kernel()
        except BaseException:  # stopped while starting (SIGTERM): leave no kernel or socket behind
            self.close()
            raise

    # kernel
    def launch(self):
        """Start a kernel process (returns at once; the kernel gets ready in the background)."""
        from jupyter_client.manager import AsyncKernelManager
        from jupyter_core.utils import run_sync

        self.launches += 1
        if os.name == "posix":
            km = AsyncKernelManager(kernel_name=KERNEL_NAME, transport="ipc",
                                    ip=os.path.join(self.tmp, f"k{self.launches}"))
        else:  # pragma: no cover - Windows: TCP; a port taken meanwhile is retried
            km = AsyncKernelManager(kernel_name=KERNEL_NAME)
        # No history database: the namespace reset numbers cells from 1 again, which a history
        # database would refuse (and say so in the first cell's output).
        run_sync(km.start_kernel)(cwd=self.cwd, extra_arguments=["--HistoryManager.enabled=False"])
        return km

    def start_kernel(self) -> None:
        last = None
        for attempt in range(KERNEL_RETRIES):
            km = None
            try:
                km = self.launch()
                self._warm(km)
                self.km = km
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

    def _execute(self, code: str) -> None:
        """Run `code` silently in the kernel and wait for it."""
        client = self.km.blocking_client()
        client.start_channels()
        try:
            client.wait_for_ready(timeout=START_TIMEOUT)
            client.execute_interactive(code, silent=True, store_history=False, timeout=START_TIMEOUT)
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

    def close_kernel(self) -> None:
        if self.km is not None:
            self._shutdown(self.km)
            self.km = None

    def close(self) -> None:
        self.close_kernel()
        shutil.rmtree(self.tmp, ignore_errors=True)

    def alive(self) -> bool:
        from jupyter_core.utils import run_sync

        try:
            return self.km is not None and bool(run_sync(self.km.is_alive)())
        except Exception:
            return False

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

    def render(self, task: Task, nb=None) -> str:
        """The executed notebook as an HTML page with a link back to the index."""
        import nbformat

        if nb is None:
            nb = nbformat.read(task.output, as_version=4)
        body, _ = self.exporter(task.hide_code).from_notebook_node(page_notebook(nb, task.hide_code),
                                                                   resources={"metadata": {"name": task.title}})
        nav = (f'<nav style="padding:8px 16px;font-family:sans-serif"><a href="index.html">← index</a> · '
               f"{html.escape(task.title)}</nav>")
        body = re.sub(r"(<body[^>]*>)", lambda m: m.group(1) + nav, body, count=1)
        Path(task.page).write_text(offline_html(body), encoding="utf-8")
        return Path(task.page).name

    # one notebook
    def run(self, task: Task) -> Outcome:
        import papermill as pm
        from papermill.exceptions import PapermillExecutionError

        start = time.perf_counter()
        ok, error, nb = True, "", None
        if self.fresh or not self.alive():
            self.close_kernel()
            self.start_kernel()
        if task.cwd:
            self._execute(f"import os as _budgetlib_os\n_budgetlib_os.chdir({str(task.cwd)!r})\ndel _budgetlib_os\n")
        try:
            nb = pm.execute_notebook(
                task.notebook, task.output, parameters=task.parameters, progress_bar=False,
                kernel_name=KERNEL_NAME, cwd=str(Path(task.notebook).parent), log_output=False,
                engine_name=ENGINE_NAME, km=self.km, start_timeout=START_TIMEOUT,
                request_save_on_cell_execute=False,  # written once at the end, not after every cell
            )
        except PapermillExecutionError as exc:
            ok, error = False, one_line(f"{exc.ename}: {exc.evalue}")
        except Exception as exc:  # the kernel died, a timeout …: restart for the next notebook
            ok, error = False, one_line(f"{type(exc).__name__}: {exc}")
            self.close_kernel()
        if self.fresh:
            self.close_kernel()
        page = None
        if task.page and Path(task.output).exists():
            try:
                page = self.render(task, nb)
            except Exception as exc:
                ok, error = False, error or one_line(f"rendering failed: {type(exc).__name__}: {exc}")
        return Outcome(Path(task.output).name, ok, error, time.perf_counter() - start, page, self.worker)


ABOUT_TAG = "about"  # a notebook's introduction (what it shows, its parameters): the page puts it last


def page_notebook(nb, hide_code: bool):
    """The notebook as its page shows it: the title and the problems first — the cells tagged
    'about' after everything else; without code, no code cell that shows nothing (the parameters)."""
    about = [c for c in nb.cells if ABOUT_TAG in c.get("metadata", {}).get("tags", ())]
    shown = [c for c in nb.cells if not any(c is x for x in about)
             and not (hide_code and c.cell_type == "code" and not c.get("outputs"))]
    page = copy.copy(nb)  # the executed notebook itself is left as it is
    page.cells = shown + about
    return page


PAGE_STYLE = ("<style>body{font-family:\"Noto Sans CJK SC\",\"Source Han Sans SC\",\"PingFang SC\",\"Microsoft YaHei\","
              "sans-serif}.jp-RenderedHTMLCommon td.x{background:#f8b4b0!important}</style>")


def offline_html(page: str) -> str:
    """A rendered page that works anywhere: lang="zh-CN" (browsers pick Chinese glyph forms), no
    script and no stylesheet or font from the network (nbconvert's templates load require.js, MathJax
    and mermaid from a CDN; the pages need no script: <details> folds without one)."""
    page = re.sub(r'<html lang="[^"]*"', '<html lang="zh-CN"', page, count=1)
    page = re.sub(r"<script\b[^>]*>.*?</script>", "", page, flags=re.S | re.I)
    page = re.sub(r"<link\b[^>]*href=[\"']?(?:https?:)?//[^>]*>", "", page, flags=re.I)
    page = re.sub(r"@import\s+url\([\"']?(?:https?:)?//[^)]*\);?", "", page, flags=re.I)
    return page.replace("</head>", PAGE_STYLE + "</head>", 1)


# -- worker processes ---------------------------------------------------------------------------------

def _start_method() -> str:
    """fork where it is safe (the workers inherit the imports); Python ≥ 3.12 warns about forking
    a process with threads (numpy's), so there the workers start from a fork server."""
    methods = multiprocessing.get_all_start_methods()
    if "fork" in methods and sys.version_info < (3, 12):
        return "fork"
    return "forkserver" if "forkserver" in methods else "spawn"


def _worker(number: int, tasks, results, fresh: bool, cwd: str) -> None:
    import signal

    signal.signal(signal.SIGTERM, lambda *_: sys.exit(1))  # run the finally below: stop the kernel
    runner = None
    try:
        runner = Runner(fresh=fresh, worker=number, cwd=cwd)
        while True:
            task = tasks.get()
            if task is None:
                break
            results.put(runner.run(task))
    except BaseException as exc:  # report and stop: the parent notices the missing outcomes
        results.put(Outcome("", False, one_line(f"worker {number}: {type(exc).__name__}: {exc}"), worker=number))
    finally:
        if runner is not None:
            runner.close()


class Pool:
    """Worker processes, each with its own kernel, running submitted tasks."""

    def __init__(self, jobs: int, fresh: bool = False, cwd=None):
        self.jobs = jobs
        context = multiprocessing.get_context(_start_method())
        self.tasks, self.results = context.Queue(), context.Queue()
        self.submitted: list[Task] = []
        self.processes = [context.Process(target=_worker, args=(i, self.tasks, self.results, fresh,
                                                                str(cwd or Path.cwd())), daemon=True)
                          for i in range(jobs)]
        for process in self.processes:
            process.start()

    def submit(self, tasks: list[Task]) -> None:
        """Queue the tasks, then one stop signal per worker: submit once."""
        self.submitted += tasks
        for task in tasks:
            self.tasks.put(task)
        for _ in self.processes:
            self.tasks.put(None)

    def collect(self, progress: bool = False) -> list[Outcome]:
        """One outcome per submitted task, in the order of the tasks (a task whose worker stopped
        gets an outcome that says so)."""
        bar = None
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(self.submitted), desc="notebooks", unit="nb", file=sys.stderr, leave=True)
        outcomes: list[Outcome] = []
        worker_errors: list[str] = []
        try:
            while len(outcomes) < len(self.submitted):
                try:
                    outcome = self.results.get(timeout=1.0)
                except queue.Empty:
                    if not any(p.is_alive() for p in self.processes):
                        break
                    continue
                if not outcome.notebook:  # a worker gave up
                    worker_errors.append(outcome.error)
                    if not any(p.is_alive() for p in self.processes) and self.results.empty():
                        break
                    continue
                outcomes.append(outcome)
                if bar is not None:
                    bar.set_postfix_str(outcome.notebook[:28])
                    bar.update(1)
        finally:
            if bar is not None:
                bar.close()
        by_name = {o.notebook: o for o in outcomes}
        missing = worker_errors[0] if worker_errors else "the worker stopped"
        return [by_name.get(Path(t.output).name, Outcome(Path(t.output).name, False, missing))
                for t in self.submitted]

    def close(self, wait: float = 30) -> None:
        """Let the workers shut their kernels down, then stop any still running (SIGTERM first)."""
        for process in self.processes:
            process.join(timeout=wait)
        self.stop()

    def stop(self) -> None:
        for process in self.processes:
            if process.is_alive():
                process.terminate()
        for process in self.processes:
            process.join(timeout=10)
            if process.is_alive():  # pragma: no cover
                process.kill()


def strip_run_metadata(nb):
    """Drop what changes from run to run: papermill's timings and nbclient's timestamps."""
    nb.metadata.pop("papermill", None)
    nb.metadata.pop("widgets", None)
    for cell in nb.cells:
        cell.metadata.pop("papermill", None)
        cell.metadata.pop("execution", None)
        if cell.metadata.get("tags") == []:
            del cell.metadata["tags"]
    return nb
