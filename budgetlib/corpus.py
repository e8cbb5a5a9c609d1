"""Corpus audits: many disclosures in one run, on all cores or on a Dask cluster.

    result = audit_corpus(["reports/", "archive/**/*.pdf", "one.txt"], "results/")
    result.exit_code, result.audited, result.refused, result.skipped, result.documents

Inputs: files, folders (recursively: *.txt, *.pdf; hidden entries skipped) and glob patterns, text or
PDF, in any template budgetlib knows. The same bytes at two paths are audited once (`duplicates`).
An input that yields no file is refused by name before anything is written; a run that fails removes
the folder it created. Reading the results back: `budgetlib.summaries`.

Outputs, in `out/`: one tidy table per kind (documents, rows, checks, claims, findings, measures,
amounts: see `budgetlib.tidy`), each as `<kind>.parquet` and `<kind>.csv` (UTF-8 with a BOM; a TEXT cell
starting with = + - @, tab or CR gets a leading ' as in `budgetlib.export`; exact amounts as text, as
printed). Every row is keyed by the source's `sha256`, with `kind`, `unit`, `year` and `template`.

Layout and resuming: each document's tables go, as it finishes, to `out/parts/<kind>/<sha256>.parquet`
(the documents part last: it marks the document done); they are then streamed into
`out/<kind>.parquet|csv` in sha256 order, a bounded batch at a time: no process holds the rows of the
whole corpus. A rerun skips each document with a documents part of the same budgetlib version and
tolerance (refusals too; `failed` ones are retried) and rewrites no file whose content is unchanged.
The folder accumulates every document ever audited into it.

Engines: `concurrent.futures.ProcessPoolExecutor` over `jobs` processes (default os.cpu_count();
jobs=1: this process); with `scheduler` ("tcp://host:8786" or a `distributed.Client`) the same function
runs on an existing Dask cluster, streamed back with `as_completed`. The workers must see the input
paths; they write the parts when they see `out` too, else this process does.

Exit codes (`CorpusResult.exit_code`, over this run's inputs, skipped ones included; the highest
applies): 0 all audited, no check or claim a mismatch; 1 some mismatch; 2 some document refused
(unreadable, no known template, a part missing: an input problem, as everywhere in the CLI);
3 budgetlib failed on some document (a bug; the reason names the exception).
"""
from __future__ import annotations

import glob
import hashlib
import os
import shutil
import sys
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from .audit import DEFAULT_TOLERANCE, as_tolerance, audit
from .document import load
from .errors import DisclosureError, ParameterError
from .tidy import (AUDITED, FAILED, KINDS, REFUSED, SCHEMAS, conform, csv_safe, document_row, document_table, tidy,
                   tolerance_text, version)

EXIT_OK, EXIT_MISMATCH, EXIT_INPUT, EXIT_FAILED = 0, 1, 2, 3
SUFFIXES = (".txt", ".pdf")
BATCH_ROWS = 50_000  # rows buffered per output file while combining (Arrow peak ~100 MB, any corpus size)
INTEGERS = {pa.int64(): pd.Int64Dtype()}  # read back: integer columns with blanks stay integers


# ---- one document, in a worker -------------------------------------------------------------------

def _rss_mb() -> float:
    import resource

    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)  # Linux: KiB


def one_line(exc: BaseException) -> str:
    message = (str(exc).strip().splitlines() or [""])[0]
    return message if isinstance(exc, (DisclosureError, ParameterError)) else f"{type(exc).__name__}: {message}"


def audit_document(path: str, sha256: str | None, tolerance=None, out: str | None = None) -> dict:
    """Load and audit one file (the function every engine runs). -> {"document": the documents row,
    "tables": {kind: Arrow table}}; with `out`, the tables are written to out/parts here and None returned."""
    start = time.perf_counter()
    try:
        a = audit(load(path), tolerance)
        tables = tidy(a)
        row = document_row(path, a.disclosure.sha256, tolerance, a=a)
    except (DisclosureError, ParameterError) as exc:
        tables, row = {}, document_row(path, sha256, tolerance, REFUSED, one_line(exc))
    except Exception as exc:  # noqa: BLE001 — a bug on one document must not stop the batch
        tables, row = {}, document_row(path, sha256, tolerance, FAILED, one_line(exc))
    row.update(seconds=round(time.perf_counter() - start, 4), worker_rss_mb=_rss_mb())
    tables["documents"] = document_table(row)
    if out is None:
        return {"document": row, "tables": tables}
    write_parts(Path(out), part_name(row), tables)
    return {"document": row, "tables": None}


