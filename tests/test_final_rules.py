"""The identities of the Shanghai 部门决算 on the real 2024 final account of 上海市普陀区财政局: every sum
checked with the rounding slack of its printed addends, none a mismatch, and a changed figure caught."""
from __future__ import annotations

from collections import Counter
from dataclasses import replace

import pytest

import budgetlib
from budgetlib.document import parse
from budgetlib.source import Line
from conftest import REAL, real_file

FINAL_PDF = REAL / "shanghai-final" / "shpt-czj-2024-final-dept.pdf"


@pytest.fixture(scope="module")
def final():
    return budgetlib.load(real_file(FINAL_PDF))


@pytest.fixture(scope="module")
def checks(final):
    return budgetlib.audit(final).checks


def test_at_least_80_identities_and_no_mismatch(checks):
    statuses = Counter(r.status for r in checks)
    assert len(checks) >= 80
    assert statuses["mismatch"] == 0, [(r.id, r.stated, r.computed) for r in checks if r.status == "mismatch"]
    assert statuses["unverifiable"] == 0


def _check(checks, id):
    return next(r for r in checks if r.id == id)


def test_the_totals_of_table_1_add_up(checks):
    grand = _check(checks, "t01.income.grand")
    assert (str(grand.stated), str(grand.computed), grand.status) == ("2995.39", "2995.39", "match")
    carry = _check(checks, "t01.carry")  # 49.14 + 2,946.25 − 2,940.05 = 55.34
    assert (str(carry.stated), carry.status) == ("55.34", "match")
    assert _check(checks, "t04.balance").status == "match"


def test_sums_of_rounded_figures_are_rounding_never_mismatch(checks):
    # 表3 合计 2,940.05 against its four 类 rows 2,940.06; 表6 302 171.07 against 27 款 summing 171.09
    assert _check(checks, "t03.total.total").status == "rounding"
    assert _check(checks, "t06.302.total").status == "rounding"
    # 表1 adjusts its class rows to add up (尾差调整): 208 prints 326.71 there, 326.72 in 表3
    adjusted = _check(checks, "x.t01-t03.社会保障和就业支出")
    assert (str(adjusted.stated), str(adjusted.computed), adjusted.status) == ("326.71", "326.72", "rounding")
    assert "尾差调整" in adjusted.note


def test_the_three_public_table_is_checked_for_its_budget_figures(checks):
    budget = next(r for r in checks if r.id.startswith("t07.row") and r.id.endswith(".total_budget"))
    assert (str(budget.stated), budget.status) == ("0.95", "match")


def test_bounds_between_every_source_and_appropriations(checks):
    opening = _check(checks, "x.t04-t01.opening")
    assert opening.status == "within" and opening.relation == "≤"


def _tampered(final, old: str, new: str):
    lines = tuple(Line(l.no, l.text.replace(old, new)) if old in l.text else l for l in final.source.lines)
    assert lines != final.source.lines
    source = replace(final.source, lines=lines)
    return budgetlib.audit(parse(source, final.template))


def test_a_changed_figure_is_caught(final):
    a = _tampered(final, "\t2,152.26\t", "\t2,152.96\t")  # 表6 人员经费合计
    caught = {r.id for r in a.checks if r.status == "mismatch"}
    assert {"t06.人员经费", "x.t05-t06.basic"} <= caught
