"""Accounting identities within and across the thirteen tables.

Every identity is derived from the structure the tables print (合计/小计 rows, code hierarchy,
column definitions) and from the template's cross-table relations, never from this document's
numbers. Each becomes a ledger.Result with both sides as formulas over table cells.
"""
from __future__ import annotations

from decimal import Decimal
from typing import TYPE_CHECKING, Iterable

from .formula import Cell, Expr, Sum
from .ledger import MATCH, MISMATCH, Result, decide
from .text import numbered, strip_numbering
from .tables import Table

if TYPE_CHECKING:  # pragma: no cover
    from .document import Disclosure

# 收入 sources: the label printed in 表一's income side -> the column of 表二 that holds it.
INCOME_SOURCES = {
    "一般公共预算": "general",
    "政府性基金预算": "fund",
    "国有资本经营预算": "state_capital",
    "财政专户管理资金": "special_account",
    "单位资金": "unit_funds",
}
APPROPRIATION_COLUMNS = ("general", "fund", "state_capital")  # 财政拨款 = these three sources


class CheckBook:
    def __init__(self, d: "Disclosure", tolerance: Decimal):
        self.d = d
        self.tolerance = tolerance
        self.results: list[Result] = []

    def add(self, id: str, description: str, left: Expr, right: Expr, tables: str, note: str = "") -> None:
        line = next((c.line for c in left.cells()), None)
        self.results.append(
            decide(id, description, left, right, self.tolerance, tables=tables, line=line, note=note)
        )

    def add_fact(self, id: str, description: str, ok: bool, stated, computed, tables: str, line, note=""):
        """A non-monetary consistency fact (names, counts, units)."""
        self.results.append(
            decide(id, description, None, None, self.tolerance, stated=None, status=MATCH if ok else MISMATCH,
                   formula=str(computed), stated_formula=str(stated), tables=tables, line=line, note=note,
                   unit="")
        )


def cell(table: Table, row: dict, column: str) -> Cell:
    return Cell(table, row["index"], column)


def has_value(cells: Iterable[Cell]) -> bool:
    return any(c.raw is not None for c in cells)


def select(table: Table, where=None, **equal) -> list[dict]:
    """Rows (as dicts) whose columns equal the given values and that pass `where`."""
    return [r for r in table.records
            if all(r[k] == v for k, v in equal.items()) and (where is None or where(r))]


def first(rows: list[dict]) -> dict | None:
    return rows[0] if rows else None


def label(table: Table) -> str:
    return f"表{table.numeral}" if table.numeral else table.id


def _sum_check(book: CheckBook, table: Table, total_row: dict, parts: list[dict], id: str, what: str,
               columns: Iterable[str] | None = None) -> None:
    """total_row[column] = Σ parts[column] for every amount column that holds a value."""
    for column in columns or table.amount_columns:
        left = cell(table, total_row, column)
        right = [cell(table, r, column) for r in parts]
        if not has_value([left, *right]):
            continue
        book.add(
            f"{table.id}.{id}.{column}",
            f"{label(table)} {what} {table.columns[column]}",
            left, Sum(tuple(right)), table.id,
        )


def _row_check(book: CheckBook, table: Table, total: str, parts: tuple[str, ...], what: str,
               rows: list[dict] | None = None) -> None:
    """Within each row: total column = Σ part columns."""
    for r in table.records if rows is None else rows:
        cells = [cell(table, r, c) for c in (total, *parts)]
        if not has_value(cells):
            continue
        name = table.row_labels[r["index"]]
        book.add(
            f"{table.id}.row{r['line']}.{total}",
            f"{label(table)} {name}: {table.columns[total]} = {' + '.join(table.columns[p] for p in parts)} ({what})",
            cells[0], Sum(tuple(cells[1:])), table.id,
        )


