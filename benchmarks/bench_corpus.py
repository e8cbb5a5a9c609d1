"""Corpus audits, side by side in one run: one document in process, a 21-page PDF, and the same corpus
through the local process pool and a Dask cluster; optionally a 1,000-document corpus.

1. in process, one core: load + audit of the bundled text, documents per second (wall and CPU time);
   target >= 50/s;
2. in process, one core: load + audit of a 21-page real PDF (documents per second per core);
3. `audit_corpus` on the same corpus with `ProcessPoolExecutor` and with a Dask `LocalCluster`
   (n_workers = jobs, one thread each, started before timing: "an existing cluster"), alternately,
   each run into a fresh folder; target: Dask within 1.3x the local pool;
4. peak memory: the parent's max RSS, each worker's max RSS (`worker_rss_mb`, reported by the worker
   after each document) and the parent's Python allocations (tracemalloc) over a corpus run.

The corpus: copies of the bundled text with a changed byte (another sha256, the same disclosure)
and copies of the real PDFs (renamed, a byte appended after %%EOF). `--large` adds a run of 1,000
documents (900 text + 100 PDF by default) through the local pool.

    python benchmarks/bench_corpus.py [--texts 40] [--pdfs 7] [--runs 3] [-j N] [--large]
"""
from __future__ import annotations

import argparse
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import budgetlib  # noqa: E402
from budgetlib import corpus  # noqa: E402

REAL = ROOT / "data" / "real" / "shanghai"
PDF = REAL / "shpt-qzfb-2025-unit.pdf"  # 21 pages
TARGET_RATE, TARGET_DASK = 50.0, 1.3


def per_second(function, seconds: float = 5.0) -> tuple[float, float]:
    """(documents per second by wall clock, by this process's CPU time), after one warm-up run."""
    function()
    count, wall, cpu = 0, time.perf_counter(), time.process_time()
    while time.perf_counter() - wall < seconds or count < 3:
        function()
        count += 1
    return count / (time.perf_counter() - wall), count / (time.process_time() - cpu)


def make_corpus(folder: Path, texts: int, pdfs: int) -> list[Path]:
    """`texts` variants of the bundled text and `pdfs` copies of the real PDFs, each other bytes."""
    folder.mkdir(parents=True, exist_ok=True)
    text = budgetlib.bundled().read_text(encoding="utf-8")
    for n in range(texts):
        (folder / f"text-{n:04d}.txt").write_text(f"{text}\n{' ' * (n + 1)}", encoding="utf-8")
    real = sorted(REAL.glob("*.pdf")) if REAL.is_dir() else []
    for n in range(pdfs if real else 0):
        source = real[n % len(real)]
        (folder / f"pdf-{n:04d}-{source.stem}.pdf").write_bytes(source.read_bytes() + f"\n%{n}\n".encode())
    return sorted(folder.iterdir())


def corpus_run(files, out: Path, **engine) -> dict:
    shutil.rmtree(out, ignore_errors=True)
    start = time.perf_counter()
    result = corpus.audit_corpus(files, out, progress=False, **engine)
    seconds = time.perf_counter() - start
    docs = result.documents
    return {"seconds": seconds, "documents": len(docs), "audited": result.audited, "refused": result.refused,
            "worker_rss_mb": float(docs["worker_rss_mb"].max()), "sum_doc_seconds": float(docs["seconds"].sum())}


def show(name: str, runs: list[dict]) -> float:
    median = statistics.median(r["seconds"] for r in runs)
    last = runs[-1]
    print(f"  {name:<12} median {median:7.2f} s  ({last['documents'] / median:6.1f} docs/s; "
          f"{last['audited']} audited, {last['refused']} refused; worker peak RSS {last['worker_rss_mb']:.0f} MB; "
          "runs " + ", ".join(f"{r['seconds']:.2f}" for r in runs) + ")")
    return median


def in_process() -> None:
    print("1. in process, one core — load + audit")
    wall, cpu = per_second(lambda: budgetlib.audit(budgetlib.load()))
    verdict = "meets" if wall >= TARGET_RATE else "BELOW"
    print(f"  bundled text   {wall:6.1f} docs/s wall, {cpu:6.1f} docs/s CPU "
          f"({1000 / wall:.1f} ms each; {verdict} the {TARGET_RATE:g}/s target)")
    if PDF.exists():
        wall, cpu = per_second(lambda: budgetlib.audit(budgetlib.load(PDF)), seconds=8)
        print(f"  21-page PDF    {wall:6.2f} docs/s wall, {cpu:6.2f} docs/s CPU per core ({1 / wall:.2f} s each)")


