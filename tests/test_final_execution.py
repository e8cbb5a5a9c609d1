"""A final account against its budget (`audit FINAL --budget BUDGET`): execution ratios by class, 基本 /
项目 and 三公 item; a budget of another unit or year refused in one line.

data/ holds the 2024 决算 of 上海市普陀区财政局 and its 2025 budget, not its 2024 budget. The pair that
passes is built from real figures: the 2025 budget as read from its PDF, with its year printed 2024
(every '2025' of the text made '2024'; no figure changed). The ratios then set the 2024 spending
against the 2025 budget: they test the mechanics (pairing by role and code, 元 to 万元), not the unit."""
from __future__ import annotations

from dataclasses import replace
from decimal import Decimal

import pytest

import budgetlib
from budgetlib.cli import main
from budgetlib.document import parse
from budgetlib.errors import DisclosureError
from budgetlib.execution import execution
from budgetlib.source import Line
from budgetlib.structure import detect
from conftest import REAL, SHANGHAI, real_file

FINAL_PDF = REAL / "shanghai-final" / "shpt-czj-2024-final-dept.pdf"
BUDGET_PDF = SHANGHAI / "shpt-czj-2025-dept.pdf"


@pytest.fixture(scope="module")
def final():
    return budgetlib.load(real_file(FINAL_PDF))


@pytest.fixture(scope="module")
def budget():
    return budgetlib.load(real_file(BUDGET_PDF))


@pytest.fixture(scope="module")
def budget_2024(budget):
    """The real 2025 budget with its year printed 2024 (the figures as printed)."""
    lines = tuple(Line(l.no, l.text.replace("2025", "2024")) for l in budget.source.lines)
    source = replace(budget.source, lines=lines)
    return parse(source, detect(source))


def test_a_budget_of_another_year_is_refused_in_one_line(final, budget, capsys):
    with pytest.raises(DisclosureError, match="not the same unit and year"):
        execution(final, budget)
    assert main(["audit", str(FINAL_PDF), "--budget", str(BUDGET_PDF)]) == 2
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and BUDGET_PDF.name in err[0] and "2025" in err[0] and "2024" in err[0]


def test_the_budget_must_be_a_budget(final):
    with pytest.raises(DisclosureError, match="needs a budget"):
        execution(final, final)


def test_execution_by_class_kind_and_three_public_item(final, budget_2024):
    rows = {(r.table, r.row, r.column): r for r in execution(final, budget_2024)}
    # 表5 201 合计: 2,106.66 spent (2024) of 22,186,440.80元 = 2,218.64万元 budgeted
    general = rows[("表5", "201 一般公共服务支出", "合计")]
    assert (general.final, general.budget, general.ratio) == (Decimal("2106.66"), Decimal("2218.64"), Decimal("94.95"))
    assert rows[("表5", "合计", "基本支出")].budget is not None and rows[("表5", "合计", "项目支出")].ratio is not None
    # 表7 三公: 公务接待费 0.95 budgeted (表9 of the budget, 万元), nothing spent: 0 %
    three = {r.column: r for r in rows.values() if r.table == "表7"}
    assert set(three) == {"合计", "公务接待费"} and all(r.final is None for r in three.values())
    assert (three["公务接待费"].budget, three["公务接待费"].ratio) == (Decimal("0.95"), Decimal("0.00"))