def _coded_hierarchy(book: CheckBook, table: Table) -> None:
    """合计 = Σ类, 类 = Σ款, 款 = Σ项 for every code and amount column."""
    total_row = first(select(table, level="合计"))
    if total_row is not None:
        _sum_check(book, table, total_row, select(table, level="类"), "total", "合计 = Σ类")
    for r in select(table, lambda r: r["level"] in ("类", "款")):
        children = select(table, parent=r["code"])
        if not children:
            book.add_fact(f"{table.id}.{r['code']}.children", f"{label(table)} {r['code']} {r['name']} 有下级科目",
                          False, "has children", "no child rows", table.id, r["line"])
            continue
        kind = "类 = Σ款" if r["level"] == "类" else "款 = Σ项"
        _sum_check(book, table, r, children, r["code"], f"{r['code']} {r['name']} {kind}")


def _find(table: Table, side: str | None = None, item: str | None = None, group: str | None = None):
    return first([r for r in table.records
                  if (side is None or r["side"] == side) and (group is None or r["group"] == group)
                  and (item is None or strip_numbering(r["item"]) == item)])


def _require(book: CheckBook, table: Table, row, what: str):
    if row is None:
        book.add_fact(f"{table.id}.missing.{what}", f"{label(table)} 应有 '{what}' 行", False, what, "row not found",
                      table.id, table.title_line)
    return row


def _two_sided(book: CheckBook, table: Table, current_total: str, carried: str, grand: str,
               expense_total: str, expense_carry: str, expense_grand: str, row_parts: tuple[str, ...]) -> None:
    for side, sub_label, grand_label, carry_label in (
        ("收入", current_total, grand, carried), ("支出", expense_total, expense_grand, expense_carry)
    ):
        sub = _require(book, table, _find(table, side, sub_label), sub_label)
        total_row = _require(book, table, _find(table, side, grand_label), grand_label)
        carry = _find(table, side, carry_label)
        if sub is None or total_row is None:
            continue
        items = select(table, lambda r: numbered(r["item"]) and r["index"] < sub["index"], side=side, group="")
        columns = [c for c in table.amount_columns if side == "支出" or c == "total"]
        _sum_check(book, table, sub, items, f"{side}.current", f"{sub_label} = Σ{side}项目", columns)
        parts = [sub] + ([carry] if carry is not None else [])
        _sum_check(book, table, total_row, parts, f"{side}.grand", f"{grand_label} = {sub_label} + {carry_label}", columns)
        if carry is not None:
            children = select(table, side=side, group=carry["item"])
            if children:
                _sum_check(book, table, carry, children, f"{side}.carried", f"{carry_label} = Σ其中", columns)
    income = _find(table, "收入", grand)
    expense = _find(table, "支出", expense_grand)
    if income is not None and expense is not None:
        book.add(f"{table.id}.balance", f"{label(table)} {grand} = {expense_grand}",
                 cell(table, income, "total"), cell(table, expense, "total"), table.id)
    _row_check(book, table, "total", row_parts, "每行", select(table, side="支出"))


