"""Everything else as for a budget, for the 决算 and the national set (Jiangsu): a reproduction runs to
the end with the overview, one page per section the document names and figures (the national set's
declared by table role, inherited by Jiangsu); two files read as one (`reproduce --source A B
--as-one`); the corpus says what each document is (预算 / 决算); the execution ratios in `--json` and in the
workbook; `tamper` catches a changed 本年支出合计 of the 决算; the pages name a document by its cover."""
from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import matplotlib

matplotlib.use("Agg")

import pytest  # noqa: E402

import budgetlib  # noqa: E402
from budgetlib import charts, corpus, reproduce, summaries  # noqa: E402
from budgetlib.cli import main  # noqa: E402
from budgetlib.errors import ParameterError  # noqa: E402
from budgetlib.execution import execution  # noqa: E402
from budgetlib.labels import document_title  # noqa: E402
from budgetlib.money import round_half_up  # noqa: E402
from budgetlib.params import convert  # noqa: E402
from budgetlib.tamper import document_text, printed_numbers, tamper_all, tamper_one  # noqa: E402
from budgetlib.templates import JIANGSU, STANDARD  # noqa: E402
from budgetlib.views.plan import section_heading  # noqa: E402
from conftest import REAL, SHANGHAI, real_file  # noqa: E402

FINAL_PDF = REAL / "shanghai-final" / "shpt-czj-2024-final-dept.pdf"
JIANGSU_PDF = REAL / "jiangsu" / "js-gy-2019-dept.pdf"
TWO_FILES = [REAL / "jiangsu" / "js-rd-2019-dept-narrative.pdf", REAL / "jiangsu" / "js-rd-2019-dept-tables.pdf"]
BUDGET_PDF = SHANGHAI / "shpt-czj-2025-dept.pdf"  # the same unit's budget of the next year (test_final_execution)


@pytest.fixture(scope="module")
def final_audit():
    return budgetlib.audit(budgetlib.load(real_file(FINAL_PDF)))


@pytest.fixture(scope="module")
def jiangsu_audit():
    return budgetlib.audit(budgetlib.load(real_file(JIANGSU_PDF)))


# -- figures ------------------------------------------------------------------------------------

def test_the_national_set_declares_charts_by_table_role_and_jiangsu_inherits_them():
    schemas = {s.id: s for s in STANDARD.schemas}
    assert STANDARD.charts and JIANGSU.charts == STANDARD.charts
    for chart in STANDARD.charts:
        if chart.table:  # drawn from a table: a role of the national set, with the columns it reads
            declared = {c.id for c in schemas[chart.table].columns}
            assert set(chart.columns()) - {"level", "parent"} <= declared, chart.name


def test_the_expenditure_by_use_chart_shows_the_split_of_the_total(jiangsu_audit):
    """支出预算总表's one row: 基本 + 项目 + 单位预留机动经费 (+ 结转下年) make its 合计."""
    chart = charts.charts_of(jiangsu_audit.disclosure)["expenditure_by_use"]
    row = jiangsu_audit.disclosure.tables[chart.table].records[0]
    assert sum((row[c] or Decimal(0) for c in chart.bars), Decimal(0)) == row[chart.whole] > 0


# -- reproduce ----------------------------------------------------------------------------------

def _check_reproduction(result, a) -> None:
    d = a.disclosure
    assert not result.failed, [(o.notebook, o.error) for o in result.failed]
    assert len(result.outcomes) == 1 + len(d.sections)  # the overview and one page per section
    index = result.index.read_text(encoding="utf-8")
    for numeral in d.sections:
        assert section_heading(d, numeral) in index  # each page named as the document names its section
    figures = sorted(p.stem for p in (result.out_dir / "figures").glob("*.png"))
    assert figures == sorted(charts.placement(a)) and len(figures) >= 5
    assert "<img" in (result.out_dir / "00_overview.html").read_text(encoding="utf-8")


def test_reproduce_a_final_account_renders_every_section_with_figures(final_audit, tmp_path):
    result = reproduce.reproduce(source=FINAL_PDF, out=tmp_path, jobs=2, progress=False)
    _check_reproduction(result, final_audit)
    assert result.exit_code == 0


