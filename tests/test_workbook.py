"""The auditor's workbook (issue 5): every recomputed number is a live Excel formula.

The proof recalculates the written file with the `formulas` package — an Excel formula engine that
knows nothing about budgetlib — and compares every result with budgetlib's own ledgers.
"""
from __future__ import annotations

import re
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

import budgetlib
from budgetlib.ledger import MISMATCH, STATUSES
from budgetlib.workbook import (
    BASIS_FORMULA, BASIS_LEDGER, CHECK_COLUMNS, CLAIM_COLUMNS, LEDGER_FIRST_ROW, TABLE_FIRST_ROW,
    TABLE_HEADER_ROW, column_letter, write_workbook,
)

openpyxl = pytest.importorskip("openpyxl")
formulas = pytest.importorskip("formulas")

TABLE_IDS = [f"t{n:02d}" for n in range(1, 14)]
LEDGERS = (("checks", CHECK_COLUMNS, "checks"), ("claims", CLAIM_COLUMNS, "claims"))  # sheet, columns, Audit field
_KEY = re.compile(r"^'\[(?P<book>.+?)\](?P<sheet>.+)'!(?P<cell>[A-Z]+\d+)$")


# -- helpers ------------------------------------------------------------------------------------

def recalculate(path: Path) -> dict[tuple[str, str], object]:
    """Every cell of the workbook as the `formulas` engine computes it: (SHEET, 'A1') -> value."""
    model = formulas.ExcelModel().loads(str(path)).finish()
    solution = model.calculate()
    values = {}
    for key, result in solution.items():
        match = _KEY.match(key)
        if match:  # single cells only (ranges such as COUNTIF's arguments are skipped)
            value = result.value[0][0] if hasattr(result, "value") else result
            values[(match["sheet"].upper(), match["cell"])] = value
    return values


def is_error(value) -> bool:
    from formulas.tokens.operand import XlError

    return isinstance(value, XlError) or (isinstance(value, str) and value.startswith("#"))


def is_blank(value) -> bool:
    return value is None or str(value) in ("", "empty")


def same_number(got, wanted: Decimal, digits: int) -> bool:
    """Floats are never compared for equality: rounded to the printed digits, within 1e-9."""
    if isinstance(got, bool) or not isinstance(got, (int, float)):
        return False
    return abs(round(float(got), digits) - float(wanted)) < 1e-9


def ledger_rows(a, values):
    """For each ledger row of the audit: (sheet, result, {key: value computed by the engine})."""
    for sheet, columns, attribute in LEDGERS:
        letters = {key: column_letter(columns, key) for key, _, _ in columns}
        for offset, result in enumerate(getattr(a, attribute)):
            row = LEDGER_FIRST_ROW + offset
            yield sheet, result, {key: values.get((sheet.upper(), f"{letter}{row}")) for key, letter in letters.items()}


def compare_with_ledgers(a, values) -> list[str]:
    """Differences between the recalculated workbook and budgetlib's ledgers (empty = agree)."""
    problems = []
    for sheet, result, got in ledger_rows(a, values):
        where = f"{sheet} {result.id}"
        if got["id"] != result.id:
            problems.append(f"{where}: row holds {got['id']!r}")
            continue
        if got["status"] != result.status:
            problems.append(f"{where}: status {got['status']!r}, budgetlib {result.status!r}")
        for key, digits in (("stated", 10), ("computed", result.digits)):
            wanted = getattr(result, key)
            if wanted is None:
                if not is_blank(got[key]):
                    problems.append(f"{where}: {key} {got[key]!r}, budgetlib blank")
            elif not same_number(got[key], wanted, max(digits, 2)):
                problems.append(f"{where}: {key} {got[key]!r}, budgetlib {wanted}")
        difference = result.difference
        if difference is None:
            if not is_blank(got["difference"]):
                problems.append(f"{where}: difference {got['difference']!r}, budgetlib blank")
        elif not same_number(got["difference"], difference, 10):
            problems.append(f"{where}: difference {got['difference']!r}, budgetlib {difference}")
    return problems


# -- fixtures -----------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def written(a, tmp_path_factory):
    path = write_workbook(a, tmp_path_factory.mktemp("workbook"))
    return path, recalculate(path)