def within_tables(book: CheckBook) -> None:
    t = book.d.tables
    _two_sided(book, t["t01"], "本年收入合计", "上年结转", "收入总计", "本年支出合计", "年终结转", "支出总计",
               ("current_year", "carried_over"))
    _two_sided(book, t["t04"], "本年收入合计", "上年财政拨款结转", "收入总计", "本年支出合计", "年终结转", "支出总计",
               APPROPRIATION_COLUMNS)
    t02 = t["t02"]
    _coded_hierarchy(book, t02)
    _row_check(book, t02, "total", tuple(INCOME_SOURCES.values()), "本年收入 = Σ来源")
    for tid in ("t03", "t05", "t08"):
        _coded_hierarchy(book, t[tid])
        _row_check(book, t[tid], "total", ("basic", "project"), "合计 = 基本支出 + 项目支出")
    _coded_hierarchy(book, t["t07"])
    t06 = t["t06"]
    total_row = first(select(t06, level="合计"))
    if total_row is not None:
        _sum_check(book, t06, total_row, select(t06, level="类"), "total", "合计 = Σ类")
    for r in select(t06, level="类"):
        _sum_check(book, t06, r, select(t06, parent=r["dept_item"]), f"class{r['line']}", f"{r['dept_item']} = Σ款")
    _row_check(book, t06, "total", ("personnel", "public"), "合计 = 人员经费 + 公用经费")
    for tid in ("t10", "t11"):
        table = t[tid]
        total_row = first(select(table, level="合计"))
        if total_row is not None:
            top = select(table, lambda r: r["level"] in ("项目", "单位"))
            _sum_check(book, table, total_row, top, "total", f"{total_row['item']} = Σ项目")
        _row_check(book, table, "total", APPROPRIATION_COLUMNS, "合计 = Σ资金来源")
    for r in select(t["t10"], level="项目"):
        details = select(t["t10"], parent=r["item"])
        if details:
            _sum_check(book, t["t10"], r, details, f"parent{r['line']}", f"{r['item']} = 购置 + 运行维护")
    for tid, sources in (("t12", APPROPRIATION_COLUMNS + ("special_account", "unit_funds")),
                         ("t13", APPROPRIATION_COLUMNS)):
        table = t[tid]
        records = table.records
        if records:
            _sum_check(book, table, records[0], select(table, level="项目"), "total", "合计 = Σ项目")
        for u in select(table, level="单位"):
            following = records[u["index"] + 1:]
            stop = next((r["index"] for r in following if r["level"] == "单位"), len(records))
            own = [r for r in following if r["index"] < stop and r["level"] == "项目"]
            _sum_check(book, table, u, own, f"unit{u['line']}", f"{u['item']} = Σ所属项目")
        _row_check(book, table, "total", sources, "合计 = Σ资金来源")
    for table in t.values():
        if table.no_data:
            book.add_fact(f"{table.id}.no_data", f"{label(table)} 注明“本表无数据”，表中无金额", not table.records,
                          "本表无数据", f"{len(table.records)} rows with amounts", table.id, table.title_line)


def _code_row(table: Table, code: str):
    return first(select(table, code=code))


def _total_row(table: Table):
    return first(select(table, level="合计"))


