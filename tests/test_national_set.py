"""The national set read on a layout it was not written for: the seven Shanghai budgets (9 tables, 元,
类/款/项 printed apart, two-sided 收支总表 by other columns) read with the national declaration as if
their family were unknown. What it reads, it reads right: no identity it checks is broken but the two
the Shanghai family's audit also reports (and the reference lists as real)."""
from __future__ import annotations

import pytest

import budgetlib
from budgetlib.templates.standard_tables import STANDARD

from conftest import SHANGHAI, real_file

STEMS = ("shpt-czj-2025-dept", "shpt-qzfb-2025-unit", "shpt-sifaju-2026-dept", "shpt-sifaju-2026-unit",
         "shpt-swh-2025-dept", "shpt-wanli-2024-dept", "shpt-wanli-2025-dept")
# 表5 2040601 行政运行 prints 64,840,547.00 as 项目支出 under a 合计 of 14,348,853.34 (tests/reference)
REAL = {"shpt-sifaju-2026-unit": {("general_functional.20406.project", "64840547.00", "129681094.00"),
                                  ("general_functional.row179.total", "14348853.34", "79189400.34")}}


@pytest.mark.parametrize("stem", STEMS)
def test_an_unknown_layout_read_by_the_national_set_cries_no_wolf(stem):
    d = budgetlib.load(real_file(SHANGHAI / f"{stem}.pdf"), template=STANDARD)
    assert {"general_functional", "general_basic_economic"} <= set(d.tables)  # coded, 类/款/项 apart: read
    a = budgetlib.audit(d)
    assert len(a.checks) >= 80
    wrong = {(r.id, str(r.stated), str(r.computed)) for r in [*a.checks, *a.claims] if r.status == "mismatch"}
    assert wrong == REAL.get(stem, set())
    assert any("table not read" in r.message or "table not found" in r.message for r in d.remarks)  # said, not hidden