def tampered_disclosure(tmp_path: Path):
    """The audit of the bundled text with one amount of 表六 changed: 基本工资 合计 219.48 -> 219.58."""
    text = budgetlib.bundled().read_text(encoding="utf-8")
    lines = text.split("\n")
    hits = [i for i, line in enumerate(lines) if line.startswith("基本工资\t") and "\t219.48\t" in line]
    assert len(hits) == 1, "the 表六 基本工资 row is not where the test expects it"
    lines[hits[0]] = lines[hits[0]].replace("\t219.48\t", "\t219.58\t", 1)
    path = tmp_path / "tampered.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    return budgetlib.audit(budgetlib.load(path))


# -- the file -----------------------------------------------------------------------------------

def test_path_and_sheets(d, written):
    path, _ = written
    assert path.name == "audit.xlsx" and path.exists()
    book = openpyxl.load_workbook(path)  # openpyxl can reopen it
    names = book.sheetnames
    assert names[:3] == ["README", "checks", "claims"]
    assert names[3:16] == TABLE_IDS
    for name in names:
        assert len(name) <= 31 and not re.search(r"[\[\]:*?/\\]", name) and not name.startswith("'")
    assert not [p for p in path.parent.iterdir() if p.name.startswith(".audit-")]  # no temporary left


def test_write_to_explicit_file_name(a, tmp_path):
    path = write_workbook(a, tmp_path / "sub" / "mine.xlsx")
    assert path == tmp_path / "sub" / "mine.xlsx" and path.exists()


def test_table_sheets_as_printed(d, written):
    path, _ = written
    book = openpyxl.load_workbook(path)
    for table_id in TABLE_IDS:
        table = d.tables[table_id]
        sheet = book[table_id]
        assert sheet.cell(1, 1).value == table.title
        headers = [c.value for c in sheet[TABLE_HEADER_ROW] if c.value is not None]
        printed = [label for column, label in table.columns.items() if column != "line"]
        assert headers[: len(printed)] == printed
        assert sheet.freeze_panes == f"A{TABLE_FIRST_ROW}"
        assert sheet.page_setup.orientation == "landscape"
        assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth == 1
        assert sheet.print_title_rows == f"$1:${TABLE_HEADER_ROW}"
        order = [c for c in table.columns if c != "line"] + ["line"]
        for offset, (_, record) in enumerate(table.frame.iterrows()):
            for position, column in enumerate(order, start=1):
                cell = sheet.cell(TABLE_FIRST_ROW + offset, position)
                content = record[column]
                if column in table.amount_columns:
                    if content is None:
                        assert cell.value is None, (table_id, cell.coordinate)
                    else:
                        assert isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
                        assert Decimal(repr(float(cell.value))) == content, (table_id, cell.coordinate)
                        assert cell.number_format == "0.00"
                elif column != "line" and content:
                    assert cell.value == str(content) and cell.data_type == "s", (table_id, cell.coordinate)


def test_codes_keep_their_text(d, written):
    path, _ = written
    sheet = openpyxl.load_workbook(path)["t02"]
    assert sheet["A3"].value == "科目编码"
    codes = [c.value for c in sheet["A"][TABLE_FIRST_ROW - 1:] if c.value]
    assert codes == [c for c in d.tables["t02"].frame["code"] if c]
    assert all(isinstance(c, str) for c in codes) and "2059999" in codes


def test_readme(d, a, written):
    path, values = written
    sheet = openpyxl.load_workbook(path)["README"]
    text = "\n".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
    assert d.sha256 in text and d.path.name in text and str(d.path) not in text  # no absolute path
    assert text.splitlines()[0].startswith(f"{d.unit} ")  # the title as the cover prints it
    assert "ROUND" in text and "half away from zero" in text
    # the live summary counts agree with budgetlib's
    rows = {sheet.cell(r, 1).value: r for r in range(1, sheet.max_row + 1)}
    summary = a.summary()
    for status in STATUSES:
        row = rows[status]
        assert values[("README", f"B{row}")] == summary["checks"][status]
        assert values[("README", f"C{row}")] == summary["claims"][status]
    for severity, count in summary["findings"].items():  # and the findings and the verdict, as the command line's
        assert values[("README", f"B{rows[f'findings {severity}']}")] == count
    assert values[("README", f"B{rows['problems (exit 1)']}")] == a.problems() == 3
    assert sheet[f"B{rows['problems (exit 1)']}"].value.startswith("=B")  # a live formula