def engines(files, work: Path, jobs: int, runs: int) -> None:
    from distributed import Client, LocalCluster

    print(f"\n2. corpus of {len(files)} documents, {jobs} worker processes")
    start = time.perf_counter()
    with LocalCluster(n_workers=jobs, threads_per_worker=1, processes=True, dashboard_address=None) as cluster, \
            Client(cluster) as client:
        client.run(lambda: __import__("budgetlib.corpus"))  # an existing cluster: workers warm
        print(f"  (Dask LocalCluster started in {time.perf_counter() - start:.1f} s, not timed below)")
        local, dask = [], []
        for _ in range(runs):
            local.append(corpus_run(files, work / "local", jobs=jobs))
            dask.append(corpus_run(files, work / "dask", scheduler=client))
    a, b = show("local pool", local), show("Dask", dask)
    verdict = "within" if b / a <= TARGET_DASK else "OVER"
    print(f"  ratio Dask / local pool: {b / a:.2f}x ({verdict} the {TARGET_DASK:g}x target)")
    one = corpus_run(files, work / "one", jobs=1)
    print(f"  jobs=1 (this process) {one['seconds']:.2f} s; local pool speed-up {one['seconds'] / a:.2f}x "
          f"on {os.cpu_count()} CPUs (Σ per-document seconds: pool {local[-1]['sum_doc_seconds']:.1f} s, "
          f"one process {one['sum_doc_seconds']:.1f} s)")


def memory(folder: Path, work: Path, jobs: int, label: str) -> None:
    """The corpus run in a fresh process (its peak RSS is then the run's alone), with tracemalloc."""
    command = [sys.executable, __file__, "--measure", str(folder), str(work / "memory"), "-j", str(jobs)]
    output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
    m = json.loads(output.strip().splitlines()[-1])
    sizes = {p.name: p.stat().st_size for p in (work / "memory").glob("*.*")}
    print(f"\n{label}: {m['documents']} documents in {m['seconds']:.1f} s ({m['documents'] / m['seconds']:.1f} "
          f"docs/s, {jobs} workers); {m['audited']} audited, {m['refused']} refused")
    print(f"  parent: RSS {m['baseline_mib']:.0f} MiB after imports, peak {m['parent_mib']:.0f} MiB; combining the "
          f"parts allocates at most {m['traced_mib']:.1f} MiB of Python objects (tracemalloc) and "
          f"{m['arrow_mib']:.0f} MiB of Arrow buffers")
    print(f"  workers: peak RSS {m['worker_rss_mb']:.0f} MiB (reported per document; largest child process "
          f"{m['children_mib']:.0f} MiB)")
    print("  outputs: " + ", ".join(f"{name} {size / 2**20:.1f} MiB" for name, size in sorted(sizes.items())))


def measure(folder: str, out: str, jobs: int) -> None:
    """In a fresh process: RSS before the run (imports done), peak RSS after it; the Python allocations
    of the parent's own steps (plan, combine: tracemalloc, after the workers are gone)."""
    import pyarrow.compute  # noqa: F401 — imported by the combine step: part of the baseline
    import tqdm  # noqa: F401

    run = {"baseline_mib": int(Path("/proc/self/statm").read_text().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20}
    run |= corpus_run([folder], Path(out), jobs=jobs)
    run["parent_mib"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    tracemalloc.start()
    for kind in corpus.KINDS:  # the combine step again, traced (nothing forks here)
        corpus.combine(Path(out), kind)
    run["traced_mib"] = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    import pyarrow as pa

    run["arrow_mib"] = pa.default_memory_pool().max_memory() / 2**20
    run["children_mib"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(json.dumps(run))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--texts", type=int, default=40, help="text copies in the engine comparison")
    parser.add_argument("--pdfs", type=int, default=7, help="PDF copies in the engine comparison")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("-j", "--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--large", action="store_true", help="also a 1,000-document corpus (900 text + 100 PDF)")
    parser.add_argument("--large-pdfs", type=int, default=100)
    parser.add_argument("--measure", nargs=2, metavar=("FOLDER", "OUT"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        measure(*args.measure, args.jobs)
        return 0
    with tempfile.TemporaryDirectory(prefix="bench-corpus-") as tmp:
        work = Path(tmp)
        in_process()
        files = make_corpus(work / "corpus", args.texts, args.pdfs)
        engines(files, work, args.jobs, args.runs)
        memory(work / "corpus", work, args.jobs, "3. memory, the same corpus (local pool)")
        if args.large:
            make_corpus(work / "large", 1000 - args.large_pdfs, args.large_pdfs)
            memory(work / "large", work, args.jobs, "4. a 1,000-document corpus (local pool)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
