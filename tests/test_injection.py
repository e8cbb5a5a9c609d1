"""Untrusted text stays text: labels crafted as spreadsheet formulas or HTML in a disclosure.

The CSV files (offered for Excel) prefix a TEXT cell starting with = + - @, tab or carriage return
with ' (OWASP CSV injection); numbers, negative ones too, are written as they are. The workbook
stores such labels as text cells. JSON is data, not a spreadsheet: it keeps the exact text.
"""
from __future__ import annotations

import csv
import json
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pandas as pd
import pytest

import budgetlib
from budgetlib.export import FORMULA_STARTS, audit_document, csv_cell, write_csv, write_export

HYPERLINK = '=HYPERLINK("http://example.invalid","x")'
SCRIPT = "<script>alert(1)</script>"
AT = "@SUM(1+1)"
PLUS = "+1+1"
MINUS = "-2+3"
# (printed row of 表十二, crafted project name): the first name is replaced everywhere it appears
# (goal tables and narrative too), the others only on their row of 表十二.
EVERYWHERE = ("晋城市航空应急救援服务费", HYPERLINK)
ROWS = {"遗属补助\t5.80\t5.80\t\t\t\t": SCRIPT, "慰问款\t10.00\t10.00\t\t\t\t": AT,
        "晋城市引进人才生活补贴费用\t1.80\t1.80\t\t\t\t": PLUS, "特种作业人员安全技术考试\t220.00\t220.00\t\t\t\t": MINUS}
CRAFTED = (HYPERLINK, SCRIPT, AT, PLUS, MINUS)


@pytest.fixture(scope="module")
def crafted(tmp_path_factory) -> "budgetlib.Audit":
    text = budgetlib.bundled().read_text(encoding="utf-8")
    assert EVERYWHERE[0] in text
    text = text.replace(*EVERYWHERE)
    lines = text.split("\n")
    for row, label in ROWS.items():
        assert lines.count(row) == 1, row
        index = lines.index(row)
        lines[index] = label + row[row.index("\t"):]
    path = tmp_path_factory.mktemp("crafted") / "crafted.txt"
    path.write_text("\n".join(lines), encoding="utf-8")
    a = budgetlib.audit(budgetlib.load(path))
    assert set(CRAFTED) <= set(a.disclosure.tables["t12"].frame["item"])
    return a


@pytest.fixture(scope="module")
def export(crafted, tmp_path_factory) -> Path:
    return write_export(crafted, tmp_path_factory.mktemp("export"))


def _read(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


def test_no_text_cell_of_any_csv_starts_a_formula(export):
    package = json.loads((export / "datapackage.json").read_text(encoding="utf-8"))
    assert len(package["resources"]) >= 15
    numbers_seen = 0
    for resource in package["resources"]:
        rows = _read(export / resource["path"])
        fields = resource["schema"]["fields"]
        assert rows[0] == [f["name"] for f in fields]
        for row in rows[1:]:
            for field, cell in zip(fields, row, strict=True):
                if field["type"] in ("number", "integer"):
                    if cell:  # amounts stay plain numbers: parseable, never prefixed
                        try:
                            Decimal(cell)
                        except InvalidOperation:
                            pytest.fail(f"{resource['path']} {field['name']}: {cell!r} is not a number")
                        numbers_seen += 1
                else:
                    assert not cell.startswith(FORMULA_STARTS), (resource["path"], field["name"], cell)
    assert numbers_seen > 1000


def test_crafted_labels_are_kept_behind_a_quote(export):
    t12 = _read(export / "t12.csv")
    names = [row[1] for row in t12[1:]]
    assert "'" + HYPERLINK in names and "'" + AT in names and "'" + PLUS in names and "'" + MINUS in names
    assert SCRIPT in names  # not a formula start: unchanged (HTML escaping is the pages' business)
    assert HYPERLINK not in names
    findings = [cell for row in _read(export / "findings.csv")[1:] for cell in row]
    assert "'" + HYPERLINK in findings and HYPERLINK not in findings
    projects = [cell for row in _read(export / "projects.csv")[1:] for cell in row]
    assert "'" + HYPERLINK in projects


def test_amounts_of_the_crafted_rows_stay_numbers(export):
    t12 = {row[1]: row for row in _read(export / "t12.csv")[1:]}
    assert t12["'" + HYPERLINK][2] == "400.00"
    assert t12["'" + MINUS][2] == "220.00"
    assert t12[SCRIPT][2] == "5.80"


@pytest.mark.parametrize("text", ["=1+1", "+1", "-1", "@A1", "\t=1", "\r=1", "-", "=", "-2+3"])
def test_csv_cell_prefixes_text_starting_a_formula(text):
    assert csv_cell(text) == "'" + text


@pytest.mark.parametrize("text", ["—", "合计", "", " =1", "1-2", "'=1"])
def test_csv_cell_leaves_other_text_alone(text):
    assert csv_cell(text) == text


def test_negative_numbers_stay_numbers(tmp_path):
    frame = pd.DataFrame({"label": ["-净减少", "合计"], "amount": [Decimal("-864.36"), Decimal("0.00")],
                          "count": [-3, None]})
    path = tmp_path / "n.csv"
    write_csv(path, frame, ["label", "amount", "count"])
    assert _read(path) == [["label", "amount", "count"], ["'-净减少", "-864.36", "-3.0"], ["合计", "0.00", ""]]


def test_json_keeps_the_exact_text(crafted):
    document = json.loads(json.dumps(audit_document(crafted), ensure_ascii=False))
    names = [row["项目名称"] for row in document["tables"]["t12"]["rows"]]
    for label in CRAFTED:
        assert label in names
    assert HYPERLINK in [p["name"] for p in document["projects"]]


def test_workbook_stores_the_labels_as_text(crafted, tmp_path):
    from openpyxl import load_workbook

    from budgetlib.workbook import write_workbook

    book = load_workbook(write_workbook(crafted, tmp_path))
    seen = {}
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                if cell.data_type == "f":
                    assert "example.invalid" not in str(cell.value) and "SUM(1+1)" not in str(cell.value)
                if cell.value in CRAFTED:
                    seen.setdefault(cell.value, []).append((sheet.title, cell.coordinate, cell.data_type))
    assert set(seen) == set(CRAFTED)
    assert ("t12" in {s for s, _, _ in seen[HYPERLINK]})
    assert all(kind == "s" for cells in seen.values() for _, _, kind in cells), seen