def across_tables(book: CheckBook) -> None:
    t = book.d.tables
    t01, t02, t03, t04, t05, t06 = (t[k] for k in ("t01", "t02", "t03", "t04", "t05", "t06"))
    t10, t11, t12, t13 = (t[k] for k in ("t10", "t11", "t12", "t13"))
    add = book.add
    t02_total, t03_total, t05_total = _total_row(t02), _total_row(t03), _total_row(t05)
    t06_total = _total_row(t06)

    # 表一 ↔ 表二: income by source, current year, carried over.
    if t02_total is not None:
        for name, column in INCOME_SOURCES.items():
            r = _find(t01, "收入", name, "")
            if r is not None and has_value([cell(t01, r, "total"), cell(t02, t02_total, column)]):
                add(f"x.t01-t02.{column}", f"表一 收入 {name} = 表二 合计 {t02.columns[column]}",
                    cell(t01, r, "total"), cell(t02, t02_total, column), "t01,t02")
        for item, column in (("本年收入合计", "total"), ("上年结转", "carried_over")):
            r = _find(t01, "收入", item)
            if r is not None:
                add(f"x.t01-t02.{column}", f"表一 {item} = 表二 合计 {t02.columns[column]}",
                    cell(t01, r, "total"), cell(t02, t02_total, column), "t01,t02")
    # 表一 ↔ 表三: expenditure by function (类), 当年预算安排 and 上年结转安排 ↔ 表二.
    if t03_total is not None:
        r = _find(t01, "支出", "支出总计")
        if r is not None:
            add("x.t01-t03.total", "表一 支出总计 = 表三 合计", cell(t01, r, "total"), cell(t03, t03_total, "total"),
                "t01,t03")
    for r in select(t01, lambda r: numbered(r["item"]), side="支出", group=""):
        name = strip_numbering(r["item"])
        for table, left_col, right_col in ((t03, "total", "total"), (t02, "current_year", "total"),
                                           (t02, "carried_over", "carried_over")):
            left = cell(t01, r, left_col)
            right = Sum(tuple(cell(table, m, right_col) for m in select(table, level="类", name=name)))
            if left.raw is None and not has_value(right.cells()):
                continue
            add(f"x.t01-{table.id}.{name}.{left_col}",
                f"表一 {r['item']} {t01.columns[left_col]} = 表{table.numeral} {name} {table.columns[right_col]}",
                left, right, f"t01,{table.id}")
    # 表二 ↔ 表三 by code: 本年 + 上年结转 = 总计; 表二 一般公共预算 = 表五 合计.
    for r in t02.records:
        other = _code_row(t03, r["code"]) if r["code"] else t03_total
        name = f"{r['code']} {r['name']}".strip()
        if other is not None:
            add(f"x.t02-t03.{r['code'] or 'total'}", f"表二 {name} 本年收入 + 上年结转 = 表三 合计",
                cell(t03, other, "total"), cell(t02, r, "total") + cell(t02, r, "carried_over"), "t02,t03")
        five = _code_row(t05, r["code"]) if r["code"] else t05_total
        if five is not None or cell(t02, r, "general").raw is not None:
            right = cell(t05, five, "total") if five is not None else Sum(())
            add(f"x.t02-t05.{r['code'] or 'total'}", f"表二 {name} 一般公共预算 = 表五 合计",
                cell(t02, r, "general"), right, "t02,t05")
    for r in t03.records:
        if r["code"] and _code_row(t02, r["code"]) is None:
            book.add_fact(f"x.t03-t02.{r['code']}", f"表三 {r['code']} {r['name']} 应见于表二", False,
                          "present in 表二", "missing", "t02,t03", r["line"])
    # 表三 ↔ 表五: 基本支出 has no carry-over here, so 基本支出 agrees code by code.
    for r in t05.records:
        other = _code_row(t03, r["code"]) if r["code"] else t03_total
        if other is not None and has_value([cell(t05, r, "basic"), cell(t03, other, "basic")]):
            add(f"x.t03-t05.{r['code'] or 'total'}.basic", f"表三 {r['code']} {r['name']} 基本支出 = 表五".replace("  ", " "),
                cell(t03, other, "basic"), cell(t05, r, "basic"), "t03,t05",
                note="assumes 上年结转 funds no 基本支出")
    # 表四 ↔ 表一/表二: 财政拨款 income and carry-over.
    if t02_total is not None:
        r = _find(t04, "收入", "本年收入合计")
        if r is not None:
            add("x.t04-t02.current", "表四 本年收入合计 = 表二 合计 财政拨款(一般公共预算+政府性基金+国有资本经营预算)",
                cell(t04, r, "total"), Sum(tuple(cell(t02, t02_total, c) for c in APPROPRIATION_COLUMNS)), "t04,t02")
        r = _find(t04, "收入", "上年财政拨款结转")
        if r is not None:
            add("x.t04-t02.carried", "表四 上年财政拨款结转 = 表二 合计 上年结转", cell(t04, r, "total"),
                cell(t02, t02_total, "carried_over"), "t04,t02", note="assumes all 上年结转 is 财政拨款")
        for name, column in INCOME_SOURCES.items():
            r = _find(t04, "收入", name, "")
            if r is not None and column in APPROPRIATION_COLUMNS and has_value(
                    [cell(t04, r, "total"), cell(t02, t02_total, column)]):
                add(f"x.t04-t02.{column}", f"表四 收入 {name} = 表二 合计 {t02.columns[column]}",
                    cell(t04, r, "total"), cell(t02, t02_total, column), "t04,t02")
    r1, r4 = _find(t01, "收入", "收入总计"), _find(t04, "收入", "收入总计")
    if r1 is not None and r4 is not None and t02_total is not None:
        non_appropriation = Sum(tuple(cell(t02, t02_total, c) for c in ("special_account", "unit_funds")))
        add("x.t04-t01.grand", "表四 收入总计 = 表一 收入总计 − 财政专户管理资金 − 单位资金", cell(t04, r4, "total"),
            cell(t01, r1, "total") - non_appropriation, "t04,t01")
    for r in select(t04, lambda r: numbered(r["item"]), side="支出", group=""):
        name = strip_numbering(r["item"])
        left = cell(t04, r, "total")
        right = Sum(tuple(cell(t03, m, "total") for m in select(t03, level="类", name=name)))
        if left.raw is None and not has_value(right.cells()):
            continue
        add(f"x.t04-t03.{name}", f"表四 {r['item']} 小计 = 表三 {name} 合计", left, right, "t04,t03",
            note="assumes no 财政专户/单位资金 spending")
    # 表五 ↔ 表六, 表十一, 表十, 表十二, 表十三.
    if t05_total is not None and t06_total is not None:
        add("x.t05-t06.basic", "表五 基本支出 合计 = 表六 合计", cell(t05, t05_total, "basic"),
            cell(t06, t06_total, "total"), "t05,t06")
    t11_total = _total_row(t11)
    if t06_total is not None and t11_total is not None:
        add("x.t06-t11.public", "表六 公用经费 合计 = 表十一 机关运行经费 合计", cell(t06, t06_total, "public"),
            cell(t11, t11_total, "total"), "t06,t11")
    reception10 = first(select(t10, item="公务接待费"))
    if reception10 is not None:
        right = Sum(tuple(cell(t06, r, "total") for r in select(t06, dept_item="公务接待费")))
        add("x.t06-t10.reception", "表十 公务接待费 = 表六 公务接待费", cell(t10, reception10, "total"), right,
            "t06,t10")
    t12_total, t13_total = first(t12.records), first(t13.records)
    twelve = cell(t12, t12_total, "total") if t12_total is not None else Sum(())
    thirteen = cell(t13, t13_total, "total") if t13_total is not None else Sum(())
    if t05_total is not None:
        add("x.t05-t12.project", "表十二 合计 = 表五 项目支出 合计", twelve, cell(t05, t05_total, "project"), "t05,t12")
    if t02_total is not None:
        add("x.t13-t02.carried", "表十三 合计 = 表二 合计 上年结转", thirteen, cell(t02, t02_total, "carried_over"),
            "t13,t02")
    if t03_total is not None:
        add("x.t03-t12-t13.project", "表三 项目支出 合计 = 表十二 合计 + 表十三 合计", cell(t03, t03_total, "project"),
            twelve + thirteen, "t03,t12,t13")


