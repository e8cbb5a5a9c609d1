"""Every amount keyed by roles: the same table role and column role mean the same in every family,
amounts exact in 元 whatever unit a table prints."""
from __future__ import annotations

from decimal import Decimal

import pytest

import budgetlib
from conftest import SHANGHAI, real_file


@pytest.fixture(scope="module")
def shanghai():
    return budgetlib.load(real_file(SHANGHAI / "shpt-sifaju-2026-unit.pdf"))


def filled_cells(d) -> int:
    return sum(row[c] is not None for t in d.tables.values() for row in t.rows for c in t.amount_columns)


def test_one_record_per_filled_amount_cell(d, shanghai):
    for doc in (d, shanghai):
        frame = budgetlib.amounts(doc)
        assert len(frame) == filled_cells(doc)
        assert (frame["unit"] == doc.unit).all() and (frame["year"] == doc.year).all()
        assert all(isinstance(v, Decimal) for v in frame["amount_yuan"])


def test_amounts_are_exact_yuan_whatever_the_printed_unit(d, shanghai):
    bundled = budgetlib.amounts(d)
    assert set(bundled["printed_unit"]) == {"万元"}
    assert (bundled["amount_yuan"] == bundled["printed"] * 10000).all()
    frame = budgetlib.amounts(shanghai).set_index(["table", "column_role"])
    assert set(frame["printed_unit"]) == {"元", "万元"}  # tables 1–8 in 元, 表9 in 万元
    yuan = frame[frame["printed_unit"] == "元"]
    assert (yuan["amount_yuan"] == yuan["printed"]).all()
    reception = frame.loc[("t09", "reception")]
    assert (reception["printed"], reception["amount_yuan"]) == (Decimal("0.73"), Decimal("7300.00"))


def test_the_same_roles_in_both_families(d, shanghai):
    shanxi, other = budgetlib.amounts(d), budgetlib.amounts(shanghai)
    standard = {"summary", "income", "expense", "appropriation_summary", "general_functional",
                "general_basic_economic", "three_public"}
    assert standard <= set(shanxi["table_role"]) and standard <= set(other["table_role"])
    for frame in (shanxi, other):  # 合计 = 基本支出 + 项目支出 under the same column roles
        general = frame[(frame["table_role"] == "general_functional") & (frame["code"].str.len() == 3)]
        by_column = general.groupby("column_role")["amount_yuan"].sum()
        assert by_column["total"] == by_column["basic"] + by_column["project"] > 0


def test_a_three_public_item_is_one_role_as_a_row_or_as_a_column(d, shanghai):
    """Shanxi prints the 三公 items as rows, Shanghai as columns: item_role and column_role meet."""
    shanxi, other = budgetlib.amounts(d), budgetlib.amounts(shanghai)
    row = shanxi[(shanxi["table_role"] == "three_public") & (shanxi["item_role"] == "reception")
                 & (shanxi["column_role"] == "total")]
    column = other[(other["table_role"] == "three_public") & (other["column_role"] == "reception")]
    assert len(row) == 1 and len(column) == 1
    assert row["amount_yuan"].iloc[0] == Decimal("5000.00") and column["amount_yuan"].iloc[0] == Decimal("7300.00")


def test_the_export_declares_each_tables_own_unit(shanghai, tmp_path):
    import json

    from budgetlib.export import write_export

    out = write_export(budgetlib.audit(shanghai), tmp_path)
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    units = {r["name"]: {f.get("unit") for f in r["schema"]["fields"] if f["type"] == "number"}
             for r in package["resources"]}
    assert units["t01"] == units["t05"] == {"元"} and units["t09"] == {"万元"}
    assert units["checks"] == {None}  # a ledger row carries its own unit