def test_reproduce_two_files_as_one_on_the_command_line(tmp_path, capsys):
    a = budgetlib.audit(budgetlib.load([real_file(p) for p in TWO_FILES]))
    code = main(["reproduce", "--source", *map(str, TWO_FILES), "--as-one", "--out", str(tmp_path), "-q"])
    assert code == 0, capsys.readouterr().err
    out_dir = tmp_path / a.disclosure.slug
    pages = sorted(out_dir.glob("[0-9][0-9]_*.html"))
    assert len(pages) == 1 + len(a.disclosure.sections)
    assert sorted(p.stem for p in (out_dir / "figures").glob("*.png")) == sorted(charts.placement(a))
    overview = json.loads((out_dir / "00_overview.ipynb").read_text(encoding="utf-8"))
    injected = "".join(next(c for c in overview["cells"] if "injected-parameters" in c["metadata"].get("tags", []))
                       ["source"])
    assert all(p.name in injected for p in TWO_FILES)  # each page reads both files


@pytest.mark.parametrize("args, message", [
    (["--source", str(TWO_FILES[0]), str(TWO_FILES[1])], "add --as-one"),
    (["--source", str(TWO_FILES[0]), "--as-one"], "two or more"),
])
def test_reproduce_several_sources_need_as_one(args, message, tmp_path, capsys):
    assert main(["reproduce", *args, "--out", str(tmp_path)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and message in err[0]
    assert not list(tmp_path.iterdir())  # refused before anything is written


def test_the_source_parameter_takes_the_files_of_one_disclosure():
    assert convert({"source": [str(p) for p in TWO_FILES]}).source == tuple(TWO_FILES)
    assert convert({"source": [str(TWO_FILES[0])]}).source == TWO_FILES[0]
    with pytest.raises(ParameterError, match="parameter 'source'"):
        convert({"source": [str(TWO_FILES[0]), 3]})
    assert convert({"source": [str(p) for p in TWO_FILES]}).audit().disclosure.source.files


# -- corpus -------------------------------------------------------------------------------------

def test_corpus_documents_say_budget_or_final_account(tmp_path):
    result = corpus.audit_corpus([real_file(FINAL_PDF), real_file(JIANGSU_PDF)], tmp_path, jobs=1, progress=False)
    documents = summaries.read(tmp_path, "documents").set_index("path")
    assert documents.loc[str(FINAL_PDF), "disclosure_kind"] == "决算"
    assert documents.loc[str(JIANGSU_PDF), "disclosure_kind"] == "预算"
    assert set(documents["kind"]) == {"document"}  # the row kind stays what it is in every table
    summary = summaries.document_summary(tmp_path)
    assert sorted(summary["disclosure_kind"]) == ["决算", "预算"]
    by_year = summaries.unit_year_summary(tmp_path)
    assert "disclosure_kind" in by_year and by_year["documents"].sum() == result.audited == 2


# -- execution ratios in JSON -------------------------------------------------------------------

@pytest.fixture(scope="module")
def budget_2024(tmp_path_factory) -> Path:
    """The real 2025 budget of the unit with its year printed 2024 (as test_final_execution builds it),
    written as text."""
    budget = budgetlib.load(real_file(BUDGET_PDF))
    path = tmp_path_factory.mktemp("budget") / "budget-2024.txt"
    path.write_text("\n".join(l.text.replace("2025", "2024") for l in budget.source.lines) + "\n", encoding="utf-8")
    return path


def test_execution_ratios_are_in_the_json_output(budget_2024, capsys):
    """The ratios of --json are those of the text report, exact."""
    path = budget_2024
    rows = execution(budgetlib.load(FINAL_PDF), budgetlib.load(path))
    main(["audit", str(FINAL_PDF), "--budget", str(path), "--json"])
    document = json.loads(capsys.readouterr().out)
    assert document["disclosure_kind"] == "决算"
    got = document["execution"]
    assert got["budget"] == path.name and got["unit"] == "万元"
    assert len(got["rows"]) == len(rows) > 5
    for row, r in zip(got["rows"], rows):
        assert (row["table"], row["row"], row["column"], row["line"]) == (r.table, r.row, r.column, r.line)
        assert row["ratio"] == (None if r.ratio is None else f"{r.ratio:f}")
        assert row["final"] == (None if r.final is None else f"{r.final:f}")
    total = next(row for row in got["rows"] if row["row"] == "合计" and row["column"] == "合计")
    spent, budgeted = Decimal(total["final"]), Decimal(total["budget"])
    assert Decimal(total["ratio"]) == round_half_up(spent * 100 / budgeted, 2)


def test_execution_ratios_are_a_sheet_of_the_workbook(budget_2024, tmp_path, capsys):
    import openpyxl

    assert main(["export", str(FINAL_PDF), "--budget", str(budget_2024), "--xlsx", "--out", str(tmp_path)]) == 0
    book = openpyxl.load_workbook(tmp_path / "audit.xlsx")
    rows = execution(budgetlib.load(FINAL_PDF), budgetlib.load(budget_2024))
    sheet = [[c.value for c in row] for row in book["execution"].iter_rows()]
    assert budget_2024.name in sheet[0][4] and len(sheet) == 1 + len(rows)
    for values, r in zip(sheet[1:], rows):
        assert values[:3] == [r.table, r.row or None, r.column] and values[6] == r.line  # a blank cell: None
        assert (values[5] is None) == (r.ratio is None)
        assert r.ratio is None or Decimal(str(values[5])) == r.ratio
    readme = " ".join(str(c.value) for row in book["README"].iter_rows() for c in row if c.value)
    assert "execution" in readme and "执行率" in readme
    capsys.readouterr()
    assert main(["export", str(FINAL_PDF), "--budget", str(budget_2024), "--out", str(tmp_path / "no")]) == 2
    assert "add --xlsx" in capsys.readouterr().err and not (tmp_path / "no").exists()


def test_a_wrong_budget_with_json_is_one_error_line_and_json(capsys):
    assert main(["audit", str(FINAL_PDF), "--budget", str(BUDGET_PDF), "--json"]) == 2
    captured = capsys.readouterr()
    assert "not the same unit and year" in json.loads(captured.out)["error"]
    assert len(captured.err.strip().splitlines()) == 1


# -- tamper -------------------------------------------------------------------------------------

def test_tamper_runs_on_the_final_account():
    report = tamper_all(real_file(FINAL_PDF), jobs=1, sample=12)
    assert len(report.outcomes) == 12 and report.population > 200
    assert report.share >= 0.75, report.lines()


def test_tamper_catches_a_changed_total_expenditure(tmp_path):
    """本年支出合计 as 表1 prints it (the figure after the words on its row) and as the text states it."""
    text = document_text(real_file(FINAL_PDF))
    copy = tmp_path / "final.txt"
    copy.write_text(text, encoding="utf-8")
    d = budgetlib.load(copy)
    lines = text.split("\n")
    summary = d.tables["t01"]
    row_line = next(int(r["line"]) for r in summary.rows if "本年支出合计" in lines[int(r["line"]) - 1])
    after = lines[row_line - 1].index("本年支出合计")
    numbers = [p for p in printed_numbers(d) if (p.line == row_line and p.start > after)
               or (p.kind == "narrative" and p.label.endswith("本年支出合计"))]
    assert {p.kind for p in numbers} == {"table", "narrative"}
    for p in numbers:
        outcome = tamper_one(text, p)
        assert outcome.caught, (p.key, outcome.changed)


@pytest.mark.parametrize("path, title", [
    (FINAL_PDF, "上海市普陀区财政局 2024年度部门决算"),  # the year printed on a line of its own
    (JIANGSU_PDF, "江苏省高级人民法院 2019年度部门预算公开"),  # the unit on the line above the title
    (REAL / "jiangsu" / "js-gy-2018-dept.pdf", "江苏省高级人民法院 2018年度预算公开"),  # the unit inside, over 2 lines
])
def test_the_pages_name_the_document_by_its_cover(path, title):
    assert document_title(budgetlib.load(real_file(path))) == title


def test_the_three_public_chart_takes_shares_of_the_total_with_meetings_and_training(jiangsu_audit):
    chart = charts.charts_of(jiangsu_audit.disclosure)["three_public"]
    row = jiangsu_audit.disclosure.tables[chart.table].records[0]
    assert sum((row[c] or Decimal(0) for c in chart.bars), Decimal(0)) == row[chart.whole] > row["total"]
