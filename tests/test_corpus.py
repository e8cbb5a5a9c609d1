"""Corpus audits (budgetlib.corpus): inputs, the Parquet/CSV layout, resuming, bad files, and the
Dask engine giving the same tables as the local process pool."""
from __future__ import annotations

import io
import shutil
from decimal import Decimal
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

import budgetlib
from budgetlib import corpus, summaries, tidy
from budgetlib.export import csv_cell
from conftest import SHANGHAI, real_file

REAL = SHANGHAI
SMALL_PDF = real_file(REAL / "shpt-qzfb-2025-unit.pdf")
WANLI = [real_file(REAL / "shpt-wanli-2024-dept.pdf"), real_file(REAL / "shpt-wanli-2025-dept.pdf")]
MACHINE = ["seconds", "worker_rss_mb"]  # the only columns that differ between two runs


def variant(text: str, n: int) -> str:
    """The bundled text with trailing blanks: other bytes (another sha256), the same disclosure."""
    return text + "\n" + " " * n


@pytest.fixture(scope="module")
def inputs(tmp_path_factory, text):
    """A folder of disclosures: two text variants (one in a subfolder), a PDF, a file in no template,
    a truncated PDF, a hidden file and a file of another type (both ignored by folder expansion)."""
    root = tmp_path_factory.mktemp("inputs")
    (root / "sub").mkdir()
    (root / "a.txt").write_text(variant(text, 1), encoding="utf-8")
    (root / "sub" / "b.txt").write_text(variant(text, 2), encoding="utf-8")
    (root / "notes.txt").write_text("会议纪要\n这不是预算公开文件\n", encoding="utf-8")
    (root / ".hidden.txt").write_text(variant(text, 3), encoding="utf-8")
    (root / "readme.md").write_text("not a disclosure", encoding="utf-8")
    raw = SMALL_PDF.read_bytes()
    (root / "sub" / "c.pdf").write_bytes(raw)
    (root / "cut.pdf").write_bytes(raw[: len(raw) // 3])
    return root


@pytest.fixture(scope="module")
def local(inputs, tmp_path_factory):
    out = tmp_path_factory.mktemp("local")
    return corpus.audit_corpus([inputs], out, jobs=2, progress=False)


@pytest.fixture(scope="module")
def client():
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        with distributed.Client(cluster) as c:
            yield c


def frame(out: Path, kind: str) -> pd.DataFrame:
    """A kind's combined table, without the timing columns, sorted by its key and content."""
    data = pq.read_table(out / f"{kind}.parquet").to_pandas()
    data = data.drop(columns=[c for c in MACHINE if c in data.columns])
    return data.sort_values(list(data.columns), na_position="first", ignore_index=True)


def test_expand_folders_globs_and_files(inputs):
    found = [Path(p).relative_to(inputs).as_posix() for p in corpus.expand([inputs])]
    assert "a.txt" in found and "sub/b.txt" in found and "notes.txt" in found
    assert ".hidden.txt" not in found and "readme.md" not in found
    assert [Path(p).name for p in corpus.expand(str(inputs / "**" / "b.txt"))] == ["b.txt"]
    assert corpus.expand([inputs / "a.txt", str(inputs / "*.txt")])[0] == str(inputs / "a.txt")  # once each



@pytest.mark.parametrize("given, reason", [("absent.txt", "no such file"), ("*.nothing", "pattern matches no file"),
                                           ("empty", "folder holds no .pdf or .txt file")])
def test_an_input_that_yields_nothing_is_refused_by_name(inputs, tmp_path, given, reason):
    (tmp_path / "empty").mkdir()
    where = tmp_path if given == "empty" else inputs
    with pytest.raises(budgetlib.ParameterError, match=reason) as caught:
        corpus.expand([inputs / "a.txt", str(where / given)])  # one good input does not hide a bad one
    assert str(caught.value).startswith(str(where / given))
    out = tmp_path / "out"
    with pytest.raises(budgetlib.ParameterError):
        corpus.audit_corpus([inputs / "a.txt", str(where / given)], out, jobs=1, progress=False)
    assert not out.exists()  # nothing written before the inputs are known


def test_a_failed_run_leaves_no_folder_of_its_own(inputs, tmp_path, monkeypatch):
    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(corpus, "combine", interrupted)
    with pytest.raises(KeyboardInterrupt):
        corpus.audit_corpus([inputs / "a.txt"], tmp_path / "new", jobs=1, progress=False)
    assert not (tmp_path / "new").exists()
    (tmp_path / "kept").mkdir()  # a folder the user made (or an earlier run filled) is left as it was
    with pytest.raises(KeyboardInterrupt):
        corpus.audit_corpus([inputs / "a.txt"], tmp_path / "kept", jobs=1, progress=False)
    assert (tmp_path / "kept").is_dir()


def test_the_command_line_names_an_input_that_yields_nothing(inputs, tmp_path, capsys):
    from budgetlib.cli import main

    assert main(["audit", str(inputs / "a.txt"), str(inputs / "*.nothing"), "--out", str(tmp_path / "out")]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "*.nothing: pattern matches no file" in err[0]
    assert not (tmp_path / "out").exists()


def test_corpus_tables_and_layout(local, inputs):
    documents = local.documents.set_index(local.documents["path"].map(lambda p: Path(p).name))
    assert documents.loc["a.txt", "status"] == documents.loc["b.txt", "status"] == corpus.AUDITED
    assert documents.loc["a.txt", "sha256"] != documents.loc["b.txt", "sha256"]
    assert documents.loc["a.txt", "budgetlib_version"] == budgetlib.__version__
    a = budgetlib.audit(budgetlib.load(inputs / "a.txt"))
    assert documents.loc["a.txt", "checks_match"] == a.summary()["checks"]["match"]
    assert documents.loc["a.txt", "findings"] == len(a.findings)
    for kind in corpus.KINDS:
        table = pq.read_table(local.out / f"{kind}.parquet")
        assert table.schema.equals(tidy.SCHEMAS[kind])
        assert table.column_names[:5] == ["sha256", "kind", "unit", "year", "template"]
        assert (local.out / f"{kind}.csv").read_bytes().startswith(b"\xef\xbb\xbf\"sha256\"")
    sha = documents.loc["a.txt", "sha256"]
    rows = frame(local.out, "rows").query("sha256 == @sha")
    cells = sum(len(t.rows) * (len(t.columns) - 1) for t in a.disclosure.tables.values())
    assert len(rows) == cells and set(rows["kind"]) == {"row"}
    checks = frame(local.out, "checks").query("sha256 == @sha")
    assert len(checks) == len(a.checks) and set(checks["kind"]) == {"check"}
    first = a.checks[0]
    row = checks.set_index("id").loc[first.id]
    assert (row["status"], Decimal(row["stated"]), row["unit"]) == (first.status, first.stated, a.disclosure.unit)
    measures = frame(local.out, "measures").query("sha256 == @sha").set_index("measure")
    assert measures.loc["income_total", "value"] == "3306.81"


def test_a_bad_file_becomes_a_row_and_the_batch_goes_on(local):
    documents = local.documents.set_index(local.documents["path"].map(lambda p: Path(p).name))
    refused = documents[documents["status"] == corpus.REFUSED]
    expected = {"notes.txt", "cut.pdf"}
    assert set(refused.index) == expected
    assert all("\n" not in r and r for r in refused["reason"])
    assert "no known template" in refused.loc["notes.txt", "reason"]
    assert local.refused == len(expected) and local.audited == len(documents) - len(expected)
    assert local.exit_code == corpus.EXIT_INPUT  # refused beats mismatch


def test_a_rerun_does_no_work(local, inputs):
    before = {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in local.out.glob("*.*")}
    again = corpus.audit_corpus([inputs], local.out, jobs=2, progress=False)
    assert again.audited == 0 and again.skipped == local.audited + local.refused
    assert again.written == []
    assert {p: (p.stat().st_mtime_ns, p.read_bytes()) for p in local.out.glob("*.*")} == before
    assert len(again.documents) == len(local.documents) and again.exit_code == local.exit_code


@pytest.mark.parametrize("workers_write", [True, False], ids=["workers-write", "client-writes"])
def test_dask_gives_the_same_tables_as_the_local_pool(local, inputs, client, tmp_path, monkeypatch, workers_write):
    (tmp_path / "out" / "parts").mkdir(parents=True)
    assert corpus.shared(client, tmp_path / "out") is True  # a LocalCluster sees this machine's folders
    if not workers_write:  # as on a cluster without the output folder: the parts come back to the client
        monkeypatch.setattr(corpus, "shared", lambda client, out: False)
    tmp_path = tmp_path / "out"
    result = corpus.audit_corpus([inputs], tmp_path, scheduler=client, progress=False)
    assert (result.audited, result.refused) == (local.audited, local.refused)
    for kind in corpus.KINDS:
        pd.testing.assert_frame_equal(frame(tmp_path, kind), frame(local.out, kind), obj=kind)
        if kind != "documents":
            assert (tmp_path / f"{kind}.csv").read_bytes() == (local.out / f"{kind}.csv").read_bytes()


def test_a_new_version_or_tolerance_audits_again(inputs, tmp_path, monkeypatch):
    files = [inputs / "a.txt", inputs / "notes.txt"]
    first = corpus.audit_corpus(files, tmp_path, jobs=1, progress=False)
    assert (first.audited, first.refused, first.skipped) == (1, 1, 0)
    assert corpus.audit_corpus(files, tmp_path, jobs=1, progress=False).skipped == 2
    assert corpus.audit_corpus(files, tmp_path, jobs=1, progress=False, tolerance="0.01").skipped == 0
    monkeypatch.setattr(budgetlib, "__version__", "9.9.9")
    again = corpus.audit_corpus(files, tmp_path, jobs=1, progress=False)
    assert (again.audited, again.skipped) == (1, 0)
    assert set(pq.read_table(tmp_path / "documents.parquet")["budgetlib_version"].to_pylist()) == {"9.9.9"}


def test_a_failure_is_a_row_with_exit_3_and_is_retried(inputs, tmp_path, monkeypatch):
    def broken(d, tolerance=None):
        raise ZeroDivisionError("boom")

    monkeypatch.setattr(corpus, "audit", broken)
    result = corpus.audit_corpus([inputs / "a.txt"], tmp_path, jobs=1, progress=False)
    assert list(result.documents["status"]) == [corpus.FAILED]
    assert result.documents["reason"][0] == "ZeroDivisionError: boom" and result.exit_code == corpus.EXIT_FAILED
    monkeypatch.undo()
    result = corpus.audit_corpus([inputs / "a.txt"], tmp_path, jobs=1, progress=False)
    assert (result.audited, result.exit_code) == (1, corpus.EXIT_OK)


def test_exit_code_mismatch_fail_on_and_duplicates(inputs, text, tmp_path):
    tampered = tmp_path / "in" / "tampered.txt"
    tampered.parent.mkdir()
    tampered.write_text(text.replace("3306.81", "3306.82", 1), encoding="utf-8")
    shutil.copy(tampered, tmp_path / "in" / "copy.txt")
    result = corpus.audit_corpus([tmp_path / "in", inputs / "a.txt"], tmp_path / "out", jobs=1, progress=False)
    assert result.mismatches > 0 and result.exit_code == corpus.EXIT_MISMATCH
    clean = corpus.audit_corpus([inputs / "a.txt"], tmp_path / "out", jobs=1, progress=False)
    assert clean.code("mismatch") == corpus.EXIT_OK and clean.documents["findings_error"][0] > 0
    assert clean.code("error") == clean.code("warning") == corpus.EXIT_MISMATCH  # as the CLI's --fail-on
    assert [Path(p).name for p in result.duplicates] == ["tampered.txt"]  # copy.txt comes first
    assert len(result.documents) == 2


def test_combining_in_small_batches_gives_the_same_files(local, tmp_path, monkeypatch):
    shutil.copytree(local.out / "parts", tmp_path / "parts")
    monkeypatch.setattr(corpus, "BATCH_ROWS", 50)
    for kind in corpus.KINDS:
        corpus.combine(tmp_path, kind)
        assert (tmp_path / f"{kind}.csv").read_bytes() == (local.out / f"{kind}.csv").read_bytes()
        pd.testing.assert_frame_equal(frame(tmp_path, kind), frame(local.out, kind))


def test_csv_cells_are_safe_as_export_writes_them():
    texts = ["=SUM(A1)", "+1", "-2", "@x", "\tx", "\rx", "plain", None]
    table = pa.table({"sha256": ["s"] * 8, "label": texts, "value": texts,
                      "value_type": ["text"] * 4 + ["amount"] * 2 + ["text", None]})
    safe = tidy.csv_safe(table, "rows").to_pydict()
    assert safe["label"] == [None if t is None else csv_cell(t) for t in texts]
    assert safe["value"][:4] == [csv_cell(t) for t in texts[:4]] and safe["value"][4:6] == ["\tx", "\rx"]
    ledger = pa.table({"stated": ["-3.20"], "note": ["-3.20"]})
    assert tidy.csv_safe(ledger, "checks").to_pydict() == {"stated": ["-3.20"], "note": ["'-3.20"]}


def test_run_prints_one_line_and_returns_the_exit_code(inputs, tmp_path):
    stdout, stderr = io.StringIO(), io.StringIO()
    code = corpus.run([inputs / "a.txt", inputs / "notes.txt"], tmp_path, jobs=1, progress=False,
                      stdout=stdout, stderr=stderr)
    assert code == corpus.EXIT_INPUT
    assert "2 document(s): 1 audited" in stdout.getvalue()
    assert stderr.getvalue().startswith("budgetlib: refused: ") and stderr.getvalue().count("\n") == 1


def test_summaries_and_year_on_year(tmp_path):
    result = corpus.audit_corpus([*WANLI, budgetlib.bundled()], tmp_path, jobs=2, progress=False)
    assert result.audited == 3
    summary = summaries.document_summary(tmp_path)
    assert list(summary["year"]) == [2024, 2025, 2026] and summary["year"].dtype == "Int64"
    assert summaries.unit_year_summary(tmp_path)["documents"].sum() == 3
    kinds = summaries.counts_by_kind(tmp_path).set_index("kind")
    assert kinds.loc["check", "match"] == summaries.read(tmp_path, "documents")["checks_match"].sum()
    assert len(summaries.unit_measures(tmp_path)) == 3
    [(earlier, later)] = summaries.consecutive(tmp_path)
    assert (earlier["year"], later["year"]) == (2024, 2025)
    changes = summaries.year_on_year(tmp_path)
    assert len(changes) and set(changes["status_alone"]) == {"unverifiable"} and set(changes["status"]) == {"match"}
    assert summaries.year_on_year_mismatches(changes).empty  # every change the prior year judges holds
    counted = summaries.year_on_year_counts(changes)
    assert counted.to_dict(orient="records") == [{"unit": later["unit"], "years": "2024→2025",
                                                  "status_alone": "unverifiable", "status": "match",
                                                  "claims": len(changes)}]
    measured = summaries.measure_changes(tmp_path).set_index("measure")
    assert measured.loc["three_public", "change"] == Decimal("-10.00")
    compared = summaries.role_comparison(tmp_path).set_index("year")  # two families, one table of roles
    assert set(compared["template"]) == {"shanghai-department", "shanxi-municipal"}
    assert compared.loc[2026, "total"] == Decimal("3306.81") and compared.loc[2026, "three_public"] == Decimal("0.5")
    assert (compared["total"] == compared["basic"] + compared["project"]).all()
    assert compared.loc[2025, "three_public"] - compared.loc[2024, "three_public"] == Decimal("-10.00")
    amounts = summaries.read(tmp_path, "amounts")
    per_document = amounts.groupby("sha256").size()
    for sha in per_document.index:
        path = result.documents.set_index("sha256").loc[sha, "path"]
        assert per_document[sha] == len(budgetlib.amounts(budgetlib.load(path)))