def document_facts(book: CheckBook) -> None:
    d = book.d
    for table in d.tables.values():
        book.add_fact(f"{table.id}.unit", f"{label(table)} 单位名称 = 封面单位名称", table.unit_name == d.unit,
                      d.unit, table.unit_name, table.id, table.title_line)
        book.add_fact(f"{table.id}.amount_unit", f"{label(table)} 金额单位 = 表一 金额单位",
                      table.amount_unit == d.amount_unit, d.amount_unit, table.amount_unit, table.id, table.title_line)
    o = d.overview
    bodies, departments = o.facts.get("internal_bodies"), o.facts.get("departments")
    if bodies is not None:
        listed = o.listings.get("internal_bodies", ())
        book.add_fact("p1.internal_bodies", "第一部分 内设机构数 = 所列机构个数",
                      bodies == len(listed), bodies, len(listed), "", o.lines.get("internal_bodies"))
    if departments is not None and bodies is not None:
        book.add_fact("p1.departments", "第一部分 本单位职责“下设N个科室” = 机构设置“N个内设机构”",
                      departments == bodies, departments, bodies, "", o.lines.get("departments"))
    units = select(d.tables["t11"], level="单位")
    if units:
        names = [u["item"] for u in units]
        book.add_fact("t11.unit_row", "表十一 单位行 = 封面单位名称", d.unit in names, d.unit, "、".join(names), "t11",
                      units[0]["line"])


def run_checks(d: "Disclosure", tolerance: Decimal) -> list[Result]:
    book = CheckBook(d, tolerance)
    within_tables(book)
    across_tables(book)
    document_facts(book)
    seen: set[str] = set()
    for r in book.results:  # ids must be unique: they are how ledgers are compared over time
        base, n = r.id, 1
        while r.id in seen:
            n += 1
            r.id = f"{base}#{n}"
        seen.add(r.id)
        r.kind = "check"
    return book.results