# ---- parts on disk -------------------------------------------------------------------------------

def part_name(row: dict) -> str:
    """A document's part file name: its sha256; a path that could not be read, a hash of the path."""
    return row["sha256"] or "unread-" + hashlib.sha256(row["path"].encode()).hexdigest()


def _write_atomic(table: pa.Table, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    pq.write_table(table, tmp)
    os.replace(tmp, path)


def write_parts(out: Path, name: str, tables: dict[str, pa.Table]) -> None:
    """One document's tables to out/parts/<kind>/<name>.parquet, the documents part last (it marks
    the document done); a kind without rows leaves no part (a stale one is removed)."""
    for kind in [k for k in KINDS if k != "documents"] + ["documents"]:
        path = out / "parts" / kind / f"{name}.parquet"
        table = tables.get(kind)
        if table is None or table.num_rows == 0:
            path.unlink(missing_ok=True)
        else:
            _write_atomic(table, path)


def _replace_if_changed(tmp: Path, path: Path) -> bool:
    if path.exists() and file_sha256(tmp) == file_sha256(path):
        tmp.unlink()
        return False
    os.replace(tmp, path)
    return True


def combine(out: Path, kind: str) -> list[Path]:
    """Stream out/parts/<kind>/*.parquet (sha256 order) into out/<kind>.parquet and .csv, a batch
    of at most BATCH_ROWS rows in memory. Returns the files whose content changed."""
    import pyarrow.csv as pcsv

    schema = SCHEMAS[kind]
    parquet, csv = out / f"{kind}.parquet", out / f"{kind}.csv"
    tmp_parquet, tmp_csv = out / f".{kind}.parquet.tmp", out / f".{kind}.csv.tmp"
    with pq.ParquetWriter(tmp_parquet, schema) as writer, tmp_csv.open("wb") as handle:
        handle.write("\ufeff".encode("utf-8"))
        with pcsv.CSVWriter(handle, schema) as csv_writer:
            batch, rows = [], 0
            for part in sorted((out / "parts" / kind).glob("*.parquet")):
                batch.append(conform(pq.read_table(part), kind))
                rows += batch[-1].num_rows
                if rows >= BATCH_ROWS:
                    _flush(batch, kind, writer, csv_writer)
                    batch, rows = [], 0
            _flush(batch, kind, writer, csv_writer)
    return [p for tmp, p in ((tmp_parquet, parquet), (tmp_csv, csv)) if _replace_if_changed(tmp, p)]


def _flush(batch: list[pa.Table], kind: str, writer, csv_writer) -> None:
    if batch:
        table = pa.concat_tables(batch)
        writer.write_table(table)
        csv_writer.write_table(csv_safe(table, kind))


# ---- inputs and what is already done -------------------------------------------------------------

def expand(paths) -> list[str]:
    """Files, folders (recursively: *.txt, *.pdf) and glob patterns -> file paths, in order, once each.
    A path, folder or pattern that yields no disclosure is a ParameterError naming it: a corpus run
    never drops an input silently."""
    if isinstance(paths, (str, os.PathLike)):
        paths = [paths]
    if not paths:
        raise ParameterError("no disclosure given: name files, folders or patterns")
    found: dict[str, str] = {}
    for given in paths:
        given = os.path.expanduser(str(given))
        matches = sorted(glob.glob(given, recursive=True)) if glob.has_magic(given) else [given]
        files = [path for match in matches for path in _files(Path(match))]
        if not files:
            what = ("pattern matches no file" if glob.has_magic(given) else
                    f"folder holds no {' or '.join(sorted(SUFFIXES))} file" if Path(given).is_dir() else "no such file")
            raise ParameterError(f"{given}: {what}")
        for path in files:
            found.setdefault(os.path.realpath(path), str(path))
    return list(found.values())


def _files(path: Path) -> list[Path]:
    if not path.is_dir():
        return [path] if path.is_file() else []
    return sorted(p for p in path.rglob("*") if p.suffix.lower() in SUFFIXES and p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(path).parts))


def file_sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def done(out: Path) -> dict[str, tuple]:
    """Part name -> (budgetlib_version, tolerance, status) of every document with a documents part."""
    names = {p.stem for p in (out / "parts" / "documents").glob("*.parquet")}
    combined, columns = out / "documents.parquet", ["sha256", "path", "budgetlib_version", "tolerance", "status"]
    rows = pq.read_table(combined, columns=columns).to_pylist() if combined.exists() else []
    known = {part_name(r): r for r in rows if part_name(r) in names}
    known |= {n: pq.read_table(out / "parts" / "documents" / f"{n}.parquet").to_pylist()[0] for n in names - set(known)}
    return {name: (r["budgetlib_version"], r["tolerance"], r["status"]) for name, r in known.items()}