def test_print_titles_are_defined_names(written):
    path, _ = written
    import zipfile

    with zipfile.ZipFile(path) as archive:
        workbook_xml = archive.read("xl/workbook.xml").decode()
    titles = re.findall(r'<definedName name="_xlnm.Print_Titles" localSheetId="(\d+)">([^<]+)</definedName>',
                        workbook_xml)
    assert titles
    for _, reference in titles:
        assert re.fullmatch(r"'?[^'!]+'?!\$\d+:\$\d+", reference), reference


# -- the proof: an independent recalculation agrees with budgetlib ------------------------------------

def test_no_formula_errors(written):
    _, values = written
    errors = {k: v for k, v in values.items() if is_error(v)}
    assert not errors, list(errors.items())[:10]


def test_recalculated_values_and_statuses_agree_with_budgetlib(a, written):
    _, values = written
    assert compare_with_ledgers(a, values) == []


def test_recomputed_cells_are_formulas(a, written):
    path, _ = written
    book = openpyxl.load_workbook(path)  # formulas, not values
    counts = {"formula": 0, "value": 0}
    for sheet_name, columns, attribute in LEDGERS:
        sheet = book[sheet_name]
        letter = {key: column_letter(columns, key) for key, _, _ in columns}
        for offset, result in enumerate(getattr(a, attribute)):
            row = LEDGER_FIRST_ROW + offset
            computed = sheet[f"{letter['computed']}{row}"].value
            status = sheet[f"{letter['status']}{row}"].value
            basis = sheet[f"{letter['basis']}{row}"].value
            assert isinstance(sheet[f"{letter['difference']}{row}"].value, str)
            assert sheet[f"{letter['difference']}{row}"].value.startswith("=")
            if basis == BASIS_FORMULA:
                assert status.startswith("=IF("), (result.id, status)
            else:
                assert basis == BASIS_LEDGER and status == result.status, result.id
            if result.computed_expr is not None and result.computed is not None:
                counts["formula" if str(computed).startswith("=") else "value"] += 1
                if str(computed).startswith("="):
                    assert "ROUND(" in computed, (result.id, computed)
                    if result.computed_expr.cells():  # over the table sheets
                        assert "'!$" in computed, (result.id, computed)
            if sheet_name == "checks" and result.stated_expr is not None:
                assert str(sheet[f"{letter['stated']}{row}"].value).startswith("=ROUND("), result.id
    # every numeric check and claim with an expression is recomputed by a formula
    assert counts["formula"] > 400 and counts["value"] == 0, counts


def test_a_bound_is_a_live_formula_that_says_within(a, written):
    """表十 公务接待费 ≥ 表六's: the status cell judges the bound (≤ / ≥), not equality, and recalculates."""
    path, values = written
    sheet = openpyxl.load_workbook(path)["checks"]
    bounds = [(result, got) for name, result, got in ledger_rows(a, values) if name == "checks" and result.status == "within"]
    assert len(bounds) == 5 and all(got["status"] == "within" and got["basis"] == BASIS_FORMULA for _, got in bounds)
    letter = column_letter(CHECK_COLUMNS, "status")
    row = LEDGER_FIRST_ROW + next(i for i, r in enumerate(a.checks) if r.id == "x.t06-t10.reception")
    assert '"within"' in sheet[f"{letter}{row}"].value


def test_status_colours(written):
    path, _ = written
    sheet = openpyxl.load_workbook(path)["checks"]
    rules = [rule for cf in sheet.conditional_formatting for rule in cf.rules]
    formulas_used = {f for rule in rules for f in rule.formula}
    assert {f'"{s}"' for s in STATUSES} <= formulas_used


def uses_basic_salary(result) -> bool:
    """Does a check use 表六 基本工资 合计 (the amount the tampering tests change)?"""
    cells = [c for e in (result.stated_expr, result.computed_expr) if e is not None for c in e.cells()]
    return any(c.table.id == "t06" and c.column == "total"
               and c.table.frame.at[c.index, "dept_item"] == "基本工资" for c in cells)


