"""The 情况说明 of the Shanghai 部门决算 against its tables (the real 2024 final account of 上海市普陀区财政局).

Its narrative prints every figure in another font, whose boxes sit off the line: these tests need the
PDF reader to keep the digits on their sentences (pdf.py groups such a page's lines by vertical
overlap)."""
from __future__ import annotations

from collections import Counter

import pytest

import budgetlib
from conftest import REAL, real_file

FINAL_PDF = REAL / "shanghai-final" / "shpt-czj-2024-final-dept.pdf"


@pytest.fixture(scope="module")
def claims():
    return budgetlib.audit(budgetlib.load(real_file(FINAL_PDF))).claims


def _by_text(claims, description: str, stated: str):
    return next(c for c in claims if c.description.startswith(description) and str(c.stated) == stated)


def test_most_narrative_numbers_are_judged(claims):
    statuses = Counter(c.status for c in claims)
    assert len(claims) >= 100
    assert statuses["unverifiable"] <= 0.4 * len(claims)  # 78 of 126 judged on the fixed reading


def test_the_totals_and_shares_match_the_tables(claims):
    assert _by_text(claims, "收入支出总计", "2995.39").status == "match"
    assert _by_text(claims, "财政拨款收入 占 本年收入合计", "99.79").status == "match"
    assert _by_text(claims, "基本支出 占 本年支出合计", "79.49").status == "match"
    assert _by_text(claims, "人员经费", "2152.26").status == "match"
    assert _by_text(claims, "机关运行经费支出", "184.65").status == "match"  # = 表6 公用经费合计


def test_the_two_contradictions_of_the_narrative(claims):
    # 四: 财政拨款收入支出总计 printed 0.3万元 where 表4 总计 is 2,961.68
    assert _by_text(claims, "财政拨款收入支出总计", "0.3").status == "mismatch"
    # 五(二): 一般公共服务支出 2,106.66 / 2,940.05 = 71.65 %, printed 71.73 % (the four shares add to 100.07 %)
    share = _by_text(claims, "一般公共服务支出(类) 占", "71.73")
    assert share.status == "mismatch" and str(share.computed) == "71.65"
    assert _by_text(claims, "社会保障和就业支出(类) 占", "11.11").status == "match"


def test_the_rate_of_change_is_recomputed_from_the_implied_prior_year(claims):
    assert _by_text(claims, "一般公共预算财政拨款支出 下降率", "2.10").status == "match"  # 63.14 / 3,003.19


def test_execution_against_the_initial_budget(claims):
    # 五(三): 2,940.05 / 2,993.92 = 98.20 %; the 年初预算 is in no table
    assert _by_text(claims, "完成年初预算", "98.20").status == "match"
    assert _by_text(claims, "年初预算", "2993.92").status == "unverifiable"
    # each numbered item's 支出决算 against the 项 row its heading names
    item = _by_text(claims, "一般公共服务支出-财政事务-行政运行 支出决算", "1511.89")
    assert item.status == "match" and "2010601" in item.formula
    assert _by_text(claims, "住房保障支出-住房改革支出-购房补贴 支出决算", "258.50").status == "match"
    # 七: 三公 0.00 of 0.95 is 0 %; 因公出国 0.00 of a budget of 0 is the family's 0 % (no ratio)
    ratios = [c for c in claims if c.description.startswith("完成年初预算") and c.section == "三公经费"]
    assert [c.status for c in ratios] == ["match", "consistent", "consistent", "match"]