@dataclass
class Plan:
    todo: list[tuple[str, str]] = field(default_factory=list)  # (path, sha256) to audit
    names: list[str] = field(default_factory=list)  # part names of every input (this run's documents)
    skipped: int = 0
    duplicates: list[str] = field(default_factory=list)
    unread: list[dict] = field(default_factory=list)  # documents rows of files that cannot be read


def plan(files: list[str], out: Path, tolerance) -> Plan:
    known, result, seen = done(out), Plan(), set()
    wanted = (version(), tolerance_text(tolerance))
    for path in files:
        try:
            sha = file_sha256(path)
        except OSError as exc:
            row = document_row(path, None, tolerance, REFUSED, f"{path}: file: cannot read: {exc.strerror or exc}")
            result.unread.append(row | {"seconds": 0.0})
            result.names.append(part_name(row))
            continue
        if sha in seen:
            result.duplicates.append(path)
            continue
        seen.add(sha)
        result.names.append(sha)
        previous = known.get(sha, (None, None, FAILED))
        if previous[:2] == wanted and previous[2] != FAILED:
            result.skipped += 1
        else:
            result.todo.append((path, sha))
    return result


# ---- engines -------------------------------------------------------------------------------------

def _failed(path: str, sha: str, tolerance, exc: BaseException, out: Path) -> dict:
    """A document whose worker died or raised: its row, written here."""
    row = document_row(path, sha, tolerance, FAILED, one_line(exc)) | {"seconds": None}
    return write_parts(out, part_name(row), {"documents": document_table(row)}) or row


def run_local(todo, out: Path, tolerance, jobs: int):
    """Yield each document's row as it finishes; the workers write their own parts."""
    if jobs == 1:
        for path, sha in todo:
            yield audit_document(path, sha, tolerance, str(out))["document"]
        return
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        futures = {pool.submit(audit_document, path, sha, tolerance, str(out)): (path, sha) for path, sha in todo}
        for future in as_completed(futures):
            path, sha = futures.pop(future)
            try:
                yield future.result()["document"]
            except Exception as exc:  # noqa: BLE001 — a worker that died (BrokenProcessPool, …)
                yield _failed(path, sha, tolerance, exc, out)


def shared(client, out: Path) -> bool:
    """Whether every worker sees `out` (a probe file written here): then the workers write the parts."""
    probe = (out / "parts" / f".probe-{os.getpid()}-{time.time_ns()}").resolve()
    probe.touch()
    try:
        return all(client.run(os.path.exists, str(probe)).values())
    finally:
        probe.unlink()


def run_dask(todo, out: Path, tolerance, scheduler):
    """The same function on a Dask cluster; results stream back, and the parts are written by the
    workers when they see the output folder, else here."""
    from distributed import Client, as_completed as completed

    client = scheduler if isinstance(scheduler, Client) else Client(scheduler)
    try:
        paths, shas = [p for p, _ in todo], [s for _, s in todo]
        where = str(out.resolve()) if shared(client, out) else None
        futures = client.map(audit_document, paths, shas, tolerance=tolerance, out=where, pure=False)
        jobs = {future.key: job for future, job in zip(futures, todo)}
        stream = completed(futures, with_results=True, raise_errors=False)
        del futures
        for future, result in stream:
            path, sha = jobs.pop(future.key)
            if future.status != "finished":
                yield _failed(path, sha, tolerance, result if isinstance(result, BaseException)
                              else RuntimeError(future.status), out)
                continue
            row = result["document"]
            if result["tables"] is not None:
                write_parts(out, part_name(row), result["tables"])
            future.release()
            yield row
    finally:
        if client is not scheduler:
            client.close()


# ---- the corpus run ------------------------------------------------------------------------------