def test_tampered_disclosure_shows_the_mismatch(a, tmp_path):
    tampered = tampered_disclosure(tmp_path)
    mismatched = {r.id for r in tampered.checks if r.status == MISMATCH}
    touched = {r.id for r in tampered.checks if uses_basic_salary(r)}
    assert touched and touched <= mismatched  # e.g. 合计 ≠ 人员经费 + 公用经费 in the edited row
    assert not touched & {r.id for r in a.checks if r.status == MISMATCH}
    path = write_workbook(tampered, tmp_path / "out")
    values = recalculate(path)
    assert compare_with_ledgers(tampered, values) == []
    shown = {result.id for sheet, result, got in ledger_rows(tampered, values) if got["status"] == MISMATCH}
    assert shown == mismatched | {r.id for r in tampered.claims if r.status == MISMATCH}


def test_editing_a_table_cell_in_the_workbook_flips_the_status(a, written, tmp_path):
    """The formulas are live: change 表六 基本工资 in the file itself (budgetlib not involved)."""
    path, _ = written
    edited = tmp_path / "edited.xlsx"
    shutil.copy(path, edited)
    book = openpyxl.load_workbook(edited)
    sheet = book["t06"]
    row = next(r for r in range(TABLE_FIRST_ROW, sheet.max_row + 1) if sheet.cell(r, 1).value == "基本工资")
    total_column = next(c for c in range(1, sheet.max_column + 1) if sheet.cell(TABLE_HEADER_ROW, c).value == "合计")
    assert sheet.cell(row, total_column).value == pytest.approx(219.48)
    sheet.cell(row, total_column).value = 219.58
    book.save(edited)
    values = recalculate(edited)
    statuses = {result.id: got["status"] for sheet, result, got in ledger_rows(a, values)}
    touched = [r for r in a.checks if uses_basic_salary(r)]
    assert touched and all(r.status != MISMATCH for r in touched)
    assert all(statuses[r.id] == MISMATCH for r in touched), {r.id: statuses[r.id] for r in touched}


# -- a second, independent engine: LibreOffice (optional) ---------------------------------------------

def _soffice():
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (apt: libreoffice-calc-nogui) not installed")
def test_libreoffice_recalculates_the_same_statuses(a, written, tmp_path):
    """LibreOffice opens the file (no repair), recalculates it and shows budgetlib's numbers and words."""
    import csv
    import subprocess

    path, _ = written
    shutil.copy(path, tmp_path / "audit.xlsx")
    # UTF-8, comma-separated, every sheet to its own file (-1), raw values (not as formatted)
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1"
    run = subprocess.run(
        [_soffice(), f"-env:UserInstallation=file://{tmp_path}/profile", "--headless", "--convert-to", csv_filter,
         "--outdir", str(tmp_path / "csv"), str(tmp_path / "audit.xlsx")],
        capture_output=True, text=True, timeout=300,
    )
    assert run.returncode == 0, run.stderr
    for sheet, columns, attribute in LEDGERS:
        with open(tmp_path / "csv" / f"audit-{sheet}.csv", encoding="utf-8", newline="") as handle:
            rows = list(csv.reader(handle))
        keys = [key for key, _, _ in columns]
        results = getattr(a, attribute)
        assert len(rows) == 1 + len(results)
        for result, row in zip(results, rows[1:]):
            shown = dict(zip(keys, row))
            assert shown["id"] == result.id
            assert shown["status"] == result.status, result.id
            if result.computed is None:
                assert shown["computed"] == "", result.id
            else:
                assert same_number(float(shown["computed"]), result.computed, result.digits), result.id
            assert not shown["difference"].startswith(("#", "Err")), result.id


# -- hand-built rows: the edges of the contract ---------------------------------------------------------

