"""A final account (决算) against the same unit's budget (预算) of its year: how much of each budgeted
figure was spent (执行率 = 决算 ÷ 预算 × 100%), by functional class, 基本支出 / 项目支出 and 三公 item.

The tables are paired by role (`templates.standard.EXECUTION_PAIRS`), rows by 科目编码 (class rows and
the 合计 row) or, for one-row tables, the row itself; amounts compared in 万元 (a budget printed in 元
converted exactly and rounded half-up to 2 places). A budget of another unit or another year is
refused in one line: its figures do not execute this account's.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from .formula import MONEY_UNITS
from .money import HUNDRED, round_half_up
from .templates.standard import COLUMNS_BY_ID, EXECUTION_PAIRS

if TYPE_CHECKING:  # pragma: no cover
    from .document import Disclosure
    from .tables import Table

FINAL, BUDGET = "决算", "预算"
UNIT = "万元"


@dataclass(frozen=True)
class ExecutionRow:
    table: str  # the final account's table, as it names itself (表5 …)
    row: str  # the row: '201 一般公共服务支出', '合计', or '' for a one-row table
    column: str  # the column's standard name (a 决算 table prints 决算数 over every 三公 item)
    final: Decimal | None  # 万元
    budget: Decimal | None  # 万元
    line: int  # in the final account

    @property
    def ratio(self) -> Decimal | None:
        """决算 ÷ 预算 × 100, half-up at 2 places; None where nothing was budgeted."""
        if not self.budget:
            return None
        return round_half_up((self.final or Decimal(0)) * HUNDRED / self.budget, 2)


def check_pair(final: "Disclosure", budget: "Disclosure") -> None:
    """Refuse (one line, on the budget's cover) a budget that is not this account's: kinds, unit, year."""
    where = budget.cover_line
    if final.kind != FINAL:
        raise final.source.error("cover", final.cover_line, f"--budget compares a final account ({FINAL}) with its "
                                                            f"budget; this is a {final.kind}")
    if budget.kind != BUDGET:
        raise budget.source.error("cover", where, f"--budget needs a budget ({BUDGET}); this is a {budget.kind}")
    if (budget.unit, budget.year) != (final.unit, final.year):
        raise budget.source.error("cover", where, f"the budget of {budget.unit} {budget.year} does not execute the "
                                                  f"final account of {final.unit} {final.year}: not the same unit "
                                                  "and year")


def _by_role(d: "Disclosure", role: str) -> "Table | None":
    return next((d.tables[s.id] for s in d.template.schemas if s.role == role and s.id in d.tables), None)


def _in_unit(amount: Decimal | None, unit: str) -> Decimal | None:
    if amount is None or unit == UNIT or unit not in MONEY_UNITS:
        return amount
    return round_half_up(amount * MONEY_UNITS[unit] / MONEY_UNITS[UNIT], 2)


def _rows(table: "Table") -> dict[str, dict]:
    """Rows by key: a coded table's 合计 and class rows by code ('' for 合计), a one-row table's row."""
    records = table.records
    if records and "level" in records[0] and "code" in records[0]:
        return {r["code"]: r for r in records if r["level"] in ("合计", "类")}
    return {"": records[0]} if records else {}


def execution(final: "Disclosure", budget: "Disclosure") -> list[ExecutionRow]:
    check_pair(final, budget)
    out: list[ExecutionRow] = []
    for final_role, budget_role, columns in EXECUTION_PAIRS:
        done, planned = _by_role(final, final_role), _by_role(budget, budget_role)
        if done is None or planned is None:
            continue
        planned_rows = _rows(planned)
        for key, row in _rows(done).items():
            other = planned_rows.get(key)
            name = f"{key} {row.get('name', '')}".strip() if key else (row.get("name") or "")
            for column in columns:
                if column not in done.columns:
                    continue
                spent = row.get(column)
                budgeted = _in_unit(other.get(column), planned.amount_unit) if other else None
                if spent is None and budgeted is None:
                    continue
                printed = COLUMNS_BY_ID[column].name if column in COLUMNS_BY_ID else done.columns[column]
                out.append(ExecutionRow(f"表{done.numeral}", name, printed, spent, budgeted, row["line"]))
    return out


def _text(amount: Decimal | None) -> str | None:
    return None if amount is None else f"{amount:f}"


def execution_document(rows: list[ExecutionRow], budget_name: str) -> dict:
    """The execution ratios as JSON-safe data (`audit FINAL --budget BUDGET --json`): amounts in 万元
    and ratios in % as exact text, None where there is none (nothing budgeted: no ratio)."""
    return {"budget": budget_name, "unit": UNIT, "ratio_unit": "%",
            "rows": [{"table": r.table, "row": r.row, "column": r.column, "final": _text(r.final),
                      "budget": _text(r.budget), "ratio": _text(r.ratio), "line": r.line} for r in rows]}