@dataclass
class CorpusResult:
    out: Path
    documents: "object"  # DataFrame: the documents rows of this run's inputs (skipped ones too)
    audited: int  # audited in this run
    refused: int
    failed: int
    skipped: int  # already audited with this version and tolerance
    duplicates: list[str]
    seconds: float
    written: list[Path]  # output files whose content changed

    @property
    def mismatches(self) -> int:
        return int(self.documents["mismatches"].fillna(0).sum())

    @property
    def exit_code(self) -> int:
        return self.code()

    def code(self, fail_on: str = "mismatch") -> int:
        """The exit code, 1 as the CLI's --fail-on says: 'mismatch' (a check or claim), 'error' (also an
        error finding of the goal tables) or 'warning' (also a warning finding)."""
        severities = {"mismatch": [], "error": ["error"], "warning": ["error", "warning"]}[fail_on]
        problems = self.mismatches + sum(int(self.documents[f"findings_{s}"].fillna(0).sum()) for s in severities)
        statuses = set(self.documents["status"])
        return (EXIT_FAILED if FAILED in statuses else EXIT_INPUT if REFUSED in statuses
                else EXIT_MISMATCH if problems else EXIT_OK)

    def summary(self) -> dict:
        return {"documents": len(self.documents), "audited": self.audited, "refused": self.refused,
                "failed": self.failed, "skipped": self.skipped, "duplicates": len(self.duplicates),
                "mismatches": self.mismatches, "seconds": round(self.seconds, 2), "exit_code": self.exit_code}


def audit_corpus(paths, out, *, jobs: int | None = None, scheduler=None, progress: bool = True,
                 tolerance=DEFAULT_TOLERANCE) -> CorpusResult:
    """Audit every disclosure in `paths` into the folder `out` (see the module's docstring)."""
    start, tolerance = time.perf_counter(), as_tolerance(tolerance)
    jobs = jobs or os.cpu_count() or 1
    if jobs < 1:
        raise ParameterError(f"jobs: {jobs} must be at least 1")
    out, files = Path(out), expand(paths)  # a bad input is refused before anything is written
    created = not out.exists()
    try:
        return _audit_into(out, files, jobs, scheduler, progress, tolerance, start)
    except BaseException:
        if created:  # a run that fails leaves no empty or half-written folder of its own
            shutil.rmtree(out, ignore_errors=True)
        raise


def _audit_into(out: Path, files: list[str], jobs: int, scheduler, progress: bool, tolerance, start: float):
    (out / "parts").mkdir(parents=True, exist_ok=True)
    work = plan(files, out, tolerance)
    [write_parts(out, part_name(row), {"documents": document_table(row)}) for row in work.unread]
    counts = Counter()
    engine = (run_local(work.todo, out, tolerance, jobs) if scheduler is None
              else run_dask(work.todo, out, tolerance, scheduler))
    from tqdm import tqdm

    with tqdm(total=len(work.todo), desc="audit", unit="doc", file=sys.stderr,
              disable=not (progress and sys.stderr.isatty())) as bar:
        for row in engine:
            counts[row["status"]] += 1
            bar.update()
    written: list[Path] = []
    if work.todo or work.unread or not all((out / f"{k}.parquet").exists() for k in KINDS):
        written = [path for kind in KINDS for path in combine(out, kind)]
    return CorpusResult(out, run_documents(out, work.names), counts[AUDITED], counts[REFUSED] + len(work.unread),
                        counts[FAILED], work.skipped, work.duplicates, time.perf_counter() - start, written)


def run_documents(out: Path, names: list[str]) -> pd.DataFrame:
    """The documents rows of this run's inputs, in input order."""
    table = pq.read_table(out / "documents.parquet")
    order = {name: i for i, name in enumerate(names)}
    keys = [part_name(r) for r in table.select(["sha256", "path"]).to_pylist()]
    chosen = sorted((order[k], i) for i, k in enumerate(keys) if k in order)
    return table.take([i for _, i in chosen]).to_pandas(types_mapper=INTEGERS.get)


def run(paths, out, *, jobs=None, scheduler=None, tolerance=DEFAULT_TOLERANCE, progress=True, fail_on="mismatch",
        stdout=None, stderr=None) -> int:
    """The command line's corpus run: audit, one summary line on stdout, each refused or failed
    document's reason on stderr. Returns the exit code."""
    stdout, stderr = stdout or sys.stdout, stderr or sys.stderr
    result = audit_corpus(paths, out, jobs=jobs, scheduler=scheduler, progress=progress, tolerance=tolerance)
    s = result.summary()
    print(f"wrote {result.out} — {s['documents']} document(s): {s['audited']} audited, {s['skipped']} already done, "
          f"{s['refused']} refused, {s['failed']} failed; {s['mismatches']} mismatch(es); {s['seconds']:.1f}s",
          file=stdout)
    for row in result.documents[result.documents["status"] != AUDITED].itertuples():
        print(f"budgetlib: {row.status}: {row.reason}", file=stderr)
    return result.code(fail_on)