def test_hand_built_rows(d, a, tmp_path):
    """Zero whole, a mismatch, a status decided elsewhere, a count too long for one COUNTA."""
    from types import SimpleNamespace

    from budgetlib.formula import Cell, Const, Count, Percent
    from budgetlib.ledger import MATCH, UNVERIFIABLE, decide

    t01, t12 = d.tables["t01"], d.tables["t12"]
    fund = Cell(t01, int(t01.frame.index[t01.frame["item"] == "二、政府性基金预算"][0]), "total")  # blank
    grand = Cell(t01, int(t01.frame.index[t01.frame["item"] == "收入总计"][0]), "total")
    claim = dict(kind="claim", section="二", sentence="…", unit="%")
    rows = [
        decide("zero", "share of a blank whole", None, Percent(grand, fund), a.tolerance, 2,
               stated=Decimal("5.00"), stated_text="5.00", **claim),
        decide("wrong", "share misprinted", None, Percent(fund, grand), a.tolerance, 2,
               stated=Decimal("1.5"), stated_text="1.5", **claim),
        decide("listed", "items compared by name", None, Count((grand,), "rows"), a.tolerance, None,
               stated=Decimal("1"), stated_text="1", status="mismatch", **claim),
        decide("long", "a count over 300 cells", None,
               Count(tuple(Cell(t12, int(t12.frame.index[0]), "item") for _ in range(300)), "rows"),
               a.tolerance, 0, stated=Decimal("300"), stated_text="300", **claim),
        decide("const", "stated parts", None, Const(Decimal("2.5")) + Const(Decimal("0.5")), a.tolerance, 1,
               stated=Decimal("3.0"), stated_text="3.0", **claim),
    ]
    assert [r.status for r in rows] == [UNVERIFIABLE, MISMATCH, MISMATCH, MATCH, MATCH]
    fake = SimpleNamespace(disclosure=d, checks=(), claims=tuple(rows), tolerance=a.tolerance, goals=None,
                           summary=lambda: None)  # an Audit of hand-built claims
    path = write_workbook(fake, tmp_path)
    values = recalculate(path)
    assert compare_with_ledgers(fake, values) == []
    sheet = openpyxl.load_workbook(path)["claims"]
    letter = {key: column_letter(CLAIM_COLUMNS, key) for key, _, _ in CLAIM_COLUMNS}
    cells = {r.id: {k: sheet[f"{letter[k]}{LEDGER_FIRST_ROW + i}"].value for k in letter} for i, r in enumerate(rows)}
    assert cells["zero"]["computed"].startswith("=IF(") and cells["zero"]["basis"] == BASIS_FORMULA
    assert cells["wrong"]["computed"].startswith("=IF(") and cells["wrong"]["status"].startswith("=IF(")
    assert cells["listed"]["status"] == MISMATCH and cells["listed"]["basis"] == BASIS_LEDGER
    assert cells["long"]["computed"] == 300  # COUNTA takes at most 255 arguments: the value instead
    assert cells["const"]["computed"] == "=ROUND((2.5+0.5),1)"
    assert not [v for v in values.values() if is_error(v)]


def test_pandas_reads_the_values_and_statuses_of_every_formula(tmp_path):
    """Every formula is stored with its value: a reader that does not recalculate (pandas) sees the
    same figures and statuses as `audit --json`; the findings sheet lists errors first."""
    import json as json_module

    import pandas

    import budgetlib
    from budgetlib.export import audit_document
    from budgetlib.workbook import write_workbook

    a = budgetlib.audit(budgetlib.load(None))
    document = json_module.loads(json_module.dumps(audit_document(a)))
    path = write_workbook(a, tmp_path)
    sheets = pandas.read_excel(path, sheet_name=None)
    for name in ("checks", "claims"):
        frame = sheets[name]
        status = next(c for c in frame.columns if "status" in c and "状态" in c)
        assert list(frame[status]) == [r["status"] for r in document[name]], name
        computed = "重算值 computed"
        for value, record in zip(frame[computed], document[name]):
            if record["computed"] is None:
                assert pandas.isna(value) or value == ""
            else:
                assert abs(float(value) - float(record["computed"])) < 1e-9, (name, record["id"])
    findings = sheets["findings"]
    assert list(findings.iloc[:, 0])[:3] == ["error"] * 3 and len(findings) == len(document["findings"])
    readme = sheets["README"].astype(str).to_string()
    assert "/work/" not in readme
